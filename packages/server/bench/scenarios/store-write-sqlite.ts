/**
 * Issue 4, storing a result in the embedded SQLite store: a submit of the job `rows` (BENCH_STORE_ROWS
 * rows × 6 columns, default 1,000,000; store-bench-rows.ts) to a Scheduler on its default SQLite
 * store, timed from the submit until the request is complete — its rows in a result table —
 * against the raw yardstick: better-sqlite3 in this process, one prepared single-row INSERT run
 * for every row in one transaction, into a table of the same shape in a fresh database file with
 * the store's own settings (WAL, synchronous NORMAL), timed from the first row to the commit.
 *
 * Each round measures both once, in alternating order; the ratio is Scheduler's rows/s over the
 * yardstick's, over all rounds and per round. Target: ≥ 0.7×.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tuneSqliteConnection } from '../product.js';
import { check, inAlternatingOrder, type Check } from '../harness.js';
import { RESULT_COLUMNS, resultRows } from './store-bench-rows.js';
import { roundsAgainstRaw, startRowsScheduler, storeRowsResult, type RoundsAgainstRaw } from './store-bench-setup.js';

export const STORE_SQLITE_RATIO_TARGET = 0.7;

export interface StoreWriteSqliteFigures extends RoundsAgainstRaw {
  rows: number;
  rounds: number;
}

const EXPECTED_TYPES = RESULT_COLUMNS.map((column) => column.type).join(',');

/** The yardstick: a fresh database file, one prepared INSERT per row, one transaction. */
function rawInsert(folder: string, round: number, rows: number): number {
  const database = new Database(path.join(folder, `raw-${round}.db`));
  try {
    tuneSqliteConnection(database);
    database.exec('create table raw (scheduler_row integer primary key, "time" bigint, "id" double precision, "count" double precision, "value" double precision, "label" text, "ok" boolean)');
    const insert = database.prepare('insert into raw values (?, ?, ?, ?, ?, ?, ?)');
    const started = performance.now();
    database.exec('begin');
    let position = 0;
    for (const row of resultRows(rows)) {
      insert.run(position++, row[0], row[1], row[2], row[3], row[4], row[5] ? 1 : 0);
    }
    database.exec('commit');
    return (performance.now() - started) / 1000;
  } finally {
    database.close();
  }
}

export async function storeWriteSqlite(settings: { rows: number; rounds: number }): Promise<{ figures: StoreWriteSqliteFigures; checks: Check[] }> {
  const { rows, rounds } = settings;
  const folder = await mkdtemp(path.join(tmpdir(), 'scheduler-bench-sqlite-raw-'));
  const server = await startRowsScheduler(undefined, rows);
  const checks: Check[] = [];
  const schedulerSec: number[] = [];
  const rawSec: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const measureScheduler = async () => {
        const { request, sec } = await storeRowsResult(server);
        schedulerSec.push(sec);
        const types = request?.resultColumns?.map((column) => column.type).join(',');
        checks.push(
          check(
            `store sqlite, round ${round + 1}: the result stored whole`,
            request?.state === 'complete' && request.rowCount === rows && types === EXPECTED_TYPES,
            `${request?.state ?? 'no request'} ${request?.error ?? ''}, ${request?.rowCount} rows of ${rows}, types ${types}`,
          ),
        );
        if (request?.resultTable) await server.scheduler.store.dropResult(request.resultTable);
      };
      const measureRaw = async () => {
        rawSec.push(rawInsert(folder, round, rows));
        await rm(path.join(folder, `raw-${round}.db`), { force: true });
      };
      await inAlternatingOrder(round, measureRaw, measureScheduler);
    }
  } finally {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  }
  return { figures: { rows, rounds, ...roundsAgainstRaw(rows, schedulerSec, rawSec) }, checks };
}
