/**
 * The yardstick: a bare `node:http` server doing what a `run` answer minimally needs — read and
 * parse the JSON body, build a 20 × 2 table (time, metric0) per request, answer Grafana's table
 * JSON. No framework, no store, no queue.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const POINTS = 20;

function answer(body: string): string {
  const query = JSON.parse(body) as { targets: Array<{ refId?: string }> };
  const end = Date.now();
  const step = 3_600_000 / (POINTS - 1);
  const rows: number[][] = [];
  for (let point = 0; point < POINTS; point++) rows.push([Math.round(end - 3_600_000 + point * step), Math.round(Math.random() * 100 * 100) / 100]);
  const columns = [
    { text: 'time', type: 'time' },
    { text: 'metric0', type: 'number' },
  ];
  return JSON.stringify(query.targets.map((target) => ({ type: 'table', refId: target.refId, columns, rows })));
}

export async function startBaselineServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const json = answer(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(json);
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
