/**
 * The server as users run it: the JavaScript `npm run build` writes to dist/, which `npm start`
 * and `bin/scheduler` run. The bench itself runs through tsx, whose transform wraps every
 * function it makes in a naming helper (esbuild's keepNames): measured through it, a run cost a
 * few percent more than it does in the product. `npm run bench` builds first.
 *
 * Each export has the type of its TypeScript source; the value comes from dist/.
 */
import type * as LoadConfig from '../src/config/load-config.js';
import type * as ProcessConfig from '../src/executors/process/process-config.js';
import type * as Scheduler from '../src/scheduler.js';
import type * as ResultColumnNames from '../src/store/result-column-names.js';
import type * as SqliteStore from '../src/store/sqlite-store.js';
import type * as CsvTable from '../src/tables/csv-table.js';

async function built<Module>(sourcePath: string): Promise<Module> {
  const url = new URL(`../dist/${sourcePath}`, import.meta.url);
  try {
    return (await import(url.href)) as Module;
  } catch (error) {
    throw new Error(`the bench runs the built server, and ${url.pathname} did not load (run npm run build): ${(error as Error).message}`, { cause: error });
  }
}

export const { buildConfig } = await built<typeof LoadConfig>('config/load-config.js');
export const { createScheduler } = await built<typeof Scheduler>('scheduler.js');
export const { csvToTable } = await built<typeof CsvTable>('tables/csv-table.js');
export const { tuneSqliteConnection, SQLITE_FILE_NAME } = await built<typeof SqliteStore>('store/sqlite-store.js');
export const { ROW_ORDER_COLUMN } = await built<typeof ResultColumnNames>('store/result-column-names.js');
export const { DEFAULT_INHERITED_ENV } = await built<typeof ProcessConfig>('executors/process/process-config.js');
