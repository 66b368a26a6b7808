/**
 * Nothing is lost across a restart: start the real process, submit, kill it hard (SIGKILL, no
 * chance to clean up), start it again on the same store — every request and result is there.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killHard, startSchedulerProcess } from '../helpers/scheduler-process.js';

let dir: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-restart-'));
  configFile = path.join(dir, 'scheduler.yaml');
  await writeFile(
    configFile,
    [
      'server: { port: 0, host: 127.0.0.1 }',
      `cacheSqliteConfig: { path: ${JSON.stringify(path.join(dir, 'data'))} }`,
      'maxConcurrentJobs: 2',
      'jobsConfigList:',
      '  - { name: demo, type: dummy }',
      '  - { name: resumable, type: dummy, config: { retryOnRestart: true } }',
    ].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function post(url: string, body: unknown) {
  const response = await fetch(`${url}/scheduler/query`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Grafana-User': 'ops' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Array<{ columns: Array<{ text: string }>; rows: unknown[][] }> & { message?: string } };
}
const target = (job: string, data: Record<string, unknown>) => ({ targets: [{ refId: 'A', target: job, data }] });

async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

it('keeps completed results, fails interrupted work with a reason, and re-runs retryable work after a hard kill', async () => {
  const first = await startSchedulerProcess(['--config', configFile]);
  await post(first.url, target('demo', { type: 'submit', label: 'kept', args: { metricMax: 5 } }));
  const kept = await waitFor(async () => {
    const got = await post(first.url, target('demo', { type: 'get', label: 'kept' }));
    return got.json[0]?.columns[0]?.text === 'time' ? got.json[0] : undefined;
  });
  await post(first.url, target('demo', { type: 'submit', label: 'interrupted', args: { delaySec: 60 } }));
  await post(first.url, target('resumable', { type: 'submit', label: 'resumed', args: { delaySec: 1 } }));
  await waitFor(async () => {
    const status = await post(first.url, target('demo', { type: 'status', label: 'interrupted' }));
    return status.json[0]!.rows[0]![2] === 'RUNNING' ? true : undefined;
  });
  await killHard(first);

  const second = await startSchedulerProcess(['--config', configFile]);
  try {
    const again = await post(second.url, target('demo', { type: 'get', label: 'kept' }));
    expect(again.json[0]!.rows).toEqual(kept.rows);

    const interrupted = await post(second.url, target('demo', { type: 'get', label: 'interrupted' }));
    expect(interrupted.status).toBe(422);
    expect(interrupted.json.message).toContain('interrupted by restart');

    const resumed = await waitFor(async () => {
      const got = await post(second.url, target('resumable', { type: 'get', label: 'resumed' }));
      return got.json[0]?.columns[0]?.text === 'time' ? got.json[0] : undefined;
    });
    expect(resumed.rows).toHaveLength(20);
  } finally {
    await killHard(second);
  }
});
