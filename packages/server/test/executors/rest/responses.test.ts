/**
 * How an API's answer becomes the table Grafana shows: JSON arrays and objects, a rootSelector,
 * declared columns with selectors and types, nested values kept as JSON text, and CSV streamed
 * by its content type — for runs and for submitted (stored) results.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, statusRows, type TestScheduler } from '../../helpers/start-scheduler.js';
import { json, schedulerWithRestJob, startTestApi, type Handler, type TestApi } from './test-api.js';

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

interface GrafanaTable {
  columns: Array<{ text: string; type: string }>;
  rows: unknown[][];
}

/** Runs job `api` against an API answering with `handler`, and returns the answered table. */
async function tableFor(handler: Handler, config: Record<string, unknown> = {}): Promise<GrafanaTable> {
  api.answer(handler);
  server = await schedulerWithRestJob({ uri: `${api.origin}/data`, ...config });
  const response = await server.query('api', { type: 'run' });
  expect(response.status, response.text).toBe(200);
  return response.json[0] as GrafanaTable;
}

const columnsOf = (table: GrafanaTable) => table.columns.map(({ text, type }) => `${text}:${type}`);

describe('JSON answers', () => {
  it('an array of records is a table: columns are the union of keys, types inferred', async () => {
    const table = await tableFor(
      json([
        { time: '2024-01-01T00:00:00Z', value: 1.5, host: 'a', up: true },
        { time: '2024-01-01T00:01:00Z', value: 2, host: 'b', up: false, note: 'late' },
      ]),
    );
    expect(columnsOf(table)).toEqual(['time:time', 'value:number', 'host:string', 'up:boolean', 'note:string']);
    expect(table.rows).toEqual([
      [Date.parse('2024-01-01T00:00:00Z'), 1.5, 'a', true, null],
      [Date.parse('2024-01-01T00:01:00Z'), 2, 'b', false, 'late'],
    ]);
  });

  it('keeps nested objects and arrays as JSON text in their cell, as the original did', async () => {
    const table = await tableFor(json([{ id: 1, tags: ['a', 'b'], owner: { name: 'ana', teams: [1, 2] } }]));
    expect(columnsOf(table)).toEqual(['id:number', 'tags:string', 'owner:string']);
    expect(table.rows).toEqual([[1, '["a","b"]', '{"name":"ana","teams":[1,2]}']]);
  });

  it('an object is one row', async () => {
    const table = await tableFor(json({ status: 'ok', count: 3, build: { sha: 'abc' } }));
    expect(columnsOf(table)).toEqual(['status:string', 'count:number', 'build:string']);
    expect(table.rows).toEqual([['ok', 3, '{"sha":"abc"}']]);
  });

  it('rootSelector picks the array to read', async () => {
    const answer = { meta: { total: 2 }, data: { items: [{ name: 'x', n: 1 }, { name: 'y', n: 2 }] } };
    const table = await tableFor(json(answer), { rootSelector: '$.data.items' });
    expect(columnsOf(table)).toEqual(['name:string', 'n:number']);
    expect(table.rows).toEqual([['x', 1], ['y', 2]]);
  });

  it('a rootSelector that matches nothing fails instead of answering an empty table', async () => {
    api.answer(json({ data: {} }));
    server = await schedulerWithRestJob({ uri: `${api.origin}/data`, rootSelector: '$.data.items' });
    const response = await server.query('api', { type: 'run' });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe(`job "api" failed: rootSelector "$.data.items" matched nothing in the answer from 127.0.0.1:${api.port}/data`);
  });

  it('rootSelector $ is the whole answer, and full JSONPath (wildcards, filters) still works', async () => {
    expect((await tableFor(json([{ n: 1 }, { n: 2 }]), { rootSelector: '$' })).rows).toEqual([[1], [2]]);
    await server!.stop();
    const answer = { data: { items: [{ name: 'x', n: 1 }, { name: 'y', n: 2 }, { name: 'z', n: 3 }] } };
    expect((await tableFor(json(answer), { rootSelector: '$..items[?(@.n > 1)]' })).rows).toEqual([['y', 2], ['z', 3]]);
    await server!.stop();
    expect((await tableFor(json(answer), { rootSelector: '$.data.items[*].name' })).rows).toEqual([['x'], ['y'], ['z']]);
  });

  it('a rootSelector key path follows own keys only, and over a null answer matches nothing', async () => {
    api.answer(json({ data: { items: [{ n: 1 }] } }));
    server = await schedulerWithRestJob({ uri: `${api.origin}/data`, rootSelector: '$.data.constructor' });
    const inherited = await server.query('api', { type: 'run' });
    expect(inherited.json.message).toBe(`job "api" failed: rootSelector "$.data.constructor" matched nothing in the answer from 127.0.0.1:${api.port}/data`);
    api.answer(json(null));
    const nothing = await server.query('api', { type: 'run' });
    expect(nothing.json.message).toBe(`job "api" failed: rootSelector "$.data.constructor" matched nothing in the answer from 127.0.0.1:${api.port}/data`);
  });

  it('reads JSON whole even when characters are split between chunks', async () => {
    const handler: Handler = async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const bytes = Buffer.from(JSON.stringify([{ city: 'Zürich', mood: '😀' }]));
      const first = bytes.indexOf(Buffer.from('ü')) + 1; // inside the two bytes of ü
      const second = bytes.indexOf(Buffer.from('😀')) + 2; // inside the four bytes of 😀
      for (const part of [bytes.subarray(0, first), bytes.subarray(first, second)]) {
        response.write(part);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      response.end(bytes.subarray(second));
    };
    expect((await tableFor(handler)).rows).toEqual([['Zürich', '😀']]);
  });

  it('reads a large answer of declared length whole, all ASCII or not, and answers every row', async () => {
    // Over a megabyte, where a body is decoded into a string kept outside V8's heap; thousands
    // of rows, so the answer to Grafana is written in many pieces.
    const records = Array.from({ length: 12_000 }, (_, i) => ({ id: i, city: i % 1000 === 999 ? `Zürich ${i} 😀` : `city ${i}`, detail: { n: i, note: 'x'.repeat(60) } }));
    for (const ascii of [true, false]) {
      const sent = ascii ? records.map((record) => ({ ...record, city: `city ${record.id}` })) : records;
      const body = Buffer.from(JSON.stringify(sent));
      expect(body.length).toBeGreaterThan(1024 * 1024);
      const table = await tableFor((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        response.end(body);
      });
      await server?.stop();
      server = undefined;
      expect(columnsOf(table)).toEqual(['id:number', 'city:string', 'detail:string']);
      expect(table.rows).toHaveLength(sent.length);
      expect(table.rows[999]).toEqual([999, sent[999]!.city, JSON.stringify(sent[999]!.detail)]);
      expect(table.rows.map((row) => row[1])).toEqual(sent.map((record) => record.city));
    }
  });

  it('reads a compressed answer whole, whatever length it declares for the compressed bytes', async () => {
    const records = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `host-${i % 7}` }));
    const compressed = gzipSync(JSON.stringify(records));
    const table = await tableFor((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': compressed.length });
      response.end(compressed);
    });
    expect(table.rows).toHaveLength(2000);
    expect(table.rows[1999]).toEqual([1999, 'host-4']);
  });

  it('reads an answer that starts with a byte order mark', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([{ id: 1, name: 'a' }]))]);
    const table = await tableFor((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      response.end(body);
    });
    expect(table.rows).toEqual([[1, 'a']]);
  });

  it('declared columns pick values by selector and fix their types, overriding inference', async () => {
    const answer = {
      items: [
        { ts: 1_704_067_200, address: { city: 'Lyon' }, count: '7', id: 10 },
        { ts: 1_704_067_260, address: { city: 'Oslo' }, count: '8', id: 11 },
      ],
    };
    const table = await tableFor(json(answer), {
      rootSelector: '$.items',
      columns: [
        { name: 'when', selector: '$.ts', type: 'time' },
        { name: 'city', selector: '$.address.city' },
        { name: 'count', type: 'number' },
        { name: 'id', type: 'string' },
      ],
    });
    expect(columnsOf(table)).toEqual(['when:time', 'city:string', 'count:number', 'id:string']);
    expect(table.rows).toEqual([
      [1_704_067_200_000, 'Lyon', 7, '10'],
      [1_704_067_260_000, 'Oslo', 8, '11'],
    ]);
  });

  it('reads vendor +json types, and any type when the job sets json: true', async () => {
    expect((await tableFor(json([{ a: 1 }], 'application/vnd.api+json; charset=utf-8'))).rows).toEqual([[1]]);
    await server!.stop();
    expect((await tableFor(json([{ a: 2 }], 'text/plain'), { json: 'true' })).rows).toEqual([[2]]);
  });
});

describe('CSV answers', () => {
  it('text/csv is read as CSV with typed columns, even when a character is split between chunks', async () => {
    const handler: Handler = async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      const bytes = Buffer.from('time,city,temp\n2024-01-01T00:00:00Z,Zürich,1.5\n2024-01-01T01:00:00Z,Malmö,-2\n');
      const split = bytes.indexOf(Buffer.from('ü')) + 1; // inside the two bytes of ü
      response.write(bytes.subarray(0, split));
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.end(bytes.subarray(split));
    };
    const table = await tableFor(handler);
    expect(columnsOf(table)).toEqual(['time:time', 'city:string', 'temp:number']);
    expect(table.rows).toEqual([
      [Date.parse('2024-01-01T00:00:00Z'), 'Zürich', 1.5],
      [Date.parse('2024-01-01T01:00:00Z'), 'Malmö', -2],
    ]);
  });

  it('a submitted CSV of many rows is stored as it streams, and get returns it', async () => {
    const rowCount = 5000;
    api.answer(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/csv' });
      response.write('n,label\n');
      for (let n = 0; n < rowCount; n++) response.write(`${n},row ${n}\n`);
      response.end();
    });
    server = await schedulerWithRestJob({ uri: `${api.origin}/export.csv`, columns: [{ name: 'label', type: 'string' }] });
    const s = server;
    expect((await s.query('api', { type: 'submit' })).status).toBe(200);
    await eventually(async () => (statusRows((await s.query('api', { type: 'status' })).json)[0]!.Status === 'COMPLETE' ? true : undefined));
    const got = (await s.query('api', { type: 'get' })).json[0] as GrafanaTable;
    expect(columnsOf(got)).toEqual(['n:number', 'label:string']);
    expect(got.rows).toHaveLength(rowCount);
    expect(got.rows[4999]).toEqual([4999, 'row 4999']);
  });
});

it('204 No Content is an empty table', async () => {
  const table = await tableFor((_request, response) => {
    response.writeHead(204);
    response.end();
  });
  expect(table.rows).toEqual([]);
});
