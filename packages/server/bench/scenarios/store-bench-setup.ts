/**
 * What the store scenarios share: databases of their own on the local MySQL/MariaDB and
 * PostgreSQL servers (created at the start, dropped at the end with everything in them), a
 * Scheduler whose job `rows` produces the bench's result (store-bench-rows.ts), storing that
 * result through a submit, and the raw yardsticks run as child processes (store-raw-paths.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Request } from '../../src/domain.js';
import { JSON_HEADERS, QUERY_PATH, sleep, startBenchScheduler, type BenchServer } from '../harness.js';
import type { RawFigures, RawJob } from './store-raw-paths.js';

const MYSQL_SERVER = 'mysql://root@127.0.0.1:3306';
const POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432';
const ROWS_MODULE = fileURLToPath(new URL('./store-bench-rows.ts', import.meta.url));
const RAW_SCRIPT = fileURLToPath(new URL('./store-raw-paths.ts', import.meta.url));

export interface BenchDatabases {
  mysqlUrl: string;
  postgresUrl: string;
  /** Drops both databases and every table the bench made in them. */
  drop(): Promise<void>;
}

/** A database per server, named after this process so two benches never share one. */
export async function createBenchDatabases(): Promise<BenchDatabases> {
  const name = `scheduler_bench_${process.pid}`;
  const mysqlAdmin = await mysql.createConnection(`${MYSQL_SERVER}/mysql`);
  const postgresAdmin = new pg.Client({ connectionString: `${POSTGRES_SERVER}/postgres` });
  await postgresAdmin.connect();
  const drop = async () => {
    await mysqlAdmin.query(`drop database if exists \`${name}\``);
    // WITH (FORCE): a pool the bench failed to close must not keep the database alive.
    await postgresAdmin.query(`drop database if exists "${name}" with (force)`);
  };
  await drop();
  await mysqlAdmin.query(`create database \`${name}\` character set utf8mb4`);
  await postgresAdmin.query(`create database "${name}"`);
  return {
    mysqlUrl: `${MYSQL_SERVER}/${name}`,
    postgresUrl: `${POSTGRES_SERVER}/${name}`,
    async drop() {
      try {
        await drop();
      } finally {
        await mysqlAdmin.end();
        await postgresAdmin.end();
      }
    },
  };
}

/** Scheduler on the given store (SQLite in a temp folder without one) with the job `rows`. */
export function startRowsScheduler(storeUrl: string | undefined, rows: number): Promise<BenchServer> {
  return startBenchScheduler({
    ...(storeUrl ? { store: { url: storeUrl } } : {}),
    jobsConfigList: [{ name: 'rows', type: 'module', config: { module: ROWS_MODULE, rows } }],
  });
}

/** A submit of the job `rows` (always a new run), waited for until it is finished; timed from the submit. */
export async function storeRowsResult(server: BenchServer): Promise<{ request: Request | undefined; sec: number }> {
  const started = performance.now();
  const body = JSON.stringify({ targets: [{ refId: 'A', target: 'rows', data: { type: 'submit', rerun: true } }] });
  const response = await fetch(`${server.url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body });
  const [table] = (await response.json()) as Array<{ columns: Array<{ text: string }>; rows: unknown[][] }>;
  const id = String(table?.rows[0]?.[table.columns.findIndex((column) => column.text === 'Request ID')]);
  let request: Request | undefined;
  for (;;) {
    request = await server.scheduler.store.getRequest(id);
    if (!request || (request.state !== 'queued' && request.state !== 'running')) break;
    await sleep(10);
  }
  return { request, sec: (performance.now() - started) / 1000 };
}

/** Runs a yardstick in a child process of its own. */
export function runRaw(job: RawJob): Promise<RawFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RAW_SCRIPT, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${job.kind} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout) as RawFigures);
    });
  });
}

/** Scheduler against a raw path over alternating rounds: rows/s of each, and their ratio overall and per round. */
export interface RoundsAgainstRaw {
  schedulerRowsPerSec: number;
  schedulerSecPerRound: number[];
  rawRowsPerSec: number;
  rawSecPerRound: number[];
  ratio: number;
  ratioPerRound: number[];
}

export function roundsAgainstRaw(rowsPerRound: number, schedulerSecPerRound: number[], rawSecPerRound: number[]): RoundsAgainstRaw {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const rows = rowsPerRound * schedulerSecPerRound.length;
  return {
    schedulerRowsPerSec: rows / sum(schedulerSecPerRound),
    schedulerSecPerRound,
    rawRowsPerSec: rows / sum(rawSecPerRound),
    rawSecPerRound,
    ratio: sum(rawSecPerRound) / sum(schedulerSecPerRound),
    ratioPerRound: schedulerSecPerRound.map((sec, round) => rawSecPerRound[round]! / sec),
  };
}
