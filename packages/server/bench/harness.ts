/**
 * What every bench scenario shares: a real Scheduler on a loopback port (SQLite in a fresh temp
 * folder, silent logs), the Grafana query bodies it is sent, the correctness checks a run records,
 * and writing the figures to bench/results/.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { SchedulerConfig } from '../src/config/scheduler-config.js';
import type { Scheduler } from '../src/scheduler.js';
import { buildConfig, createScheduler } from './product.js';

export interface BenchServer {
  url: string;
  scheduler: Scheduler;
  /** The validated configuration the server runs with. */
  config: SchedulerConfig;
  /** The folder of the server's SQLite store. */
  dataDir: string;
  /** Resolves once nothing is queued or running (polls GET /health). */
  waitUntilIdle(timeoutMs?: number): Promise<void>;
  /**
   * Stops the server and removes its data; by default after waiting until idle. With
   * `waitUntilIdle: false` it stops at once: executions under way are aborted and whatever is
   * still queued is thrown away with the temporary store.
   */
  stop(options?: { waitUntilIdle?: boolean }): Promise<void>;
}

/**
 * Starts Scheduler with one `dummy` job named `demo` (unless `jobsConfigList` is overridden),
 * and limits high enough never to refuse load. An override set to `undefined` removes the key,
 * so the server's own default applies (e.g. `maxConcurrentJobs: undefined` → the CPU count).
 */
export async function startBenchScheduler(overrides: Record<string, unknown> = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scheduler-bench-'));
  const tree: Record<string, unknown> = {
    server: { port: 0, host: '127.0.0.1' },
    cacheSqliteConfig: { path: dataDir },
    logLevel: 'silent',
    maxConcurrentJobs: 64,
    maxQueuedRequests: 100_000,
    jobsConfigList: [{ name: 'demo', type: 'dummy' }],
    ...overrides,
  };
  for (const [key, value] of Object.entries(tree)) if (value === undefined) delete tree[key];
  const config = buildConfig(tree);
  const scheduler = await createScheduler(config, pino({ level: 'silent' }));
  const { url } = await scheduler.start();
  const waitUntilIdle = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const health = (await (await fetch(`${url}/health`)).json()) as { queue: { queued: number; running: number } };
      if (health.queue.queued + health.queue.running === 0) return;
      if (Date.now() > deadline) throw new Error(`requests still queued or running after ${timeoutMs} ms: ${JSON.stringify(health.queue)}`);
      await sleep(20);
    }
  };
  return {
    url,
    scheduler,
    config,
    dataDir,
    waitUntilIdle,
    async stop({ waitUntilIdle: wait = true } = {}) {
      // Stopping aborts executions under way: unless told otherwise, the bench stops only a
      // server whose work is done.
      if (wait) await waitUntilIdle();
      await scheduler.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The body of POST /scheduler/query with one target in the original's `data` form. */
export function queryBody(type: 'run' | 'submit' | 'get' | 'status', args: Record<string, unknown>, job = 'demo'): string {
  return JSON.stringify({ targets: [{ refId: 'A', target: job, data: { type, args } }] });
}

/** POSTs a query body and returns the answer's status and text, throwing on a non-2xx. */
export async function postQuery(baseUrl: string, body: string): Promise<string> {
  const response = await fetch(`${baseUrl}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${QUERY_PATH}: ${text.slice(0, 300)}`);
  return text;
}

export const QUERY_PATH = '/scheduler/query';
export const JSON_HEADERS = { 'content-type': 'application/json' };

/** One correctness check; a failed one makes the bench exit non-zero. Speed never does. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The q-quantile (0..1) of some values, by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** Rounds for the report: whole numbers above 100, two decimals below. */
export function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** Writes `results/<name>` through a `.tmp` file (git-ignored), so a reader never sees half a file. */
export async function writeResults(name: string, figures: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await writeFile(`${file}.tmp`, `${JSON.stringify(figures, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

/** A plain text table: the first row is the header, columns padded to their widest cell. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * Runs both measurements of one round, first `a` then `b` on even rounds and the other way on odd
 * ones, so neither side always runs right after the other's disk writes or warm caches.
 */
export async function inAlternatingOrder(round: number, a: () => Promise<void>, b: () => Promise<void>): Promise<void> {
  const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
  await first();
  await second();
}
