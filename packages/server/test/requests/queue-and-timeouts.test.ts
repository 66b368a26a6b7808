/**
 * The queue's limits and the timeouts, as a dashboard user meets them: a full queue is a 429
 * that says which setting, a job past its timeoutSec is stopped, a run past runTimeoutSec is
 * answered before Grafana's proxy would give up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const slowJob = (name: string, config: Record<string, unknown> = {}) => ({
  name,
  type: 'dummy',
  config: { argSet: { delaySec: { type: 'number', default: 0 }, n: { type: 'number', default: 0 } }, ...config },
});

async function stateOf(target: TestScheduler, job: string, args: Record<string, unknown>): Promise<string> {
  return statusRows((await target.query(job, { type: 'status', args })).json)[0]!.Status as string;
}

describe('queue limits', () => {
  it('refuses with 429 naming maxQueuedRequests when the queue is full, storing nothing', async () => {
    server = await startScheduler({ config: { maxConcurrentJobs: 1, maxQueuedRequests: 2, jobsConfigList: [slowJob('slow')] } });
    const s = server;
    await s.query('slow', { type: 'submit', args: { delaySec: 5, n: 1 } });
    await eventually(async () => ((await stateOf(s, 'slow', { delaySec: 5, n: 1 })) === 'RUNNING' ? true : undefined));
    await s.query('slow', { type: 'submit', args: { delaySec: 5, n: 2 } });
    await s.query('slow', { type: 'submit', args: { delaySec: 5, n: 3 } });
    const refused = await s.query('slow', { type: 'submit', args: { delaySec: 5, n: 4 } });
    expect(refused.status).toBe(429);
    expect(refused.json.message).toContain('maxQueuedRequests=2');
    const stored = (await s.get('/api/v1/requests?job=slow')).json as unknown[];
    expect(stored).toHaveLength(3);
    const runRefused = await s.query('slow', { type: 'run', args: { n: 5 } });
    expect(runRefused.status).toBe(429);
  });

  it("keeps a job to its maxConcurrent while other jobs use the free slots", async () => {
    server = await startScheduler({ config: { maxConcurrentJobs: 4, jobsConfigList: [slowJob('limited', { maxConcurrent: 1 }), slowJob('free')] } });
    const s = server;
    await s.query('limited', { type: 'submit', args: { delaySec: 3, n: 1 } });
    await s.query('limited', { type: 'submit', args: { delaySec: 3, n: 2 } });
    await s.query('free', { type: 'submit', args: { delaySec: 3, n: 1 } });
    await eventually(async () => ((await stateOf(s, 'free', { delaySec: 3, n: 1 })) === 'RUNNING' ? true : undefined));
    const states = [await stateOf(s, 'limited', { delaySec: 3, n: 1 }), await stateOf(s, 'limited', { delaySec: 3, n: 2 })].sort();
    expect(states).toEqual(['QUEUED', 'RUNNING']);
  });

  it('starts waiting runs before waiting submits', async () => {
    server = await startScheduler({ config: { maxConcurrentJobs: 1, jobsConfigList: [slowJob('slow')] } });
    const s = server;
    await s.query('slow', { type: 'submit', args: { delaySec: 0.5, n: 1 } });
    await s.query('slow', { type: 'submit', args: { delaySec: 0, n: 2 } });
    await s.query('slow', { type: 'submit', args: { delaySec: 0, n: 3 } });
    const run = await s.query('slow', { type: 'run', args: { n: 4 } });
    expect(run.status).toBe(200);
    const requests = (await s.get('/api/v1/requests?job=slow')).json as Array<{ kind: string; args: { n: number }; startedAt: string | null }>;
    const runStart = Date.parse(requests.find((request) => request.kind === 'run')!.startedAt!);
    for (const submit of requests.filter((request) => request.kind === 'submit' && request.args.n > 1)) {
      if (submit.startedAt) expect(Date.parse(submit.startedAt)).toBeGreaterThanOrEqual(runStart);
    }
  });
});

describe('timeouts', () => {
  it("stops a job at its timeoutSec and says which setting to raise", async () => {
    server = await startScheduler({ config: { jobsConfigList: [slowJob('slow', { timeoutSec: 0.3 })] } });
    const s = server;
    await s.query('slow', { type: 'submit', args: { delaySec: 10 } });
    const row = await eventually(async () => {
      const [status] = statusRows((await s.query('slow', { type: 'status', args: { delaySec: 10 } })).json);
      return status!.Status === 'TIMED_OUT' ? status : undefined;
    });
    expect(row.Notes).toContain('timeoutSec of 0.3 s');
    const got = await s.query('slow', { type: 'get', args: { delaySec: 10 } });
    expect(got.status).toBe(422);
    expect(got.json.message).toContain('timeoutSec');
  });

  it('answers a run that outlives runTimeoutSec with 504 telling to submit instead', async () => {
    server = await startScheduler({ config: { runTimeoutSec: 0.4, jobsConfigList: [slowJob('slow')] } });
    const s = server;
    const started = Date.now();
    const response = await s.query('slow', { type: 'run', args: { delaySec: 10 } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(504);
    expect(response.json.message).toContain('runTimeoutSec=0.4');
    expect(response.json.message).toContain('submit it instead');
    const [run] = (await s.get('/api/v1/requests?kind=run')).json as Array<{ state: string }>;
    expect(run?.state).toBe('timed-out');
  });

  it('times each run out at its own deadline, while quick runs beside them answer', async () => {
    server = await startScheduler({ config: { runTimeoutSec: 0.6, jobsConfigList: [slowJob('slow')] } });
    const s = server;
    const timed = async (n: number) => {
      const started = Date.now();
      const response = await s.query('slow', { type: 'run', args: { delaySec: 10, n } });
      return { status: response.status, afterMs: Date.now() - started, endedAt: Date.now() };
    };
    const first = timed(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = timed(2);
    const quick = await s.query('slow', { type: 'run', args: { delaySec: 0, n: 3 } });
    expect(quick.status).toBe(200);
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([504, 504]);
    // Each waited its own 0.6 s: the second was not cut short when the first expired.
    for (const run of [a, b]) expect(run.afterMs).toBeGreaterThanOrEqual(550);
    expect(b.endedAt - a.endedAt).toBeGreaterThanOrEqual(200);
    const states = ((await s.get('/api/v1/requests?kind=run')).json as Array<{ state: string; args: { n: number } }>).map((run) => `${run.args.n}:${run.state}`);
    expect(states.sort()).toEqual(['1:timed-out', '2:timed-out', '3:complete']);
  });

  it('a queued request can be cancelled before it starts', async () => {
    server = await startScheduler({ config: { maxConcurrentJobs: 1, jobsConfigList: [slowJob('slow')] } });
    const s = server;
    await s.query('slow', { type: 'submit', args: { delaySec: 3, n: 1 } });
    await s.query('slow', { type: 'submit', args: { delaySec: 0, n: 2 } });
    const cancelled = await s.query('slow', { type: 'cancel', args: { delaySec: 0, n: 2 } });
    expect(statusRows(cancelled.json)[0]!.Status).toBe('CANCELLED');
    await s.query('slow', { type: 'cancel', args: { delaySec: 3, n: 1 } });
    expect(await stateOf(s, 'slow', { delaySec: 0, n: 2 })).toBe('CANCELLED');
  });
});
