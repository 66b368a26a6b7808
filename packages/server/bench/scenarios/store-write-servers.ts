/**
 * Issue 4, storing a result on the database servers: a submit of the job `rows` (BENCH_STORE_ROWS
 * rows × 6 columns, default 1,000,000; store-bench-rows.ts) to a Scheduler whose store is MySQL/
 * MariaDB or PostgreSQL, timed from the submit until the request is complete — its rows in a
 * result table — against the fastest raw driver path a plain script has for the same rows into a
 * table of the same shape (store-raw-paths.ts, a child process, timed once connected).
 *
 * MySQL: LOAD DATA LOCAL INFILE fed from a stream is the yardstick (it beat multi-row INSERTs
 * 1.6–2.4× here); the raw multi-row INSERT path is measured once after the rounds, to show it
 * still does (once, to keep the scenario short). PostgreSQL: COPY through pg-copy-streams. Each
 * round measures Scheduler and the yardstick once, in alternating order; every table is dropped
 * once timed. The ratio is Scheduler's rows/s over the yardstick's, over all rounds and per
 * round. Target: ≥ 0.8×.
 */
import type { StoredColumn } from '../../src/domain.js';
import { check, inAlternatingOrder, type Check } from '../harness.js';
import { createBenchDatabases, roundsAgainstRaw, runRaw, startRowsScheduler, storeRowsResult, type RoundsAgainstRaw } from './store-bench-setup.js';
import type { RawWrite } from './store-raw-paths.js';

export const STORE_WRITE_RATIO_TARGET = 0.8;

export interface RawPathFigures {
  name: string;
  rowsPerSec: number;
  secPerRound: number[];
}

/** Scheduler against the fastest raw path (the `raw…` figures), and the other raw paths. */
export interface DialectWriteFigures extends RoundsAgainstRaw {
  /** The fastest raw path, the one the ratio is against. */
  yardstick: string;
  /** Other raw paths, measured once after the rounds. */
  others: RawPathFigures[];
}

export interface StoreWriteServersFigures {
  rows: number;
  rounds: number;
  mysql: DialectWriteFigures;
  postgres: DialectWriteFigures;
}

type Dialect = 'mysql' | 'postgres';

/** The yardstick first, then paths measured once after the rounds. */
const RAW_PATHS: Record<Dialect, Array<{ name: string; kind: RawWrite['kind'] }>> = {
  mysql: [
    { name: 'LOAD DATA LOCAL INFILE (mysql2 stream)', kind: 'mysql-load' },
    { name: 'multi-row INSERT, 2,000 rows (mysql2)', kind: 'mysql-insert' },
  ],
  postgres: [{ name: 'COPY FROM STDIN (pg-copy-streams)', kind: 'postgres-copy' }],
};

const EXPECTED_TYPES = 'time,number,number,number,string,boolean';

async function measureDialect(dialect: Dialect, url: string, rows: number, rounds: number, checks: Check[]): Promise<DialectWriteFigures> {
  const server = await startRowsScheduler(url, rows);
  const schedulerSec: number[] = [];
  const rawSec = RAW_PATHS[dialect].map(() => [] as number[]);
  try {
    for (let round = 0; round < rounds; round++) {
      const measureScheduler = async () => {
        const { request, sec } = await storeRowsResult(server);
        schedulerSec.push(sec);
        const types = request?.resultColumns?.map((column: StoredColumn) => column.type).join(',');
        checks.push(
          check(`store ${dialect}, round ${round + 1}: the result stored whole`, request?.state === 'complete' && request.rowCount === rows && types === EXPECTED_TYPES, `${request?.state ?? 'no request'} ${request?.error ?? ''}, ${request?.rowCount} rows of ${rows}, types ${types}`),
        );
        if (request?.resultTable) await server.scheduler.store.dropResult(request.resultTable);
      };
      const measureRaw = async () => {
        const figures = await runRaw({ kind: RAW_PATHS[dialect][0]!.kind, url, table: `raw_${round}`, rows });
        rawSec[0]!.push(figures.sec);
      };
      await inAlternatingOrder(round, measureRaw, measureScheduler);
    }
    for (const [index, path] of RAW_PATHS[dialect].entries()) {
      if (index > 0) rawSec[index]!.push((await runRaw({ kind: path.kind, url, table: `raw_other_${index}`, rows })).sec);
    }
  } finally {
    await server.stop();
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const others = RAW_PATHS[dialect].slice(1).map((path, index): RawPathFigures => {
    const secPerRound = rawSec[index + 1]!;
    return { name: path.name, rowsPerSec: (rows * secPerRound.length) / sum(secPerRound), secPerRound };
  });
  return { ...roundsAgainstRaw(rows, schedulerSec, rawSec[0]!), yardstick: RAW_PATHS[dialect][0]!.name, others };
}

export async function storeWriteServers(settings: { rows: number; rounds: number }): Promise<{ figures: StoreWriteServersFigures; checks: Check[] }> {
  const databases = await createBenchDatabases();
  const checks: Check[] = [];
  try {
    const mysql = await measureDialect('mysql', databases.mysqlUrl, settings.rows, settings.rounds, checks);
    const postgres = await measureDialect('postgres', databases.postgresUrl, settings.rows, settings.rounds, checks);
    return { figures: { rows: settings.rows, rounds: settings.rounds, mysql, postgres }, checks };
  } finally {
    await databases.drop();
  }
}
