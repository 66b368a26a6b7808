/**
 * The API key: with `apiKeyValue` set, every route but Grafana's Test connection and health needs
 * it, in the original's `schedulerKey` header or as `Authorization: Bearer`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type TestScheduler } from '../helpers/start-scheduler.js';

const KEY = 's3cret';
let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({ config: { apiKeyValue: KEY } });
});
afterAll(() => server.stop());

const RUN = { targets: [{ refId: 'A', target: 'demo', data: { type: 'run' } }] };

async function storedCount(): Promise<number> {
  return (await server.scheduler.store.listRequests({ limit: 10_000 })).length;
}

describe('without the key', () => {
  it('a query is a 401 that says which header to send, and nothing runs', async () => {
    const before = await storedCount();
    const response = await server.post('/scheduler/query', RUN);
    expect(response.status).toBe(401);
    expect(response.json.code).toBe('UNAUTHORIZED');
    expect(response.json.message).toContain('schedulerKey');
    expect(response.json.message).toContain('Authorization: Bearer');
    expect(response.json.message).not.toContain(KEY);
    expect(await storedCount()).toBe(before);
  });

  it('every other route is a 401 too', async () => {
    for (const [method, route] of [
      ['POST', '/scheduler/search'],
      ['POST', '/scheduler/metrics'],
      ['POST', '/scheduler/variable'],
      ['GET', '/api/v1/jobs'],
      ['GET', '/api/v1/requests'],
      ['POST', '/api/v1/requests'],
      ['GET', '/api/v1/openapi.json'],
    ] as const) {
      const response = method === 'GET' ? await server.get(route) : await server.post(route, { job: 'demo' });
      expect(response.status, `${method} ${route}`).toBe(401);
      expect(response.json.message).not.toContain(KEY);
    }
  });

  it('an empty key header counts as no key', async () => {
    const response = await server.post('/scheduler/query', RUN, { headers: { schedulerKey: '' } });
    expect(response.status).toBe(401);
    expect(response.json.message).toContain('schedulerKey');
  });

  it("GET /scheduler (Grafana's Test connection) and the health checks need no key", async () => {
    expect((await server.get('/scheduler')).status).toBe(200);
    expect((await server.get('/scheduler/')).status).toBe(200);
    expect((await server.get('/health')).status).toBe(200);
    expect((await server.get('/api/v1/health')).status).toBe(200);
  });
});

describe('with a wrong key', () => {
  it('is a 401 in either header, and the message never shows the configured key', async () => {
    const before = await storedCount();
    const wrongKeys: Array<Record<string, string>> = [
      { schedulerKey: 'wrong' },
      { schedulerKey: `${KEY}x` },
      { schedulerKey: KEY.slice(0, -1) },
      { authorization: 'Bearer nope' },
      { authorization: `Bearer ${KEY}-and-more` },
    ];
    for (const headers of wrongKeys) {
      const response = await server.post('/scheduler/query', RUN, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.json.message).toContain('wrong');
      expect(response.json.message).not.toContain(KEY);
      expect(response.text).not.toContain(KEY);
    }
    expect(await storedCount()).toBe(before);
  });

  it('a key in another authorization scheme is not accepted', async () => {
    const response = await server.post('/scheduler/query', RUN, { headers: { authorization: `Basic ${KEY}` } });
    expect(response.status).toBe(401);
    expect(response.json.message).not.toContain(KEY);
  });
});

describe('with the right key', () => {
  it('in the schedulerKey header, a query answers 200', async () => {
    const response = await server.post('/scheduler/query', RUN, { headers: { schedulerKey: KEY } });
    expect(response.status).toBe(200);
    expect(response.json[0].type).toBe('table');
  });

  it('as Authorization: Bearer, a query answers 200', async () => {
    const response = await server.post('/scheduler/query', RUN, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    expect(response.json[0].columns[0].text).toBe('time');
  });

  it('opens the native API too', async () => {
    const jobs = await server.get('/api/v1/jobs', { headers: { schedulerKey: KEY } });
    expect(jobs.status).toBe(200);
    expect(jobs.json.map((job: { name: string }) => job.name)).toContain('demo');
    const openapi = await server.get('/api/v1/openapi.json', { headers: { authorization: `Bearer ${KEY}` } });
    expect(openapi.status).toBe(200);
  });
});
