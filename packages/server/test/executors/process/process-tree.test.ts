/**
 * A job's program and everything it starts live and die together: a timeout, a cancel or the
 * program's own exit leave no process behind, and progress it reports on the way is visible in
 * the request's status while it runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../../helpers/start-scheduler.js';
import { fixture, isAlive, nodeJob, tempDir } from './process-jobs.js';

let server: TestScheduler;
let pidDir: string;

const pidFile = (job: string) => path.join(pidDir, `${job}.json`);
const hangJob = (name: string, flags: string[], config: Record<string, unknown>) =>
  nodeJob(name, fixture('hang-with-child.mjs'), [pidFile(name), ...flags], { argSet: { n: { type: 'number' } }, ...config });

beforeAll(async () => {
  pidDir = await tempDir();
  server = await startScheduler({
    config: {
      jobsConfigList: [
        hangJob('hang-timeout', [], { timeoutSec: 1 }),
        hangJob('hang-cancel', [], {}),
        hangJob('hang-stubborn', ['ignoreTerm'], { killGraceSec: 2 }),
        nodeJob('csv-forever', fixture('csv-forever.mjs'), [pidFile('csv-forever')], { outputFormat: 'csv' }),
        nodeJob('leaves-child', fixture('exit-leaving-child.mjs'), [pidFile('leaves-child')], { captureOutput: true }),
      ],
    },
  });
});
afterAll(() => server.stop());

/** What a fixture wrote to `file`, once it is there whole. */
async function writtenJson<T>(file: string): Promise<T> {
  return eventually(async () => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined; // not written yet, or only partly
    }
  }, 10_000, `${path.basename(file)} to be written`);
}

/** The pids a hanging job wrote once it started. */
async function startedPids(job: string): Promise<{ pid: number; childPid: number }> {
  const pids = await writtenJson<{ pid: number; childPid: number }>(pidFile(job));
  expect(isAlive(pids.pid)).toBe(true);
  expect(isAlive(pids.childPid)).toBe(true);
  return pids;
}

async function bothGone({ pid, childPid }: { pid: number; childPid: number }, timeoutMs = 10_000): Promise<void> {
  await eventually(async () => (!isAlive(pid) && !isAlive(childPid) ? true : undefined), timeoutMs, `processes ${pid} and ${childPid} to end`);
}

async function status(job: string, args: Record<string, unknown>) {
  return statusRows((await server.query(job, { type: 'status', args })).json)[0]!;
}

describe('stopping a program stops its whole process tree', () => {
  it("at the job's timeoutSec, with the child it started", async () => {
    await server.query('hang-timeout', { type: 'submit', args: { n: 1 } });
    const pids = await startedPids('hang-timeout');
    const row = await eventually(async () => {
      const current = await status('hang-timeout', { n: 1 });
      return current.Status === 'TIMED_OUT' ? current : undefined;
    });
    expect(row.Notes).toContain('timeoutSec of 1 s');
    await bothGone(pids);
  });

  it('on cancel, with the child it started', async () => {
    await server.query('hang-cancel', { type: 'submit', args: { n: 1 } });
    const pids = await startedPids('hang-cancel');
    const cancelled = await server.query('hang-cancel', { type: 'cancel', args: { n: 1 } });
    expect(statusRows(cancelled.json)[0]!.Status).toBe('CANCELLED');
    await bothGone(pids);
  });

  it('with SIGKILL after killGraceSec when the program ignores SIGTERM', async () => {
    await server.query('hang-stubborn', { type: 'submit', args: { n: 1 } });
    const pids = await startedPids('hang-stubborn');
    await server.query('hang-stubborn', { type: 'cancel', args: { n: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isAlive(pids.pid)).toBe(true); // still in its grace period
    await bothGone(pids);
  });

  it('on cancel while its rows are being stored: no process, no table, and the store keeps working', async () => {
    await server.query('csv-forever', { type: 'submit', args: {} });
    const { pid } = await writtenJson<{ pid: number }>(pidFile('csv-forever'));
    await eventually(async () => ((await status('csv-forever', {})).Status === 'RUNNING' ? true : undefined));
    const database = new Database(path.join(server.dataDir, 'scheduler.db'), { readonly: true });
    const tables = () => database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%csv_forever'").all();
    await eventually(async () => (tables().length === 1 ? true : undefined), 5_000, 'rows to be stored'); // past the sampled rows
    const cancelled = await server.query('csv-forever', { type: 'cancel', args: {} });
    expect(statusRows(cancelled.json)[0]!.Status).toBe('CANCELLED');
    await eventually(async () => (!isAlive(pid) ? true : undefined));
    await eventually(async () => (tables().length === 0 ? true : undefined), 5_000, 'the partial table to be dropped');
    database.close();
    const after = await server.query('leaves-child', { type: 'run', args: {} });
    expect(after.status).toBe(200);
  });

  it('when the program exits, leaving a child behind', async () => {
    const response = await server.query('leaves-child', { type: 'run', args: {} });
    expect(response.status, response.text).toBe(200);
    expect(response.json[0].rows).toEqual([['done']]);
    await bothGone(await writtenJson(pidFile('leaves-child')));
  });
});

describe('progress', () => {
  it('a ##progress line on stderr shows in the status table while the program runs', async () => {
    await server.query('hang-cancel', { type: 'submit', args: { n: 2 } });
    const row = await eventually(async () => {
      const current = await status('hang-cancel', { n: 2 });
      return current.Status === 'RUNNING' && current.Progress === 40 ? current : undefined;
    });
    expect(row.Notes).toBe('loading partitions');
    const request = await server.get(`/api/v1/requests/${row['Request ID']}`);
    expect(request.json).toMatchObject({ state: 'running', progress: 40, progressMessage: 'loading partitions' });
    await server.query('hang-cancel', { type: 'cancel', args: { n: 2 } });
  });
});
