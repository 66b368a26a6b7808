/**
 * The original's SimpleJSON protocol, as its dashboards use it: run, submit, get, status
 * (system), cancel, search — each answered as Grafana tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({
    config: {
      jobsConfigList: [
        { name: 'demo', type: 'dummy' },
        { name: 'slow', type: 'test', config: { argSet: { delaySec: { type: 'number', default: 30 }, tag: { type: 'string' } } } },
      ],
    },
  });
});
afterAll(() => server.stop());

describe('GET /scheduler', () => {
  it("answers Grafana's Test connection with 200", async () => {
    const response = await server.get('/scheduler');
    expect(response.status).toBe(200);
    expect(response.text).toContain('Scheduler');
  });
});

describe('run', () => {
  it('returns the job table in the same response, tagged with the refId', async () => {
    const response = await server.query('demo', { type: 'run', args: { delaySec: 0, numberOfMetrics: 2, startTime: 0, endTime: 19_000 } });
    expect(response.status).toBe(200);
    const [table] = response.json;
    expect(table.type).toBe('table');
    expect(table.refId).toBe('A');
    expect(table.columns).toEqual([
      { text: 'time', type: 'time' },
      { text: 'metric0', type: 'number' },
      { text: 'metric1', type: 'number' },
    ]);
    expect(table.rows).toHaveLength(20);
    expect(table.rows[0][0]).toBe(0);
    expect(table.rows[19][0]).toBe(19_000);
  });

  it('answers every target of a query, not only the first', async () => {
    const response = await server.post('/scheduler/query', {
      targets: [
        { refId: 'A', target: 'demo', data: { type: 'run', args: { numberOfMetrics: 1 } } },
        { refId: 'B', target: 'demo', data: { type: 'run', args: { numberOfMetrics: 3 } } },
        { refId: 'C', target: 'demo', hide: true, data: { type: 'run' } },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json.map((table: { refId: string }) => table.refId)).toEqual(['A', 'B']);
    expect(response.json[1].columns).toHaveLength(4);
  });

  it('uses the dashboard range when the job is given no times', async () => {
    const response = await server.post('/scheduler/query', {
      range: { from: '2024-01-01T00:00:00.000Z', to: '2024-01-01T01:00:00.000Z' },
      targets: [{ refId: 'A', target: 'demo', data: { type: 'run' } }],
    });
    const rows = response.json[0].rows;
    expect(rows[0][0]).toBe(Date.parse('2024-01-01T00:00:00.000Z'));
    expect(rows[19][0]).toBe(Date.parse('2024-01-01T01:00:00.000Z'));
  });

  it("shows the job's error message when the job fails", async () => {
    const response = await server.query('demo', { type: 'run', args: { failWith: 'source database unreachable' } });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe('job "demo" failed: source database unreachable');
  });
});

describe('submit, status, get', () => {
  it('submit answers at once with a status row; get returns the stored table once complete', async () => {
    const submitted = await server.query('slow', { type: 'submit', args: { delaySec: 0.3, tag: 'first' } }, { user: 'ana' });
    expect(submitted.status).toBe(200);
    const [row] = statusRows(submitted.json);
    expect(row!.Status).toBe('QUEUED');
    expect(row!['Request ID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof row!['Submit time']).toBe('number');

    const whileRunning = await server.query('slow', { type: 'get', args: { delaySec: 0.3, tag: 'first' } });
    expect(['QUEUED', 'RUNNING']).toContain(statusRows(whileRunning.json)[0]!.Status);

    const table = await eventually(async () => {
      const got = await server.query('slow', { type: 'get', args: { tag: 'first', delaySec: 0.3 } });
      return got.json[0].columns[0].text === 'time' ? got.json[0] : undefined;
    });
    expect(table.rows).toHaveLength(20);

    const status = await server.query('slow', { type: 'system', args: { delaySec: 0.3, tag: 'first' } });
    const [done] = statusRows(status.json);
    expect(done!.Status).toBe('COMPLETE');
    expect(done!.Rows).toBe(20);
    expect(done!.Progress).toBe(100);
    expect(done!['Completion Time']).toBeGreaterThanOrEqual(done!['Submit time'] as number);
  });

  it('shows progress in the status table while the job runs', async () => {
    await server.query('slow', { type: 'submit', args: { delaySec: 2, tag: 'progress' } });
    const running = await eventually(async () => {
      const [row] = statusRows((await server.query('slow', { type: 'status', args: { delaySec: 2, tag: 'progress' } })).json);
      return row!.Status === 'RUNNING' && (row!.Progress as number) > 0 ? row : undefined;
    });
    expect(running.Notes).toMatch(/waiting \d+ s/);
    await server.query('slow', { type: 'cancel', args: { delaySec: 2, tag: 'progress' } });
  });

  it('get of a failed job shows its error, never an empty answer', async () => {
    await server.query('demo', { type: 'submit', args: { failWith: 'disk full' } });
    const failed = await eventually(async () => {
      const got = await server.query('demo', { type: 'get', args: { failWith: 'disk full' } });
      return got.status === 422 ? got : undefined;
    });
    expect(failed.json.message).toBe('job "demo" failed: disk full');
  });

  it('get of something never submitted says so', async () => {
    const response = await server.query('demo', { type: 'get', args: { numberOfMetrics: 7 } });
    expect(response.status).toBe(404);
    expect(response.json.message).toContain('submit it first');
  });

  it('status with no target and no label lists the calling user\'s recent requests', async () => {
    await server.query('demo', { type: 'submit', args: { numberOfMetrics: 4 } }, { user: 'listing-user' });
    const response = await server.post('/scheduler/query', { targets: [{ refId: 'A', target: '', data: { type: 'status' } }] }, { user: 'listing-user' });
    const rows = statusRows(response.json);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.User).toBe('listing-user');
    expect(rows[0]!.Job).toBe('demo');
  });
});

describe('labels', () => {
  it('get and status find a labelled request by label; get by args never finds it', async () => {
    const submitted = await server.query('demo', { type: 'submit', label: 'q3-report', source: 'sales', args: { numberOfMetrics: 5 } }, { user: 'bea' });
    expect(statusRows(submitted.json)[0]!.Label).toBe('q3-report');
    const table = await eventually(async () => {
      const got = await server.query('demo', { type: 'get', label: 'q3-report', source: 'sales' }, { user: 'bea' });
      return got.json[0]?.columns.length === 6 ? got.json[0] : undefined;
    });
    expect(table.rows).toHaveLength(20);
    const byArgs = await server.query('demo', { type: 'get', args: { numberOfMetrics: 5 } }, { user: 'bea' });
    expect(byArgs.status).toBe(404);
    const otherUser = await server.query('demo', { type: 'get', label: 'q3-report', source: 'sales' }, { user: 'carl' });
    expect(otherUser.status).toBe(404);
  });

  it("search lists the caller's labels: * first, then theirs, then the typed one", async () => {
    await server.query('demo', { type: 'submit', label: 'alpha', source: 'dash1' }, { user: 'dora' });
    await server.query('demo', { type: 'submit', label: 'beta', source: 'dash1', args: { numberOfMetrics: 2 } }, { user: 'dora' });
    await server.query('demo', { type: 'submit', label: 'elsewhere', source: 'dash2' }, { user: 'dora' });
    const response = await server.post('/scheduler/search', { target: 'requests.labels?source=dash1&tempLabel=gamma' }, { user: 'dora' });
    expect(response.json).toEqual(['*', 'beta', 'alpha', 'gamma']);
  });

  it('search with any other target lists the job names', async () => {
    const response = await server.post('/scheduler/search', { target: '' });
    expect(response.json).toEqual(['demo', 'slow', 'requests']);
  });
});

describe('cancel', () => {
  it('stops a running request; its status becomes cancelled', async () => {
    await server.query('slow', { type: 'submit', args: { delaySec: 30, tag: 'cancel-me' } }, { user: 'eve' });
    await eventually(async () => {
      const [row] = statusRows((await server.query('slow', { type: 'status', args: { delaySec: 30, tag: 'cancel-me' } })).json);
      return row!.Status === 'RUNNING' ? row : undefined;
    });
    const cancelled = await server.query('slow', { type: 'cancel', args: { delaySec: 30, tag: 'cancel-me' } }, { user: 'eve' });
    const [row] = statusRows(cancelled.json);
    expect(row!.Status).toBe('CANCELLED');
    expect(row!.Notes).toBe('job "slow" cancelled by user "eve"');
    const got = await server.query('slow', { type: 'get', args: { delaySec: 30, tag: 'cancel-me' } });
    expect(got.status).toBe(422);
    expect(got.json.message).toContain('cancelled by user "eve"');
  });
});

describe('the built-in requests job', () => {
  it("runs a status table of the caller's own requests", async () => {
    await server.query('demo', { type: 'submit', label: 'mine', source: 'ops' }, { user: 'finn' });
    await server.query('demo', { type: 'submit', label: 'theirs', source: 'ops' }, { user: 'gus' });
    const response = await server.query('requests', { type: 'run', args: { source: 'ops' } }, { user: 'finn' });
    const rows = statusRows(response.json);
    expect(rows.map((row) => row.Label)).toEqual(['mine']);
  });
});
