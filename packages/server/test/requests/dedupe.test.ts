/**
 * Identical work runs once: concurrent identical submits share one request, identical runs
 * share one execution, and labels name one request per (source, user).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({ config: { maxConcurrentJobs: 4 } });
});
afterAll(() => server.stop());

async function requestsOf(user: string, query = 'job=demo&limit=500') {
  return (await server.get(`/api/v1/requests?${query}`, { user })).json as Array<{ id: string; kind: string; state: string; args: unknown }>;
}

describe('submit dedupe', () => {
  it('50 concurrent identical submits execute once and all answer the same request', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => server.query('demo', { type: 'submit', args: { delaySec: 0.2, metricMax: 50 } }, { user: `u${index % 5}` })),
    );
    const ids = new Set(answers.map((answer) => statusRows(answer.json)[0]!['Request ID']));
    expect(ids.size).toBe(1);
    const all = await Promise.all(['u0', 'u1', 'u2', 'u3', 'u4'].map((user) => requestsOf(user)));
    expect(all.flat().filter((request) => JSON.stringify(request.args).includes('"metricMax":50'))).toHaveLength(1);
  });

  it('argument order and defaults do not make work different', async () => {
    const first = await server.query('demo', { type: 'submit', args: { metricMax: 7, numberOfMetrics: 2 } });
    const second = await server.query('demo', { type: 'submit', args: { numberOfMetrics: '2', metricMax: 7, delaySec: 0 } });
    expect(statusRows(second.json)[0]!['Request ID']).toBe(statusRows(first.json)[0]!['Request ID']);
  });

  it('a failed request may be submitted again; rerun forces a new run of a complete one', async () => {
    const args = { failWith: 'flaky upstream' };
    const first = statusRows((await server.query('demo', { type: 'submit', args })).json)[0]!['Request ID'];
    await eventually(async () => ((await server.query('demo', { type: 'get', args })).status === 422 ? true : undefined));
    const second = statusRows((await server.query('demo', { type: 'submit', args })).json)[0]!['Request ID'];
    expect(second).not.toBe(first);

    const ok = { metricMax: 11 };
    const original = statusRows((await server.query('demo', { type: 'submit', args: ok })).json)[0]!['Request ID'];
    await eventually(async () => ((await server.query('demo', { type: 'get', args: ok })).json[0].columns[0].text === 'time' ? true : undefined));
    const repeat = statusRows((await server.query('demo', { type: 'submit', args: ok })).json)[0]!['Request ID'];
    expect(repeat).toBe(original);
    const rerun = statusRows((await server.query('demo', { type: 'submit', args: ok, rerun: true })).json)[0]!['Request ID'];
    expect(rerun).not.toBe(original);
    // get now finds the newest request
    await eventually(async () => {
      const [row] = statusRows((await server.query('demo', { type: 'status', args: ok })).json);
      return row!['Request ID'] === rerun ? true : undefined;
    });
  });
});

describe('labels', () => {
  it('the same label with the same work is the same request; with other work it is a conflict unless rerun', async () => {
    const submit = (args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      server.query('demo', { type: 'submit', label: 'weekly', source: 'finance', args, ...extra }, { user: 'hana' });
    const first = statusRows((await submit({ metricMax: 1 })).json)[0]!['Request ID'];
    expect(statusRows((await submit({ metricMax: 1 })).json)[0]!['Request ID']).toBe(first);

    const conflict = await submit({ metricMax: 2 });
    expect(conflict.status).toBe(409);
    expect(conflict.json.message).toContain('label "weekly" already names');
    expect(conflict.json.message).toContain('rerun: true');

    const replaced = await submit({ metricMax: 2 }, { rerun: true });
    expect(replaced.status).toBe(200);
    expect(statusRows(replaced.json)[0]!['Request ID']).not.toBe(first);

    // another user's identical label is their own request
    const other = await server.query('demo', { type: 'submit', label: 'weekly', source: 'finance', args: { metricMax: 9 } }, { user: 'ivan' });
    expect(other.status).toBe(200);
  });
});

describe('run coalescing', () => {
  it('20 identical concurrent runs execute once and all receive the same table', async () => {
    const before = (await requestsOf('panel-user', 'kind=run&limit=500')).length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => server.query('demo', { type: 'run', args: { delaySec: 0.3, metricMax: 1000 } }, { user: 'panel-user' })),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // random values: equal tables prove one execution
    const tables = new Set(answers.map((answer) => JSON.stringify(answer.json[0].rows)));
    expect(tables.size).toBe(1);
    const runs = await requestsOf('panel-user', 'kind=run&limit=500');
    expect(runs.length - before).toBe(1);
  });

  it('runs with different arguments are not coalesced', async () => {
    const [a, b] = await Promise.all([
      server.query('demo', { type: 'run', args: { metricMax: 1000, numberOfMetrics: 1 } }),
      server.query('demo', { type: 'run', args: { metricMax: 1000, numberOfMetrics: 2 } }),
    ]);
    expect(a!.json[0].columns).toHaveLength(2);
    expect(b!.json[0].columns).toHaveLength(3);
  });
});
