/**
 * The configuration `npm start` uses works offline, every job of it: what a newcomer tries first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killHard, startSchedulerProcess, type RunningScheduler } from '../helpers/scheduler-process.js';

const EXAMPLE = fileURLToPath(new URL('../../../../config/example.yaml', import.meta.url));
let dir: string;
let scheduler: RunningScheduler;

/** A port free right now: the example's HTTP job must know Scheduler's address before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-example-'));
  const port = await freePort();
  scheduler = await startSchedulerProcess(['--config', EXAMPLE, `--server.port=${port}`, '--server.host=127.0.0.1', `--cacheSqliteConfig.path=${dir}`], {
    SCHEDULER_URL: `http://127.0.0.1:${port}`,
  });
});
afterAll(async () => {
  await killHard(scheduler);
  await rm(dir, { recursive: true, force: true });
});

async function run(job: string, args: Record<string, unknown> = {}) {
  const response = await fetch(`${scheduler.url}/scheduler/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ targets: [{ refId: 'A', target: job, data: { type: 'run', args } }] }),
  });
  const body = (await response.json()) as Array<{ columns: Array<{ text: string }>; rows: unknown[][] }> & { message?: string };
  expect(response.status, body.message).toBe(200);
  return body[0]!;
}

it.each([
  ['demo', {}, 20],
  ['demo-slow', { delaySec: 0 }, 20],
  ['timeseries', { points: 5, metric: ['cpu', 'load'] }, 5],
  ['timeseries-py', { points: 4 }, 4],
])('runs the example job %s', async (job, args, rows) => {
  const table = await run(job, args);
  expect(table.rows).toHaveLength(rows);
  expect(table.columns[0]!.text).toBe('time');
});

it('reads the example HTTP job from Scheduler itself, offline', async () => {
  const table = await run('job-catalog');
  expect(table.columns.map((column) => column.text)).toEqual(['job', 'type', 'description', 'may run']);
  expect(table.rows.map((row) => row[0])).toEqual(['demo', 'demo-slow', 'timeseries', 'timeseries-py', 'job-catalog', 'requests']);
});

it('the example in the original properties format loads to the same kinds of jobs', async () => {
  const { loadConfig } = await import('../../src/config/load-config.js');
  const config = await loadConfig(['--config', EXAMPLE.replace(/\.yaml$/, '.properties')], {});
  expect(config.jobs.map((job) => [job.name, job.type])).toEqual([
    ['demo', 'dummy'],
    ['demo-slow', 'dummy'],
    ['timeseries-py', 'process'],
    ['job-catalog', 'rest'],
  ]);
});
