/** The two SQL executor types, for the registry: `sql` (`jdbc`) and `raw_sql` (`raw_jdbc`). */
export { rawSqlExecutor } from './raw-sql-executor.js';
export { sqlExecutor } from './sql-executor.js';
