/**
 * The native JSON API under /api/v1, as a script uses it: list jobs, run, submit, read a
 * request, fetch its result as JSON or CSV, cancel, list requests; its OpenAPI document; health.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({
    config: {
      jobsConfigList: [
        { name: 'demo', type: 'dummy' },
        {
          name: 'regional',
          type: 'dummy',
          description: 'numbers per region',
          config: {
            argSet: {
              region: { type: 'enum', values: ['eu', 'us'], multiple: true, description: 'where' },
              delaySec: { type: 'number', default: 0 },
              numberOfMetrics: { type: 'number', default: 1 },
            },
            fixedArgs: { metricMax: 5 },
            timeoutSec: 60,
          },
        },
        { name: 'guarded', type: 'dummy', config: { executeUsers: ['alice'], readUsers: ['bob'] } },
      ],
    },
  });
});
afterAll(() => server.stop());

/** Submits through the API and waits until the request is in one of `states`. */
async function submitAndWait(user: string, body: Record<string, unknown>, states: string[] = ['complete']) {
  const submitted = await server.post('/api/v1/requests', { type: 'submit', ...body }, { user });
  expect(submitted.status).toBe(201);
  const id = submitted.json.request.id as string;
  return eventually(async () => {
    const current = await server.get(`/api/v1/requests/${id}`, { user });
    return states.includes(current.json.state) ? current.json : undefined;
  }, 10_000, `request ${id} to be ${states.join(' or ')}`);
}

describe('GET /api/v1/jobs', () => {
  it('lists the readable jobs with their arguments and what the caller may do', async () => {
    const response = await server.get('/api/v1/jobs', { user: 'bob' });
    expect(response.status).toBe(200);
    // The job descriptions are checked field by field below.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const jobs = new Map<string, Record<string, any>>(response.json.map((job: { name: string }) => [job.name, job]));
    expect([...jobs.keys()]).toEqual(expect.arrayContaining(['demo', 'regional', 'guarded', 'requests']));

    const regional = jobs.get('regional')!;
    expect(regional.type).toBe('dummy');
    expect(regional.description).toBe('numbers per region');
    expect(regional.arguments.region).toMatchObject({ type: 'enum', values: ['eu', 'us'], multiple: true, description: 'where' });
    expect(regional.arguments.delaySec).toMatchObject({ type: 'number', default: 0 });
    expect(regional.fixedArguments).toEqual(['metricMax']);
    expect(regional.timeoutSec).toBe(60);
    expect(regional.permissions).toEqual({ execute: true, read: true });

    expect(jobs.get('guarded')!.permissions).toEqual({ execute: false, read: true });
    expect(jobs.get('demo')!.arguments.numberOfMetrics.type).toBe('number');
  });

  it('gives each caller their own permissions and hides jobs they may not read', async () => {
    const alice = await server.get('/api/v1/jobs', { user: 'alice' });
    expect(alice.json.find((job: { name: string }) => job.name === 'guarded').permissions).toEqual({ execute: true, read: true });
    const stranger = await server.get('/api/v1/jobs', { user: 'stranger' });
    expect(stranger.json.map((job: { name: string }) => job.name)).not.toContain('guarded');
  });
});

describe('POST /api/v1/requests', () => {
  it('type run answers the table as JSON', async () => {
    const response = await server.post('/api/v1/requests', { type: 'run', job: 'demo', args: { numberOfMetrics: 2, startTime: 0, endTime: 19_000 } }, { user: 'runner' });
    expect(response.status).toBe(200);
    expect(response.json.columns).toEqual([
      { text: 'time', type: 'time' },
      { text: 'metric0', type: 'number' },
      { text: 'metric1', type: 'number' },
    ]);
    expect(response.json.rows).toHaveLength(20);
    expect(response.json.rows[19][0]).toBe(19_000);
  });

  it('type run uses the range given', async () => {
    const response = await server.post('/api/v1/requests', {
      type: 'run',
      job: 'demo',
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-01T02:00:00.000Z' },
    });
    expect(response.status).toBe(200);
    expect(response.json.rows[0][0]).toBe(Date.parse('2024-03-01T00:00:00.000Z'));
  });

  it('submit answers 201 with the created request; an identical submit answers 200 with the same one', async () => {
    const first = await server.post('/api/v1/requests', { type: 'submit', job: 'regional', args: { region: ['us', 'eu'], numberOfMetrics: 2 } }, { user: 'sub' });
    expect(first.status).toBe(201);
    expect(first.json.created).toBe(true);
    const request = first.json.request;
    expect(request).toMatchObject({ kind: 'submit', job: 'regional', user: 'sub', label: null, source: '*' });
    expect(['queued', 'running', 'complete']).toContain(request.state);
    expect(request.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(request.submittedAt)).not.toBeNaN();
    // Defaults applied, fixed arguments kept out of the request's own arguments.
    expect(request.args).toEqual({ region: ['us', 'eu'], numberOfMetrics: 2, delaySec: 0 });

    const again = await server.post('/api/v1/requests', { job: 'regional', args: { numberOfMetrics: '2', region: ['us', 'eu'] } }, { user: 'sub' });
    expect(again.status).toBe(200);
    expect(again.json.created).toBe(false);
    expect(again.json.request.id).toBe(request.id);
  });

  it('submit without a type defaults to submit', async () => {
    const response = await server.post('/api/v1/requests', { job: 'demo', args: { numberOfMetrics: 9 } }, { user: 'defaulter' });
    expect(response.status).toBe(201);
    expect(response.json.request.kind).toBe('submit');
  });

  it('refuses an unknown field in the body, naming it', async () => {
    const response = await server.post('/api/v1/requests', { job: 'demo', type: 'submit', colour: 'red' }, { user: 'typo' });
    expect(response.status).toBe(400);
    expect(response.json.message).toMatch(/additional properties/i);
    expect((await server.get('/api/v1/requests', { user: 'typo' })).json).toEqual([]);
  });

  it('refuses a missing job and an unknown type', async () => {
    const noJob = await server.post('/api/v1/requests', { type: 'run' });
    expect(noJob.status).toBe(400);
    expect(noJob.json.message).toContain('job');
    const badType = await server.post('/api/v1/requests', { job: 'demo', type: 'explode' });
    expect(badType.status).toBe(400);
    expect(badType.json.message).toContain('type');
  });
});

describe('GET /api/v1/requests/:id and its result', () => {
  it('shows a submitted request through to complete, with its columns and row count', async () => {
    const done = await submitAndWait('reader-1', { job: 'demo', args: { numberOfMetrics: 3 } });
    expect(done).toMatchObject({ state: 'complete', rowCount: 20, progress: 100, user: 'reader-1', error: null });
    expect(done.columns).toEqual([
      { text: 'time', type: 'time' },
      { text: 'metric0', type: 'number' },
      { text: 'metric1', type: 'number' },
      { text: 'metric2', type: 'number' },
    ]);
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.submittedAt));
    expect(Date.parse(done.expiresAt)).toBeGreaterThan(Date.parse(done.finishedAt));
  });

  it('an unknown id is a 404 naming it', async () => {
    const response = await server.get('/api/v1/requests/no-such-id');
    expect(response.status).toBe(404);
    expect(response.json.message).toContain('"no-such-id"');
  });

  it('returns the result as Grafana table JSON', async () => {
    const done = await submitAndWait('json-user', { job: 'demo', args: { numberOfMetrics: 2, startTime: 0, endTime: 19_000 } });
    const response = await server.get(`/api/v1/requests/${done.id}/result`, { user: 'json-user' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.json.type).toBe('table');
    expect(response.json.columns.map((column: { text: string }) => column.text)).toEqual(['time', 'metric0', 'metric1']);
    expect(response.json.rows).toHaveLength(20);
    expect(response.json.rows[0][0]).toBe(0);
  });

  it('returns the result as CSV with ?format=csv and with Accept: text/csv', async () => {
    const done = await submitAndWait('csv-user', { job: 'demo', args: { numberOfMetrics: 1, startTime: 0, endTime: 19_000 } });
    for (const [route, headers] of [
      [`/api/v1/requests/${done.id}/result?format=csv`, {}],
      [`/api/v1/requests/${done.id}/result`, { accept: 'text/csv' }],
    ] as const) {
      const response = await server.get(route, { user: 'csv-user', headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toContain(`demo-${done.id}.csv`);
      const lines = response.text.split('\r\n');
      expect(lines[0]).toBe('time,metric0');
      expect(lines[1]).toMatch(/^1970-01-01T00:00:00\.000Z,[0-9.]+$/);
      expect(lines.filter((line) => line !== '')).toHaveLength(21);
    }
  });

  it('quotes CSV fields holding commas, quotes and line breaks', async () => {
    // A result holding awkward text, as a script writing its own result table (the original's
    // cacheArg) could leave it: a real request's result table is replaced by one written directly.
    const done = await submitAndWait('quoter', { job: 'demo', label: 'quoted', source: 'csv', args: { numberOfMetrics: 1 } });
    const { store } = server.scheduler;
    const resultTable = `d_csv_${randomUUID().slice(0, 8)}_demo`;
    const written = await store.writeResult(
      resultTable,
      [
        { name: 'city, country', type: 'string' },
        { name: 'note', type: 'string' },
        { name: 'count', type: 'number' },
      ],
      [
        ['Paris, FR', 'she said "hi"', 1],
        ['Oslo', 'two\nlines', 2],
      ],
    );
    await store.updateRequest(done.id, { resultTable, resultColumns: written.columns, rowCount: written.rowCount });

    const response = await server.get(`/api/v1/requests/${done.id}/result?format=csv`, { user: 'quoter' });
    expect(response.status).toBe(200);
    expect(response.text).toBe('"city, country",note,count\r\n"Paris, FR","she said ""hi""",1\r\nOslo,"two\nlines",2\r\n');
  });

  it('a result not ready yet is a 409 saying so; a run keeps no result', async () => {
    const submitted = await server.post('/api/v1/requests', { job: 'demo', args: { delaySec: 30, numberOfMetrics: 11 } }, { user: 'early' });
    const id = submitted.json.request.id;
    const early = await server.get(`/api/v1/requests/${id}/result`, { user: 'early' });
    expect(early.status).toBe(409);
    expect(early.json.message).toContain('not ready yet');
    await server.post(`/api/v1/requests/${id}/cancel`, {}, { user: 'early' });

    await server.post('/api/v1/requests', { type: 'run', job: 'demo', args: { numberOfMetrics: 12 } }, { user: 'early' });
    const [run] = (await server.get('/api/v1/requests?job=demo&limit=1', { user: 'early' })).json;
    expect(run.kind).toBe('run');
    const noResult = await server.get(`/api/v1/requests/${run.id}/result`, { user: 'early' });
    expect(noResult.status).toBe(404);
    expect(noResult.json.message).toContain('was a run');
  });

  it("a failed request's result is its error message", async () => {
    const failed = await submitAndWait('failer', { job: 'demo', args: { failWith: 'quota exceeded' } }, ['failed']);
    expect(failed.error).toContain('quota exceeded');
    const response = await server.get(`/api/v1/requests/${failed.id}/result`, { user: 'failer' });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe('job "demo" failed: quota exceeded');
  });
});

describe('POST /api/v1/requests/:id/cancel', () => {
  it('cancels a running request and its state becomes cancelled', async () => {
    const running = await submitAndWait('canceller', { job: 'demo', args: { delaySec: 30, numberOfMetrics: 13 } }, ['running']);
    const response = await server.post(`/api/v1/requests/${running.id}/cancel`, {}, { user: 'canceller' });
    expect(response.status).toBe(200);
    expect(response.json.state).toBe('cancelled');
    expect(response.json.error).toContain('cancelled by user "canceller"');
    const after = await server.get(`/api/v1/requests/${running.id}`, { user: 'canceller' });
    expect(after.json.state).toBe('cancelled');
  });

  it('cancelling a finished request leaves it as it was', async () => {
    const done = await submitAndWait('late-canceller', { job: 'demo', args: { numberOfMetrics: 14 } });
    const response = await server.post(`/api/v1/requests/${done.id}/cancel`, {}, { user: 'late-canceller' });
    expect(response.status).toBe(200);
    expect(response.json.state).toBe('complete');
    expect((await server.get(`/api/v1/requests/${done.id}/result`, { user: 'late-canceller' })).status).toBe(200);
  });
});

describe('GET /api/v1/requests', () => {
  const user = 'lister';
  let ids: Record<string, string>;

  beforeAll(async () => {
    const a = await submitAndWait(user, { job: 'demo', args: { numberOfMetrics: 21 }, label: 'alpha', source: 'board-1' });
    const b = await submitAndWait(user, { job: 'regional', args: { region: 'eu' }, label: 'beta', source: 'board-2' });
    const c = await submitAndWait(user, { job: 'demo', args: { failWith: 'lister fails' } }, ['failed']);
    // Someone else's requests never show up in the lister's listing.
    await submitAndWait('other-lister', { job: 'demo', args: { numberOfMetrics: 22 }, label: 'alpha', source: 'board-1' });
    ids = { a: a.id, b: b.id, c: c.id };
  });

  it("lists only the caller's own requests, newest first", async () => {
    const response = await server.get('/api/v1/requests', { user });
    expect(response.status).toBe(200);
    expect(response.json.map((request: { id: string }) => request.id)).toEqual([ids.c, ids.b, ids.a]);
    expect(new Set(response.json.map((request: { user: string }) => request.user))).toEqual(new Set([user]));
  });

  it('filters by job, state, label, source and limits the count', async () => {
    const byJob = await server.get('/api/v1/requests?job=demo', { user });
    expect(byJob.json.map((request: { id: string }) => request.id)).toEqual([ids.c, ids.a]);

    const byState = await server.get('/api/v1/requests?state=failed', { user });
    expect(byState.json.map((request: { id: string }) => request.id)).toEqual([ids.c]);

    const byLabel = await server.get('/api/v1/requests?label=alpha', { user });
    expect(byLabel.json.map((request: { id: string }) => request.id)).toEqual([ids.a]);

    const bySource = await server.get('/api/v1/requests?source=board-2', { user });
    expect(bySource.json.map((request: { id: string }) => request.id)).toEqual([ids.b]);

    const combined = await server.get('/api/v1/requests?job=demo&state=complete&source=board-1', { user });
    expect(combined.json.map((request: { id: string }) => request.id)).toEqual([ids.a]);

    const limited = await server.get('/api/v1/requests?limit=2', { user });
    expect(limited.json.map((request: { id: string }) => request.id)).toEqual([ids.c, ids.b]);
  });

  it('refuses a bad filter with a 400 naming it', async () => {
    const badState = await server.get('/api/v1/requests?state=sleeping', { user });
    expect(badState.status).toBe(400);
    expect(badState.json.message).toContain('state');
    const badLimit = await server.get('/api/v1/requests?limit=0', { user });
    expect(badLimit.status).toBe(400);
    expect(badLimit.json.message).toContain('limit');
    const unknown = await server.get('/api/v1/requests?user=someone-else', { user });
    expect(unknown.status).toBe(400);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3 document listing the /api/v1 and /scheduler paths', async () => {
    const response = await server.get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(String(response.json.openapi)).toMatch(/^3\./);
    expect(response.json.info.title).toBe('Scheduler');
    const paths = Object.keys(response.json.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/jobs',
        '/api/v1/requests',
        '/api/v1/requests/{id}',
        '/api/v1/requests/{id}/result',
        '/api/v1/requests/{id}/cancel',
        '/scheduler/query',
        '/scheduler/search',
        '/scheduler/metrics',
        '/scheduler/metric-payload-options',
        '/scheduler/variable',
      ]),
    );
    expect(response.json.paths['/api/v1/requests'].post).toBeDefined();
    expect(response.json.paths['/api/v1/requests'].get).toBeDefined();
  });
});

describe('GET /health', () => {
  it('answers 200 with the store up and the queue counts', async () => {
    const response = await server.get('/health');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ok', store: 'up' });
    expect(typeof response.json.queue.queued).toBe('number');
    expect(typeof response.json.queue.running).toBe('number');
    expect(typeof response.json.version).toBe('string');
  });
});
