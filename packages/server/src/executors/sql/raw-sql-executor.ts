/**
 * `raw_sql` (alias `raw_jdbc`, the original's name): runs the SQL text a request sends as its
 * `sql` argument. It is off unless the job sets `enabled: true`, and read-only unless the job
 * sets `readOnly: false`: the database itself refuses writes (a read-only transaction and
 * session in PostgreSQL and MySQL/MariaDB, a read-only connection with `query_only` in SQLite).
 * One statement per request; Grafana's range may be used as `:__from`, `:__to`, `:__from_ts`,
 * `:__to_ts`, and any other `:name` is left for the database to read. See docs/sql-executors.md.
 */
import type { ExecutionContext, Executor, ExecutorDefinition, ExecutorEnvironment } from '../executor.js';
import { bindParameters, onlyTimeRangeParameters, timeRangeValues } from './bind-parameters.js';
import { connectDatabase } from './connect-database.js';
import { parseNamedParameters } from './named-parameters.js';
import { rawSqlConfigSchema, type RawSqlConfig } from './sql-config.js';
import { runStatement } from './statement-run.js';

export const rawSqlExecutor: ExecutorDefinition<RawSqlConfig> = {
  type: 'raw_sql',
  aliases: ['raw_jdbc'],
  description: 'runs the SQL text a request sends (argument sql) on PostgreSQL, MySQL/MariaDB or SQLite; read-only unless configured otherwise',
  configSchema: rawSqlConfigSchema,
  argumentSpecs: (config) => ({
    sql: { type: 'string', description: 'the SQL statement to run (one statement)', required: true, multiple: false, multiline: true, maxLength: config.maxSqlLength },
  }),
  create: createRawSqlExecutor,
};

export async function createRawSqlExecutor(config: RawSqlConfig, environment: ExecutorEnvironment): Promise<Executor> {
  const connected = await connectDatabase(config, environment, { confined: true });
  const dialect = connected.database.dialect;
  if (!config.readOnly) {
    environment.log.warn({ job: environment.jobName }, 'raw_sql job with readOnly: false: any dashboard user who may run it can change or delete data');
  }
  const limits = { statementTimeoutSec: config.statementTimeoutSec, maxRows: config.maxRows, readOnly: config.readOnly, discardConnection: !config.readOnly };

  return {
    checkArguments(args) {
      if (typeof args.sql !== 'string') return ['argument "sql" must be the SQL text of one statement'];
      if (parseNamedParameters(args.sql, dialect).severalStatements) {
        return ['argument "sql" holds more than one statement; send one statement per request'];
      }
      return [];
    },
    async execute(context: ExecutionContext) {
      const statement = onlyTimeRangeParameters(parseNamedParameters(String(context.args.sql), dialect));
      if (statement.severalStatements) throw new Error('the SQL holds more than one statement; send one statement per request');
      context.progress(0, `running the statement on ${connected.description}`);
      const bound = bindParameters(statement, timeRangeValues(statement.parameters, context.timeRange), dialect);
      return runStatement(connected, bound, limits, context);
    },
    close: () => connected.database.close(),
  };
}
