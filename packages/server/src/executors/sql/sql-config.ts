/**
 * The keys of `sql` and `raw_sql` jobs under `jobsConfigList[N].config`. Both connect the same
 * way (the original's `url`, `user`, `password`, `driver`, `databaseName`) and share the limits;
 * `sql` adds its `statement`, `raw_sql` its switch `enabled`. See docs/sql-executors.md.
 *
 * `url` is only checked to be text here: it may carry a password, and the generic problem lines
 * would print it. It is parsed when the executor is created, where messages leave it out.
 */
import { z } from 'zod';
import { booleanSetting, numberSetting, optional, textSetting, withDefault } from '../../config/setting-schemas.js';

/** A few connections per job: enough for concurrent panels, few enough to share a server. */
export const DEFAULT_POOL_SIZE = 4;
/** Long enough for a remote database over a slow link; a dead host fails the start within it. */
export const DEFAULT_CONNECT_TIMEOUT_SEC = 10;
/** Grafana's data proxy gives up after 30 s: a statement running longer only wastes the server. */
export const DEFAULT_STATEMENT_TIMEOUT_SEC = 30;
/** More rows than any panel can show; a statement returning more is almost always a mistake. */
export const DEFAULT_MAX_ROWS = 100_000;
/** Room for any hand-written query, small enough that nobody ships data through the SQL text. */
export const DEFAULT_MAX_SQL_LENGTH = 100_000;

const connectionShape = {
  url: textSetting({ expected: 'a database URL such as jdbc:postgresql://HOST:5432/DB, mysql://HOST:3306/DB or sqlite:PATH', pattern: /\S/ }),
  user: optional(textSetting()),
  password: optional(textSetting()),
  /** The original's JDBC driver class: checked against the URL, not needed. */
  driver: optional(textSetting({ expected: 'a JDBC driver class name such as org.postgresql.Driver' })),
  /** The database when the URL names none (the original's `cacheJdbcConfig.databaseName`). */
  databaseName: optional(textSetting()),
  poolSize: withDefault(numberSetting({ integer: true, min: 1, max: 100 }), DEFAULT_POOL_SIZE),
  connectTimeoutSec: withDefault(numberSetting({ above: 0, max: 300 }), DEFAULT_CONNECT_TIMEOUT_SEC),
  statementTimeoutSec: withDefault(numberSetting({ above: 0, max: 86_400 }), DEFAULT_STATEMENT_TIMEOUT_SEC),
  maxRows: withDefault(numberSetting({ integer: true, min: 1, max: 100_000_000 }), DEFAULT_MAX_ROWS),
};

export const sqlConfigSchema = z
  .object({
    ...connectionShape,
    statement: textSetting({ expected: 'the SQL statement to run, with :name parameters', pattern: /\S/ }),
    // The statement is the administrator's own: it may call a procedure that writes.
    readOnly: withDefault(booleanSetting(), false),
  })
  .strict();

export const rawSqlConfigSchema = z
  .object({
    ...connectionShape,
    enabled: optional(booleanSetting()),
    readOnly: withDefault(booleanSetting(), true),
    maxSqlLength: withDefault(numberSetting({ integer: true, min: 1, max: 10_000_000 }), DEFAULT_MAX_SQL_LENGTH),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.enabled !== true) {
      context.addIssue({
        code: 'custom',
        path: ['enabled'],
        message: 'a raw_sql job runs SQL text sent by dashboards, so it is off until enabled: true is set (keep readOnly: true and use a database user that may only read)',
      });
    }
  });

export type SqlConfig = z.output<typeof sqlConfigSchema>;
export type RawSqlConfig = z.output<typeof rawSqlConfigSchema>;
/** What both job types share: where the database is and the limits of one statement. */
export type SqlConnectionConfig = Pick<SqlConfig, keyof typeof connectionShape> & { readOnly: boolean };
