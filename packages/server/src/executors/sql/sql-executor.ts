/**
 * `sql` (alias `jdbc`, the original's name): runs the statement in the job's configuration,
 * with `:name` parameters bound from the request's arguments as real bind parameters, and
 * Grafana's range as `:__from`/`:__to` (epoch ms) and `:__from_ts`/`:__to_ts` (timestamps).
 * Result columns are typed from the driver's metadata. See docs/sql-executors.md.
 *
 * Without an `argSet`, the job accepts exactly the statement's parameters, each a required
 * string: any text is safe, as values never become SQL. With an `argSet`, each parameter must
 * get a value (an argument, a default or a fixed argument); this is checked before a request is
 * queued, so a forgotten one is a 400 naming it, not a database error.
 */
import { DEFAULT_MAX_LENGTH, type ArgumentSpecs } from '../../jobs/argument-spec.js';
import type { ExecutionContext, Executor, ExecutorDefinition, ExecutorEnvironment } from '../executor.js';
import { ConfigError } from '../../config/config-error.js';
import { bindParameters, isReservedParameter, isTimeRangeParameter, missingParameters, timeRangeValues } from './bind-parameters.js';
import { connectDatabase } from './connect-database.js';
import { parseNamedParameters, type ParsedStatement } from './named-parameters.js';
import { sqlConfigSchema, type SqlConfig } from './sql-config.js';
import { runStatement } from './statement-run.js';

export const sqlExecutor: ExecutorDefinition<SqlConfig> = {
  type: 'sql',
  aliases: ['jdbc'],
  description: 'runs the configured SQL statement on PostgreSQL, MySQL/MariaDB or SQLite, with :name parameters bound from the request',
  configSchema: sqlConfigSchema,
  create: createSqlExecutor,
};

export async function createSqlExecutor(config: SqlConfig, environment: ExecutorEnvironment): Promise<Executor> {
  const connected = await connectDatabase(config, environment, { confined: false });
  const dialect = connected.database.dialect;
  const statement = parseNamedParameters(config.statement, dialect);
  const problems = statementProblems(statement, `${environment.configPath}.config.statement`);
  if (problems.length > 0) {
    await connected.database.close();
    throw new ConfigError(problems);
  }
  const limits = { statementTimeoutSec: config.statementTimeoutSec, maxRows: config.maxRows, readOnly: config.readOnly, discardConnection: false };

  return {
    argumentSpecs: parameterSpecs(statement),
    checkArguments(args) {
      const taken = statement.parameters.filter((name) => isTimeRangeParameter(name) && name in args);
      return [
        ...missingParameters(statement, args),
        ...taken.map((name) => `argument "${name}" cannot be given: :${name} in the statement is Grafana's time range`),
      ];
    },
    async execute(context: ExecutionContext) {
      context.progress(0, `running the statement on ${connected.description}`);
      const values = { ...context.args, ...timeRangeValues(statement.parameters, context.timeRange) };
      return runStatement(connected, bindParameters(statement, values, dialect), limits, context);
    },
    close: () => connected.database.close(),
  };
}

function statementProblems(statement: ParsedStatement, key: string): string[] {
  const problems: string[] = [];
  if (statement.positional.length > 0) {
    problems.push(`${key}: uses positional placeholders (${[...new Set(statement.positional)].join(', ')}); name each parameter instead, as in WHERE region = :region`);
  }
  if (statement.severalStatements) problems.push(`${key}: holds more than one statement; a job runs exactly one (use a view or a procedure, or one job per statement)`);
  const reserved = statement.parameters.filter(isReservedParameter);
  if (reserved.length > 0) {
    problems.push(`${key}: parameter names starting with __ are reserved (${reserved.map((name) => `:${name}`).join(', ')}); the time range is :__from, :__to, :__from_ts and :__to_ts`);
  }
  return problems;
}

/** Without an argSet, the job takes exactly its parameters, each a required string. */
function parameterSpecs(statement: ParsedStatement): ArgumentSpecs {
  return Object.fromEntries(
    statement.parameters
      .filter((name) => !isTimeRangeParameter(name))
      .map((name) => [name, { type: 'string', description: `bound to :${name} in the statement`, required: true, multiple: false, maxLength: DEFAULT_MAX_LENGTH }]),
  );
}
