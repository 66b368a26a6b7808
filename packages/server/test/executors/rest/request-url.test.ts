/**
 * What reaches the API: arguments become URL-encoded query parameters (or a JSON body for POST)
 * and fill path placeholders one safe segment at a time; they never change the scheme, host,
 * port or path. Every test looks at what a real API on loopback received — or did not.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type TestScheduler } from '../../helpers/start-scheduler.js';
import { json, schedulerWithRestJob, startTestApi, type TestApi } from './test-api.js';

let api: TestApi;
let server: TestScheduler | undefined;
beforeAll(async () => {
  api = await startTestApi(json([{ ok: true }]));
});
afterAll(() => api.close());
afterEach(async () => {
  await server?.stop();
  server = undefined;
  api.received.length = 0;
  api.answer(json([{ ok: true }]));
});

const run = (args: Record<string, unknown>, job = 'api') => server!.query(job, { type: 'run', args });

describe('query parameters', () => {
  it('arrive decoded exactly as given: spaces, &, =, #, +, %, Unicode, and repeated for multi-value arguments', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items`, argSet: { q: { multiple: true }, text: {} } });
    const text = '#not-a-fragment + 100% ünïcödé 🎉 a=b&c';
    const response = await run({ q: ['a b', 'x&y=z'], text });
    expect(response.status, response.text).toBe(200);
    expect(api.received).toHaveLength(1);
    const [request] = api.received;
    expect(request!.path).toBe('/api/items');
    expect(request!.query).toEqual({ q: ['a b', 'x&y=z'], text: [text] });
    expect(request!.rawUrl).toContain('q=a%20b&q=x%26y%3Dz');
  });

  it('keeps the query of the configured uri and adds fixedArgs', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items?format=json&limit=10`, fixedArgs: { region: 'eu west' }, argSet: { q: {} } });
    expect((await run({ q: 'cpu' })).status).toBe(200);
    expect(api.received[0]!.query).toEqual({ format: ['json'], limit: ['10'], region: ['eu west'], q: ['cpu'] });
  });

  it('a request cannot add a second value to a parameter the configured uri sets', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items?format=json` });
    const response = await run({ format: 'csv' });
    expect(response.status).toBe(400);
    expect(response.json.message).toBe('invalid arguments: argument "format" is already set in the query of the job\'s uri and cannot be given by a request');
    expect(api.received).toHaveLength(0);
  });

  it('a value that looks like a URL or a path only ever arrives as a query value', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items`, argSet: { q: {}, next: {} } });
    for (const value of ['http://evil.example/', '../admin', '//evil.example/x', '?admin=1#', '@evil.example:80/']) {
      expect((await run({ q: value, next: value })).status).toBe(200);
    }
    expect(api.received).toHaveLength(5);
    for (const request of api.received) {
      expect(request.path).toBe('/api/items');
      expect(request.headers.host).toBe(`127.0.0.1:${api.port}`);
      expect(Object.keys(request.query).sort()).toEqual(['next', 'q']);
    }
    expect(api.received.map((request) => request.query.q![0])).toEqual(['http://evil.example/', '../admin', '//evil.example/x', '?admin=1#', '@evil.example:80/']);
  });

  it('without an argSet, the original rule refuses other characters with a 400 naming the argument, before any call', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items` });
    const response = await run({ q: 'http://evil/' });
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('argument "q" may only contain letters, digits, spaces, ".", "-" and "_"');
    expect((await run({ q: 'plain text 1.5' })).status).toBe(200);
    expect(api.received.map((request) => request.query)).toEqual([{ q: ['plain text 1.5'] }]);
  });
});

describe('path placeholders', () => {
  it('are filled with the URL-encoded value, which is then not repeated in the query', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/{kind}/items/{id}.json?v=2`, argSet: { kind: {}, id: {}, q: {} } });
    expect((await run({ kind: 'hosts', id: 'a b&c=d?#ü', q: 'x' })).status).toBe(200);
    const [request] = api.received;
    expect(request!.rawUrl).toBe('/api/hosts/items/a%20b%26c%3Dd%3F%23%C3%BC.json?v=2&q=x');
    expect(request!.path).toBe('/api/hosts/items/a%20b%26c%3Dd%3F%23%C3%BC.json');
    expect(request!.query).toEqual({ v: ['2'], q: ['x'] });
  });

  it.each(['..', '.', '../admin', 'a/b', 'a\\b', '%2e%2e', '%2E%2e%2Fadmin', '%252e%252e%252f', '..;jsessionid=1'])(
    'refuse %j naming the argument, and the API receives nothing',
    async (value) => {
      server = await schedulerWithRestJob({ uri: `${api.origin}/api/items/{id}/detail`, argSet: { id: {} } });
      const response = await run({ id: value });
      expect(response.status).toBe(400);
      expect(response.json.message).toContain('argument "id" cannot fill {id} in the path');
      expect(response.json.message).toContain('would leave its path segment');
      expect(api.received).toHaveLength(0);
    },
  );

  it('without an argSet, ".." passes the original rule but is still refused, like "/"', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items/{id}` });
    const dots = await run({ id: '..' });
    expect(dots.status).toBe(400);
    expect(dots.json.message).toContain('argument "id" cannot fill {id}');
    const slash = await run({ id: 'a/b' });
    expect(slash.status).toBe(400);
    expect(slash.json.message).toContain('argument "id"');
    expect(api.received).toHaveLength(0);
    expect((await run({ id: 'host-1.b' })).status).toBe(200);
    expect(api.received[0]!.path).toBe('/api/items/host-1.b');
  });

  it('a missing, empty or multi-value placeholder argument fails naming it, and nothing is sent', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items/{id}`, argSet: { id: { multiple: true } } });
    const missing = await run({});
    expect(missing.json.message).toContain('argument "id" cannot fill {id} in the path of the job\'s uri: the request did not give it; declare it in argSet with required: true');
    expect((await run({ id: '' })).json.message).toContain('it is empty');
    expect((await run({ id: ['a', 'b'] })).json.message).toContain('a path takes one value, got 2');
    expect(api.received).toHaveLength(0);
  });

  it('can be filled by fixedArgs', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/{version}/items`, fixedArgs: { version: 'v2' } });
    expect((await run({})).status).toBe(200);
    expect(api.received[0]!.rawUrl).toBe('/api/v2/items');
  });
});

describe('POST and headers', () => {
  it('POST sends the arguments as a JSON body, typed, and not in the query', async () => {
    server = await schedulerWithRestJob({
      uri: `${api.origin}/api/search/{index}?pretty=1`,
      method: 'post',
      argSet: { index: {}, n: { type: 'number' }, tags: { multiple: true }, exact: { type: 'boolean' }, q: {} },
    });
    expect((await run({ index: 'logs', n: '5', tags: ['a', 'b c'], exact: 'true', q: 'x&y' })).status).toBe(200);
    const [request] = api.received;
    expect(request!.method).toBe('POST');
    expect(request!.rawUrl).toBe('/api/search/logs?pretty=1');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({ n: 5, tags: ['a', 'b c'], exact: true, q: 'x&y' });
  });

  it('sends the configured headers, with Accept and User-Agent defaults that headers can override', async () => {
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items`, headers: { Authorization: 'Bearer s3cr3t', 'X-Tenant': 42, accept: 'application/json' } });
    expect((await run({})).status).toBe(200);
    const { headers } = api.received[0]!;
    expect(headers.authorization).toBe('Bearer s3cr3t');
    expect(headers['x-tenant']).toBe('42');
    expect(headers.accept).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^Scheduler\//);
  });

  it('answers to the original type name "uri" too', async () => {
    server = await startScheduler({ config: { jobsConfigList: [{ name: 'old', type: 'uri', config: { uri: `${api.origin}/old` } }] } });
    expect((await run({}, 'old')).status).toBe(200);
    expect(api.received[0]!.path).toBe('/old');
  });
});
