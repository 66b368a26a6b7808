/**
 * An API that misbehaves fails the request with a message that says which way: an error
 * status with the start of its body, HTML, invalid or truncated JSON, no answer in time, too
 * big an answer, nobody listening. Messages never show header values or the query string,
 * which may hold secrets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, statusRows, type TestScheduler } from '../../helpers/start-scheduler.js';
import { closedPort, json, schedulerWithRestJob, startTestApi, type Handler, type TestApi } from './test-api.js';

const HEADER_SECRET = 'Bearer header-secret-4f1d';
const QUERY_SECRET = 'query-secret-9c2e';

let api: TestApi;
let server: TestScheduler | undefined;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
afterEach(async () => {
  await server?.stop();
  server = undefined;
  api.received.length = 0;
});

/** Runs job `api` against an API answering with `handler`; returns the failure message. */
async function failureFor(handler: Handler, config: Record<string, unknown> = {}): Promise<string> {
  api.answer(handler);
  server = await schedulerWithRestJob({ uri: `${api.origin}/api/items?api_key=${QUERY_SECRET}`, headers: { Authorization: HEADER_SECRET }, ...config });
  const response = await server.query('api', { type: 'run' });
  expect(response.status, response.text).toBe(422);
  const message = response.json.message as string;
  expect(message).not.toContain(HEADER_SECRET);
  expect(message).not.toContain('header-secret');
  expect(message).not.toContain(QUERY_SECRET);
  return message;
}

const where = () => `127.0.0.1:${api.port}/api/items`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('error statuses', () => {
  it('500 fails with the status, its reason and the start of the body', async () => {
    const message = await failureFor((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'database down', detail: 'x'.repeat(1000) }));
    });
    expect(message).toMatch(new RegExp(`^job "api" failed: HTTP 500 Internal Server Error from ${where()}: \\{"error":"database down","detail":"x+…$`));
    expect(message.length).toBeLessThan(450);
  });

  it('404 with an empty body says so', async () => {
    const message = await failureFor((_request, response) => {
      response.writeHead(404);
      response.end();
    });
    expect(message).toBe(`job "api" failed: HTTP 404 Not Found from ${where()}: (empty body)`);
  });
});

describe('answers that are not a table', () => {
  it('HTML fails naming the content type and saying JSON or CSV was expected', async () => {
    const message = await failureFor((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html><html><body>Please log in</body></html>');
    });
    expect(message).toBe(
      `job "api" failed: expected JSON or CSV from ${where()}, got content type "text/html; charset=utf-8"; if the API sends JSON under another content type, set json: true`,
    );
  });

  it('truncated JSON fails saying it is invalid and looks truncated', async () => {
    const message = await failureFor(json('[{"host":"a","value":1},{"host":"b","val'));
    expect(message).toContain(`invalid JSON from ${where()}: the answer ends in the middle of a JSON value, at line 1, column 41 (after 40 characters)`);
    expect(message).toContain('it looks truncated; the answer starts with "[{\\"host\\":\\"a\\"');
  });

  it('invalid JSON fails saying where: line, column and the text around it', async () => {
    const message = await failureFor(json('{\n  "a": 1,\n  "b": [1, 2,]\n}'));
    expect(message).toContain(`invalid JSON from ${where()}: Unexpected token ']' at line 3, column 14, near`);
  });

  it('JSON served as text/plain is refused unless json: true', async () => {
    const message = await failureFor(json([{ a: 1 }], 'text/plain'));
    expect(message).toContain('got content type "text/plain"; if the API sends JSON under another content type, set json: true');
  });

  it('a connection cut in the middle of the body fails saying the answer was incomplete', async () => {
    const message = await failureFor(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('[{"a":1},');
      await sleep(50);
      response.destroy();
    });
    expect(message).toBe(`job "api" failed: the connection to 127.0.0.1:${api.port} broke after 9 bytes of the answer from ${where()}, before it was complete`);
  });
});

describe('limits', () => {
  it('an API that never answers fails at requestTimeoutSec, naming the setting', async () => {
    const started = Date.now();
    const message = await failureFor(() => undefined, { requestTimeoutSec: 0.5 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(message).toBe(`job "api" failed: no complete answer from ${where()} within requestTimeoutSec=0.5 s; raise requestTimeoutSec if the API is that slow`);
  });

  it('an answer that stops half-way also fails at requestTimeoutSec', async () => {
    const message = await failureFor(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('[{"a":1},');
      },
      { requestTimeoutSec: 0.5 },
    );
    expect(message).toContain('within requestTimeoutSec=0.5 s');
  });

  it('an answer over maxResponseBytes fails naming the setting: by its Content-Length, before reading it', async () => {
    const message = await failureFor(
      (_request, response) => {
        // Headers only, and the body never comes: only the declared length can explain a quick failure.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        response.flushHeaders();
      },
      { maxResponseBytes: 1000, requestTimeoutSec: 20 },
    );
    expect(message).toBe(
      `job "api" failed: the answer from ${where()} is larger than maxResponseBytes=1000 (it declares 5000 bytes); raise maxResponseBytes or ask the API for less`,
    );
  });

  it('an answer over maxResponseBytes fails naming the setting: streamed without a length, cut off once past it', async () => {
    let written = 0;
    const message = await failureFor(
      async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('[');
        // Far more than the cap, in pieces: the reader must stop at the cap, not wait for the end.
        for (let piece = 0; piece < 2000 && !response.destroyed; piece++) {
          response.write(`${JSON.stringify({ n: piece, text: 'y'.repeat(1000) })},`);
          written++;
          await sleep(1);
        }
        response.end('{}]');
      },
      { maxResponseBytes: 100_000 },
    );
    expect(message).toMatch(/is larger than maxResponseBytes=100000 \(cut off after \d+ bytes\)/);
    await sleep(100);
    expect(written).toBeLessThan(2000);
  });

  it('a CSV over maxResponseBytes fails naming the setting even when rows were already flowing', async () => {
    const message = await failureFor(
      async (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/csv' });
        response.write('n,text\n');
        for (let n = 0; n < 20_000 && !response.destroyed; n++) {
          response.write(`${n},${'z'.repeat(100)}\n`);
          if (n % 500 === 0) await sleep(1);
        }
        response.end();
      },
      { maxResponseBytes: 500_000 },
    );
    expect(message).toContain('is larger than maxResponseBytes=500000');
  });
});

describe('cancel and the job\'s own timeout', () => {
  it('a cancelled request drops the connection to the API at once', async () => {
    let connectionClosed = false;
    api.answer((_request, response) => {
      response.on('close', () => {
        connectionClosed = true;
      });
    });
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items`, requestTimeoutSec: 60 });
    const s = server;
    await s.query('api', { type: 'submit' });
    await eventually(async () => (api.received.length === 1 ? true : undefined));
    await s.query('api', { type: 'cancel' });
    const row = await eventually(async () => {
      const [status] = statusRows((await s.query('api', { type: 'status' })).json);
      return status!.Status === 'CANCELLED' ? status : undefined;
    });
    expect(row.Notes).toContain('cancelled by user');
    await eventually(async () => (connectionClosed ? true : undefined), 5_000, 'the API to see the connection closed');
  });

  it("the job's timeoutSec, shorter than requestTimeoutSec, wins and says so", async () => {
    api.answer(() => undefined);
    server = await schedulerWithRestJob({ uri: `${api.origin}/api/items`, requestTimeoutSec: 60, timeoutSec: 0.3 });
    const response = await server.query('api', { type: 'run' });
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('timeoutSec of 0.3 s');
  });
});

describe('network failures', () => {
  it('connection refused names host and port', async () => {
    const port = await closedPort();
    server = await schedulerWithRestJob({ uri: `http://127.0.0.1:${port}/api?api_key=${QUERY_SECRET}`, headers: { Authorization: HEADER_SECRET } });
    const response = await server.query('api', { type: 'run' });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe(`job "api" failed: could not connect to 127.0.0.1:${port}: connection refused (is the API running, and is the job's uri right?)`);
  });

  it('a host that does not resolve names host and port', async () => {
    server = await schedulerWithRestJob({ uri: 'http://no-such-host.invalid/api' });
    const response = await server.query('api', { type: 'run' });
    expect(response.status).toBe(422);
    expect(response.json.message).toMatch(/^job "api" failed: could not find the host of no-such-host\.invalid:80: DNS lookup failed \(E[A-Z_]+\)$/);
  });
});

it('a submitted request that fails shows the same message in its status', async () => {
  api.answer((_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain' });
    response.end('maintenance until 10:00');
  });
  server = await schedulerWithRestJob({ uri: `${api.origin}/api/items` });
  const submitted = await server.post('/api/v1/requests', { job: 'api', args: {} });
  expect(submitted.status).toBe(201);
  let state = '';
  let error = '';
  for (let attempt = 0; attempt < 200 && state !== 'failed'; attempt++) {
    const current = await server.get(`/api/v1/requests/${submitted.json.request.id}`);
    ({ state, error } = current.json);
    await sleep(25);
  }
  expect(state).toBe('failed');
  expect(error).toBe(`HTTP 503 Service Unavailable from 127.0.0.1:${api.port}/api/items: maintenance until 10:00`);
});
