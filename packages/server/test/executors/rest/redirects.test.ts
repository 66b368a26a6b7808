/**
 * Redirects are followed by hand: within the configured origin up to maxRedirects, to another
 * host only when allowRedirectHosts lists it, and the job's headers (secrets) never leave the
 * configured origin. A refused hop is never requested: the other server proves it.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestScheduler } from '../../helpers/start-scheduler.js';
import { json, schedulerWithRestJob, startTestApi, type TestApi } from './test-api.js';

const SECRET = 'Bearer redirect-secret-77';

let api: TestApi;
let other: TestApi;
let server: TestScheduler | undefined;
beforeAll(async () => {
  api = await startTestApi();
  other = await startTestApi(json([{ from: 'other' }]));
});
afterAll(async () => {
  await api.close();
  await other.close();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  api.received.length = 0;
  other.received.length = 0;
  other.answer(json([{ from: 'other' }]));
});

function redirect(response: ServerResponse, status: number, location: string): void {
  response.writeHead(status, { location });
  response.end();
}

async function run(config: Record<string, unknown>, args: Record<string, unknown> = {}) {
  server = await schedulerWithRestJob({ uri: `${api.origin}/start?api_key=k-secret`, headers: { Authorization: SECRET }, ...config });
  return server.query('api', { type: 'run', args });
}

describe('redirects within the configured origin', () => {
  it('are followed up to maxRedirects, relative or absolute, keeping the headers', async () => {
    api.answer((request, response) => {
      if (request.url!.startsWith('/start')) return redirect(response, 301, '/middle');
      if (request.url === '/middle') return redirect(response, 307, `${api.origin}/final?page=2`);
      return json([{ from: 'final' }])(request, response, api.received.at(-1)!);
    });
    const response = await run({});
    expect(response.status, response.text).toBe(200);
    expect(response.json[0].rows).toEqual([['final']]);
    expect(api.received.map((request) => request.rawUrl)).toEqual(['/start?api_key=k-secret', '/middle', '/final?page=2']);
    expect(api.received.every((request) => request.headers.authorization === SECRET)).toBe(true);
  });

  it('one more than maxRedirects fails naming the setting', async () => {
    api.answer((_request, response) => redirect(response, 302, '/start'));
    const response = await run({ maxRedirects: 2 });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe(`job "api" failed: HTTP 302 from 127.0.0.1:${api.port}/start would be redirect number 3, more than maxRedirects=2`);
    expect(api.received).toHaveLength(3);
  });

  it('303 after a POST continues as a GET without the body', async () => {
    api.answer((request, response) => {
      if (request.url!.startsWith('/start')) return redirect(response, 303, '/result');
      return json([{ method: request.method }])(request, response, api.received.at(-1)!);
    });
    const response = await run({ method: 'POST' }, { q: 'x' });
    expect(response.json[0].rows).toEqual([['GET']]);
    expect(api.received.map((request) => [request.method, request.body])).toEqual([['POST', '{"q":"x"}'], ['GET', '']]);
  });
});

describe('redirects to another host', () => {
  it('are refused with a message naming the host and the setting, and that host receives nothing', async () => {
    api.answer((_request, response) => redirect(response, 302, `${other.origin}/steal?x=1`));
    const response = await run({});
    expect(response.status).toBe(422);
    expect(response.json.message).toBe(
      `job "api" failed: HTTP 302 from 127.0.0.1:${api.port}/start redirects to another host (http://127.0.0.1:${other.port}), which is refused; list "127.0.0.1" in allowRedirectHosts to follow it`,
    );
    expect(response.json.message).not.toContain('secret');
    expect(other.received).toHaveLength(0);
  });

  it('are refused for another scheme or port of the same host name too', async () => {
    api.answer((_request, response) => redirect(response, 302, `https://127.0.0.1:${api.port}/start`));
    const response = await run({});
    expect(response.json.message).toContain(`redirects to another host (https://127.0.0.1:${api.port})`);
  });

  it('are followed when allowRedirectHosts lists host:port, without the job\'s headers', async () => {
    api.answer((_request, response) => redirect(response, 302, `${other.origin}/files/1`));
    const response = await run({ allowRedirectHosts: `cdn.example.com, 127.0.0.1:${other.port}` });
    expect(response.status, response.text).toBe(200);
    expect(response.json[0].rows).toEqual([['other']]);
    expect(other.received).toHaveLength(1);
    expect(other.received[0]!.headers.authorization).toBeUndefined();
    expect(other.received[0]!.headers.accept).toContain('application/json');
  });

  it("a redirect back to the configured origin carries the job's headers again", async () => {
    api.answer((request, response) => {
      if (request.url!.startsWith('/start')) return redirect(response, 302, `${other.origin}/bounce`);
      return json([{ back: true }])(request, response, api.received.at(-1)!);
    });
    other.answer((_request, response) => redirect(response, 307, `${api.origin}/back`));
    const response = await run({ allowRedirectHosts: [`127.0.0.1:${other.port}`] });
    expect(response.json[0].rows).toEqual([[true]]);
    expect(other.received[0]!.headers.authorization).toBeUndefined();
    expect(api.received.map((request) => [request.path, request.headers.authorization])).toEqual([['/start', SECRET], ['/back', SECRET]]);
  });

  it('are refused when allowRedirectHosts lists the host with another port', async () => {
    api.answer((_request, response) => redirect(response, 302, `${other.origin}/files/1`));
    const response = await run({ allowRedirectHosts: ['127.0.0.1:1'] });
    expect(response.status).toBe(422);
    expect(other.received).toHaveLength(0);
  });

  it('a redirect to a non-HTTP scheme is refused', async () => {
    api.answer((_request, response) => redirect(response, 302, 'file:///etc/passwd'));
    const response = await run({ allowRedirectHosts: ['127.0.0.1'] });
    expect(response.json.message).toContain('redirects to a file: URL; only http and https are followed');
  });
});
