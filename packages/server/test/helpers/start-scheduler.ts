/**
 * Starts a real Scheduler on a loopback port with its SQLite store in a fresh temp folder, and
 * gives tests a small HTTP client for it. One helper for every test that needs a server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildConfig } from '../../src/config/load-config.js';
import { createScheduler, type Scheduler } from '../../src/scheduler.js';

export interface TestScheduler {
  url: string;
  scheduler: Scheduler;
  dataDir: string;
  /** POSTs JSON as the given Grafana user (no header when user is undefined). */
  post(route: string, body: unknown, options?: RequestOptions): Promise<TestResponse>;
  get(route: string, options?: RequestOptions): Promise<TestResponse>;
  /** POST /scheduler/query with one target in the original's `data` form. */
  query(job: string, data: Record<string, unknown>, options?: RequestOptions): Promise<TestResponse>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface RequestOptions {
  user?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // Tests inspect answers of many shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface StartOptions {
  /** Config tree merged over the defaults (jobs, limits…). */
  config?: Record<string, unknown>;
  /** Reuse a data folder (restart tests). */
  dataDir?: string;
}

/** Servers are silent unless SCHEDULER_TEST_LOG_LEVEL asks otherwise (debug, to see why a test failed). */
const TEST_LOG_LEVEL = process.env.SCHEDULER_TEST_LOG_LEVEL ?? 'silent';

export async function startScheduler(options: StartOptions = {}): Promise<TestScheduler> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'scheduler-test-')));
  const config = buildConfig({
    server: { port: 0, host: '127.0.0.1' },
    cacheSqliteConfig: { path: dataDir },
    logLevel: TEST_LOG_LEVEL,
    jobsConfigList: [{ name: 'demo', type: 'dummy' }],
    ...options.config,
  });
  const scheduler = await createScheduler(config, pino({ level: TEST_LOG_LEVEL }, pino.destination(2)));
  const { url } = await scheduler.start();

  const send = async (method: string, route: string, body: unknown, requestOptions: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    if (requestOptions.user !== undefined) headers['X-Grafana-User'] = requestOptions.user;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${url}${route}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: tests read .text
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  return {
    url,
    scheduler,
    dataDir,
    post: (route, body, requestOptions) => send('POST', route, body, requestOptions),
    get: (route, requestOptions) => send('GET', route, undefined, requestOptions),
    query: (job, data, requestOptions) => send('POST', '/scheduler/query', { targets: [{ refId: 'A', target: job, data }] }, requestOptions),
    async stop(stopOptions = {}) {
      await scheduler.stop();
      if (!stopOptions.keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The rows of a status table answer as objects keyed by column name. */
export function statusRows(answer: Array<{ columns: Array<{ text: string }>; rows: unknown[][] }>): Array<Record<string, unknown>> {
  const table = answer[0]!;
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column.text, row[index]])));
}
