/**
 * Several Scheduler processes on one store: a process that restarts takes over only the
 * unfinished requests of processes that are gone, never those a live peer is running; and when a
 * peer dies, a live process takes its requests over within a heartbeat or two.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killHard, startSchedulerProcess, type RunningScheduler } from '../helpers/scheduler-process.js';

let dir: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-shared-'));
  configFile = path.join(dir, 'scheduler.yaml');
  await writeFile(
    configFile,
    [
      'server: { port: 0, host: 127.0.0.1 }',
      `cacheSqliteConfig: { path: ${JSON.stringify(path.join(dir, 'data'))} }`,
      'instanceHeartbeatSec: 0.5',
      'jobsConfigList:',
      '  - { name: demo, type: dummy }',
      '  - { name: resumable, type: dummy, config: { retryOnRestart: true } }',
    ].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

type Tables = Array<{ columns: Array<{ text: string }>; rows: unknown[][] }> & { message?: string };

async function post(url: string, job: string, data: Record<string, unknown>): Promise<{ status: number; json: Tables }> {
  const response = await fetch(`${url}/scheduler/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Grafana-User': 'ops' },
    body: JSON.stringify({ targets: [{ refId: 'A', target: job, data }] }),
  });
  return { status: response.status, json: (await response.json()) as Tables };
}

const isRunning = (scheduler: RunningScheduler) => scheduler.child.exitCode === null && scheduler.child.signalCode === null;
const stateOf = async (url: string, job: string, label: string) => (await post(url, job, { type: 'status', label })).json[0]!.rows[0]![2];

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 800; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: not reached`);
}

it('restarting one process leaves a live peer\'s requests alone; a dead peer\'s requests are taken over', async () => {
  const a = await startSchedulerProcess(['--config', configFile]);
  let b = await startSchedulerProcess(['--config', configFile]);
  try {
    await post(a.url, 'demo', { type: 'submit', label: 'a-long', args: { delaySec: 10 } });
    await waitFor(async () => (await stateOf(a.url, 'demo', 'a-long')) === 'RUNNING', 'a-long running');

    await killHard(b);
    b = await startSchedulerProcess(['--config', configFile]);
    expect(await stateOf(b.url, 'demo', 'a-long')).toBe('RUNNING');
    await waitFor(async () => (await stateOf(b.url, 'demo', 'a-long')) === 'COMPLETE', 'a-long complete');
    const result = await post(b.url, 'demo', { type: 'get', label: 'a-long' });
    expect(result.json[0]!.rows).toHaveLength(20);

    await post(a.url, 'demo', { type: 'submit', label: 'doomed', args: { delaySec: 60 } });
    await post(a.url, 'resumable', { type: 'submit', label: 'resumed', args: { delaySec: 1 } });
    await waitFor(async () => (await stateOf(a.url, 'demo', 'doomed')) === 'RUNNING' && (await stateOf(a.url, 'resumable', 'resumed')) === 'RUNNING', 'both running');
    await killHard(a);

    await waitFor(async () => (await stateOf(b.url, 'demo', 'doomed')) === 'FAILED', 'doomed taken over');
    const doomed = await post(b.url, 'demo', { type: 'get', label: 'doomed' });
    expect(doomed.status).toBe(422);
    expect(doomed.json.message).toContain('interrupted by restart');
    await waitFor(async () => (await stateOf(b.url, 'resumable', 'resumed')) === 'COMPLETE', 'resumed re-run by the peer');
  } finally {
    await Promise.allSettled([a, b].filter(isRunning).map(killHard));
  }
}, 90_000);
