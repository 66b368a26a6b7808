/**
 * A real HTTP API on a loopback port for the rest executor's tests: it answers with the given
 * handler and records every request it receives (method, path, decoded query, headers, body),
 * so tests can prove both what arrived and that nothing arrived.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startScheduler, type TestScheduler } from '../../helpers/start-scheduler.js';

export interface ReceivedRequest {
  method: string;
  /** The raw request target: path and query exactly as sent. */
  rawUrl: string;
  path: string;
  /** Every query parameter with all its values, decoded. */
  query: Record<string, string[]>;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, received: ReceivedRequest) => void | Promise<void>;

export interface TestApi {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  received: ReceivedRequest[];
  /** Replaces the handler for the next requests. */
  answer(handler: Handler): void;
  close(): Promise<void>;
}

/** Answers JSON with status 200. */
export function json(value: unknown, contentType = 'application/json'): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': contentType });
    response.end(typeof value === 'string' ? value : JSON.stringify(value));
  };
}

export async function startTestApi(handler: Handler = json([])): Promise<TestApi> {
  let current = handler;
  const received: ReceivedRequest[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const query: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
    const entry: ReceivedRequest = {
      method: request.method ?? '',
      rawUrl: request.url ?? '',
      path: url.pathname,
      query,
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    received.push(entry);
    try {
      await current(request, response, entry);
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    answer: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on loopback where nothing listens (taken, then freed). */
export async function closedPort(): Promise<number> {
  const api = await startTestApi();
  await api.close();
  return api.port;
}

/** A Scheduler with one `rest` job named `api` (plus any others) — the usual test setup. */
export function schedulerWithRestJob(config: Record<string, unknown>, more: Record<string, unknown>[] = []): Promise<TestScheduler> {
  return startScheduler({ config: { jobsConfigList: [{ name: 'api', type: 'rest', config }, ...more] } });
}
