/**
 * Who may do what: the writer/reader/stranger × run/submit/get/status/cancel matrix through
 * /scheduler/query, identity only from the X-Grafana-User header, and labelled requests private
 * to their owner on the native API. A refusal is a 403 naming the job and the missing right, and
 * leaves nothing stored or executed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({
    config: {
      jobsConfigList: [
        { name: 'demo', type: 'dummy' },
        { name: 'guarded', type: 'dummy', config: { executeUsers: ['writer'], readUsers: ['reader'] } },
        { name: 'everyone', type: 'dummy', config: { executeUsers: ['*'], readUsers: [] } },
      ],
    },
  });
});
afterAll(() => server.stop());

/** Every request in the store, whoever made it: the ground truth that nothing was recorded. */
async function storedRequests() {
  return server.scheduler.store.listRequests({ limit: 10_000 });
}

/** The arguments of the guarded request the writer submits, which get, status and cancel name. */
const SHARED_ARGS = { numberOfMetrics: 2 };

type Cell = 'allowed' | 'execute' | 'read';
const MATRIX: Record<string, Record<string, Cell>> = {
  writer: { run: 'allowed', submit: 'allowed', get: 'allowed', status: 'allowed', cancel: 'allowed' },
  reader: { run: 'execute', submit: 'execute', get: 'allowed', status: 'allowed', cancel: 'execute' },
  stranger: { run: 'execute', submit: 'execute', get: 'read', status: 'read', cancel: 'execute' },
};

describe('the permission matrix through /scheduler/query', () => {
  beforeAll(async () => {
    // The request get/status/cancel name: the writer's unlabelled submit with SHARED_ARGS.
    const submitted = await server.query('guarded', { type: 'submit', args: SHARED_ARGS }, { user: 'writer' });
    expect(submitted.status).toBe(200);
    await eventually(async () => {
      const [row] = statusRows((await server.query('guarded', { type: 'status', args: SHARED_ARGS }, { user: 'writer' })).json);
      return row!.Status === 'COMPLETE' ? row : undefined;
    });
  });

  let cellNumber = 0;
  for (const [user, row] of Object.entries(MATRIX)) {
    for (const [type, expected] of Object.entries(row)) {
      // run and submit get args of their own, so a refused one can be looked for afterwards.
      const ownArgs = { numberOfMetrics: 3, metricMax: 1000 + cellNumber++ };
      it(`${user} ${type}: ${expected === 'allowed' ? 'allowed' : `403, needs ${expected} permission`}`, async () => {
        const args = type === 'run' || type === 'submit' ? ownArgs : SHARED_ARGS;
        const before = await storedRequests();
        const response = await server.query('guarded', { type, args }, { user });

        if (expected === 'allowed') {
          expect(response.status).toBe(200);
          expect(response.json[0].type).toBe('table');
          return;
        }
        expect(response.status).toBe(403);
        expect(response.json.code).toBe('FORBIDDEN');
        expect(response.json.message).toContain(`user "${user}"`);
        expect(response.json.message).toContain('job "guarded"');
        expect(response.json.message).toContain(`${expected} permission`);

        // Nothing stored, nothing queued or executed.
        const after = await storedRequests();
        expect(after.map((request) => request.id)).toEqual(before.map((request) => request.id));
        const writerView = await server.get('/api/v1/requests?job=guarded', { user: 'writer' });
        expect(writerView.json.filter((request: { args: { metricMax?: number } }) => request.args.metricMax === ownArgs.metricMax)).toEqual([]);
        if (user === 'reader') {
          // The reader may read guarded, so a request of theirs would show in their own list.
          expect((await server.get('/api/v1/requests?job=guarded', { user: 'reader' })).json).toEqual([]);
        }
        if (type === 'submit') {
          // No key was taken: the writer's identical submit is a new request.
          const writerSubmit = await server.post('/api/v1/requests', { job: 'guarded', args }, { user: 'writer' });
          expect(writerSubmit.status).toBe(201);
          expect(writerSubmit.json.created).toBe(true);
        }
      });
    }
  }

  it("the writer's cancel stops a running request; the reader's and stranger's leave it running", async () => {
    const args = { delaySec: 30, numberOfMetrics: 4 };
    await server.query('guarded', { type: 'submit', args }, { user: 'writer' });
    await eventually(async () => {
      const [row] = statusRows((await server.query('guarded', { type: 'status', args }, { user: 'writer' })).json);
      return row!.Status === 'RUNNING' ? row : undefined;
    });
    for (const user of ['reader', 'stranger']) {
      const refused = await server.query('guarded', { type: 'cancel', args }, { user });
      expect(refused.status).toBe(403);
      expect(refused.json.message).toContain('execute permission');
    }
    const [still] = statusRows((await server.query('guarded', { type: 'status', args }, { user: 'reader' })).json);
    expect(still!.Status).toBe('RUNNING');

    const cancelled = await server.query('guarded', { type: 'cancel', args }, { user: 'writer' });
    expect(statusRows(cancelled.json)[0]!.Status).toBe('CANCELLED');
  });

  it('the reader may read the stored result the writer submitted', async () => {
    const response = await server.query('guarded', { type: 'get', args: SHARED_ARGS }, { user: 'reader' });
    expect(response.status).toBe(200);
    expect(response.json[0].columns.map((column: { text: string }) => column.text)).toEqual(['time', 'metric0', 'metric1']);
  });

  it('a stranger does not see the job in search, metrics or the job list', async () => {
    expect((await server.post('/scheduler/search', { target: '' }, { user: 'stranger' })).json).not.toContain('guarded');
    expect((await server.post('/scheduler/search', { target: '' }, { user: 'reader' })).json).toContain('guarded');
    const metrics = await server.post('/scheduler/metrics', {}, { user: 'stranger' });
    expect(metrics.json.map((metric: { value: string }) => metric.value)).not.toContain('guarded');
    const jobs = await server.get('/api/v1/jobs', { user: 'stranger' });
    expect(jobs.json.map((job: { name: string }) => job.name)).not.toContain('guarded');
  });

  it('a stranger cannot create a guarded request through the native API either', async () => {
    const before = await storedRequests();
    const response = await server.post('/api/v1/requests', { job: 'guarded', type: 'submit', args: { numberOfMetrics: 6 } }, { user: 'stranger' });
    expect(response.status).toBe(403);
    expect(response.json.message).toContain('job "guarded"');
    expect((await storedRequests()).length).toBe(before.length);
  });
});

describe('identity comes only from the X-Grafana-User header', () => {
  it('a user field in data is ignored: a stranger claiming to be the writer is refused', async () => {
    const before = await storedRequests();
    const response = await server.query('guarded', { type: 'run', user: 'writer', args: { numberOfMetrics: 5 } }, { user: 'stranger' });
    expect(response.status).toBe(403);
    expect(response.json.message).toContain('user "stranger"');
    expect((await storedRequests()).length).toBe(before.length);
  });

  it('a user field in a simpod payload is ignored too', async () => {
    for (const payload of [{ type: 'submit', user: 'writer', numberOfMetrics: 5 }, JSON.stringify({ type: 'submit', user: 'writer', numberOfMetrics: 5 })]) {
      const response = await server.post('/scheduler/query', { targets: [{ refId: 'A', target: 'guarded', payload }] }, { user: 'stranger' });
      expect(response.status).toBe(403);
      expect(response.json.message).toContain('user "stranger"');
    }
    const writerSubmit = await server.post('/api/v1/requests', { job: 'guarded', args: { numberOfMetrics: 5 } }, { user: 'writer' });
    expect(writerSubmit.json.created).toBe(true);
  });

  it("a user field in the body does not change who the header's user is recorded as", async () => {
    const response = await server.query('everyone', { type: 'submit', user: 'somebody-else', args: { numberOfMetrics: 7 } }, { user: 'honest' });
    expect(response.status).toBe(200);
    expect(statusRows(response.json)[0]!.User).toBe('honest');
    expect((await server.get('/api/v1/requests', { user: 'somebody-else' })).json).toEqual([]);
  });

  it('a user field at the target level or top level of the body is ignored', async () => {
    const response = await server.post(
      '/scheduler/query',
      { user: 'writer', targets: [{ refId: 'A', target: 'guarded', user: 'writer', data: { type: 'run' } }] },
      { user: 'stranger' },
    );
    expect(response.status).toBe(403);
  });

  it('no header means user *', async () => {
    const response = await server.query('everyone', { type: 'submit', args: { numberOfMetrics: 8 } });
    expect(response.status).toBe(200);
    expect(statusRows(response.json)[0]!.User).toBe('*');

    const refused = await server.query('guarded', { type: 'run' });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toContain('user "*"');

    const listed = await server.get('/api/v1/requests');
    expect(listed.json.map((request: { user: string }) => request.user)).toEqual(['*']);
  });

  it('an empty header also means user *', async () => {
    const response = await server.query('guarded', { type: 'run' }, { user: '' });
    expect(response.status).toBe(403);
    expect(response.json.message).toContain('user "*"');
  });

  it('* in executeUsers lets everyone run and submit', async () => {
    for (const user of ['anyone', 'stranger', 'reader']) {
      const run = await server.query('everyone', { type: 'run', args: { numberOfMetrics: 1 } }, { user });
      expect(run.status).toBe(200);
      expect(run.json[0].columns[0].text).toBe('time');
    }
    const submitted = await server.query('everyone', { type: 'submit', args: { numberOfMetrics: 9 } }, { user: 'anyone' });
    expect(submitted.status).toBe(200);
  });

  it('a job with no lists lets everyone do everything', async () => {
    const response = await server.query('demo', { type: 'run' }, { user: 'random-person' });
    expect(response.status).toBe(200);
  });
});

describe('labelled requests belong to their user on /api/v1/requests/:id', () => {
  it('another user can neither read nor cancel them; the owner can', async () => {
    const submitted = await server.post(
      '/api/v1/requests',
      { job: 'everyone', type: 'submit', label: 'private-report', source: 'finance', args: { delaySec: 30, numberOfMetrics: 10 } },
      { user: 'owner' },
    );
    expect(submitted.status).toBe(201);
    const id = submitted.json.request.id as string;

    for (const user of ['intruder', 'writer', '*']) {
      const read = await server.get(`/api/v1/requests/${id}`, { user });
      expect(read.status).toBe(404);
      expect(read.json.message).toContain(`user "${user}"`);
      expect((await server.get(`/api/v1/requests/${id}/result`, { user })).status).toBe(404);
      const cancel = await server.post(`/api/v1/requests/${id}/cancel`, {}, { user });
      expect(cancel.status).toBe(404);
    }
    const owned = await server.get(`/api/v1/requests/${id}`, { user: 'owner' });
    expect(owned.status).toBe(200);
    expect(['queued', 'running']).toContain(owned.json.state);

    const cancelled = await server.post(`/api/v1/requests/${id}/cancel`, {}, { user: 'owner' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
  });

  it("the reader cannot open the writer's labelled guarded request by id", async () => {
    const submitted = await server.post('/api/v1/requests', { job: 'guarded', label: 'writers-own', args: { numberOfMetrics: 11 } }, { user: 'writer' });
    expect(submitted.status).toBe(201);
    const id = submitted.json.request.id as string;
    expect((await server.get(`/api/v1/requests/${id}`, { user: 'reader' })).status).toBe(404);
    expect((await server.get(`/api/v1/requests/${id}`, { user: 'writer' })).status).toBe(200);
  });

  it("a stranger cannot open an unlabelled guarded request by id", async () => {
    const submitted = await server.post('/api/v1/requests', { job: 'guarded', args: { numberOfMetrics: 12 } }, { user: 'writer' });
    const id = submitted.json.request.id as string;
    expect((await server.get(`/api/v1/requests/${id}`, { user: 'stranger' })).status).toBe(404);
    expect((await server.post(`/api/v1/requests/${id}/cancel`, {}, { user: 'stranger' })).status).toBe(404);
    expect((await server.get(`/api/v1/requests/${id}`, { user: 'reader' })).status).toBe(200);
  });
});
