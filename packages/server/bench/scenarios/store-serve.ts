/**
 * Issue 4, serving a big stored result: the job `rows` (BENCH_STORE_ROWS rows × 6 columns, default
 * 1,000,000; store-bench-rows.ts) is submitted and stored once per dialect — SQLite, MySQL/MariaDB,
 * PostgreSQL — then fetched through the Grafana query endpoint (POST /scheduler/query, a `get`
 * target), timed until the client has read the whole answer. The yardstick, in the same rounds: a
 * plain script's SELECT of the same table's columns in row order, all rows as arrays, plus
 * JSON.stringify of them (store-raw-paths.ts, a child process). Target: ≥ 0.7× its speed.
 *
 * Memory: this process's RSS (the server runs in it) sampled every 50 ms while the answer is
 * read; the figure is the peak minus the RSS just before the request, the largest over the
 * rounds. Target: < 200 MB. The client reads the answer as a stream and keeps only its ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request } from '../../src/domain.js';
import { check, inAlternatingOrder, JSON_HEADERS, QUERY_PATH, type BenchServer, type Check } from '../harness.js';
import { createBenchDatabases, roundsAgainstRaw, runRaw, startRowsScheduler, storeRowsResult, type RoundsAgainstRaw } from './store-bench-setup.js';
import { resultRows, rowsJsonLength } from './store-bench-rows.js';

export const SERVE_RATIO_TARGET = 0.7;
export const SERVE_RSS_GROWTH_MB_TARGET = 200;
const MB = 1_000_000;
const RSS_SAMPLE_MS = 50;
/** How much of the answer's start and end the client keeps, to check it. */
const KEPT_CHARS = 4096;

export interface DialectServeFigures extends RoundsAgainstRaw {
  /** Submit → stored, once (not a target here: store-servers and store-sqlite measure writes). */
  storeSec: number;
  answerBytes: number;
  /** Peak RSS while serving minus RSS just before, the largest over the rounds. */
  rssGrowthMB: number;
  rssBeforeMB: number;
}

export interface StoreServeFigures {
  rows: number;
  rounds: number;
  sqlite: DialectServeFigures;
  mysql: DialectServeFigures;
  postgres: DialectServeFigures;
}

type Dialect = 'sqlite' | 'mysql' | 'postgres';

interface Served {
  sec: number;
  bytes: number;
  head: string;
  tail: string;
  rssBefore: number;
  rssPeak: number;
}

/** POSTs a `get` of the stored result and reads the answer to its end, sampling this process's RSS. */
async function serveOnce(server: BenchServer): Promise<Served> {
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), RSS_SAMPLE_MS);
  const started = performance.now();
  try {
    const body = JSON.stringify({ targets: [{ refId: 'A', target: 'rows', data: { type: 'get' } }] });
    const response = await fetch(`${server.url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body });
    if (!response.ok || !response.body) throw new Error(`get answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const decoder = new TextDecoder();
    let bytes = 0;
    let head = '';
    let tail = '';
    for await (const piece of response.body) {
      bytes += piece.byteLength;
      const text = decoder.decode(piece, { stream: true });
      if (head.length < KEPT_CHARS) head += text.slice(0, KEPT_CHARS - head.length);
      tail = (tail + text).slice(-KEPT_CHARS);
    }
    return { sec: (performance.now() - started) / 1000, bytes, head, tail, rssBefore, rssPeak: Math.max(rssPeak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}

/** The answer is the whole result: its first row where the rows start, its last row at the end, and not a byte more or less. */
function answerProblem(served: Served, rows: number, rowsChars: number): string | null {
  const first = [...resultRows(1)][0]!;
  let last = first;
  for (const row of resultRows(rows)) last = row;
  const start = served.head.indexOf('"rows":[');
  if (start < 0) return `no rows in the answer: ${served.head.slice(0, 200)}`;
  if (!served.head.startsWith(JSON.stringify(first), start + 8)) return `first row: ${served.head.slice(start, start + 200)}`;
  if (!served.tail.endsWith(`${JSON.stringify(last)}]}]`)) return `last row: ${served.tail.slice(-200)}`;
  const expected = start + 7 + rowsChars + 2;
  return served.bytes === expected ? null : `${served.bytes} bytes, expected ${expected}`;
}

async function measureDialect(dialect: Dialect, url: string, rows: number, rounds: number, rowsChars: number, checks: Check[]): Promise<DialectServeFigures> {
  const server = await startRowsScheduler(url, rows);
  try {
    const stored = await storeRowsResult(server);
    const request: Request | undefined = stored.request;
    checks.push(check(`serve ${dialect}: the result stored`, request?.state === 'complete' && request.rowCount === rows, `${request?.state ?? 'no request'} ${request?.error ?? ''}, ${request?.rowCount} rows`));
    const table = request?.resultTable ?? '';
    const columns = request?.resultColumns?.map((column) => column.sqlName) ?? [];
    const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : '';
    const rawSec: number[] = [];
    const served: Served[] = [];
    const measureRaw = async () => {
      const figures = await runRaw(dialect === 'sqlite' ? { kind: 'sqlite-select', file, table, columns } : { kind: `${dialect}-select`, url, table, columns });
      rawSec.push(figures.sec);
      if (rawSec.length === 1) checks.push(check(`serve ${dialect}: the raw SELECT read every row`, figures.rows === rows, `${figures.rows} of ${rows}`));
    };
    const measureServe = async () => {
      const once = await serveOnce(server);
      served.push(once);
      const problem = answerProblem(once, rows, rowsChars);
      checks.push(check(`serve ${dialect}, round ${served.length}: the answer holds every row`, problem === null, problem ?? ''));
    };
    for (let round = 0; round < rounds; round++) {
      await inAlternatingOrder(round, measureRaw, measureServe);
    }
    const worst = served.reduce((most, once) => (once.rssPeak - once.rssBefore > most.rssPeak - most.rssBefore ? once : most));
    return {
      storeSec: stored.sec,
      answerBytes: served[0]?.bytes ?? 0,
      ...roundsAgainstRaw(rows, served.map((once) => once.sec), rawSec),
      rssGrowthMB: (worst.rssPeak - worst.rssBefore) / MB,
      rssBeforeMB: worst.rssBefore / MB,
    };
  } finally {
    await server.stop();
  }
}

export async function storeServe(settings: { rows: number; rounds: number }): Promise<{ figures: StoreServeFigures; checks: Check[] }> {
  const { rows, rounds } = settings;
  const rowsChars = rowsJsonLength(rows);
  const checks: Check[] = [];
  const sqliteDir = await mkdtemp(path.join(tmpdir(), 'scheduler-bench-serve-'));
  const databases = await createBenchDatabases();
  try {
    const sqlite = await measureDialect('sqlite', `sqlite:${path.join(sqliteDir, 'serve.db')}`, rows, rounds, rowsChars, checks);
    const mysql = await measureDialect('mysql', databases.mysqlUrl, rows, rounds, rowsChars, checks);
    const postgres = await measureDialect('postgres', databases.postgresUrl, rows, rounds, rowsChars, checks);
    return { figures: { rows, rounds, sqlite, mysql, postgres }, checks };
  } finally {
    await databases.drop();
    await rm(sqliteDir, { recursive: true, force: true });
  }
}
