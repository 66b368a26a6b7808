/**
 * A stored result larger than many pages, served as Grafana and a script fetch it — a `get`
 * through /scheduler/query and GET /api/v1/requests/{id}/result — is the very JSON one
 * JSON.stringify of the whole table would make: every row once, in order, every value as the job
 * produced it, on each store dialect.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/test-databases.js';
import { eventually, startScheduler, type TestScheduler } from '../helpers/start-scheduler.js';

const ROWS = 7_321;

/** A job whose rows hold every type, nulls, and text JSON must escape. */
const ROWS_MODULE = `
const columns = [
  { name: 'time', type: 'time' }, { name: 'value', type: 'number' }, { name: 'text "quoted"', type: 'string' }, { name: 'ok', type: 'boolean' },
];
export function rows(count) {
  const all = [];
  for (let i = 0; i < count; i++) {
    all.push(i % 97 === 0
      ? [null, null, null, null]
      : [1704067200000 + i * 1000, i / 8 - 100, 'row ' + i + ' "q" \\\\ \\t tab, \\u0001 ctl, naïve 数据 😀', i % 3 === 0]);
  }
  return all;
}
export function create() {
  return { execute: async () => ({ columns, rows: rows(${ROWS}) }) };
}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-stored-answers-'));
  await writeFile(path.join(dir, 'rows.mjs'), ROWS_MODULE);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

for (const dialect of DIALECTS) {
  const database: TestDatabase | null = await createTestDatabase(dialect);

  describe.skipIf(!database)(`a big stored result served from ${dialect}`, () => {
    let server: TestScheduler;
    let expectedRows: unknown[][];
    beforeAll(async () => {
      server = await startScheduler({ config: { store: { url: database!.url }, jobsConfigList: [{ name: 'rows', type: 'module', config: { module: path.join(dir, 'rows.mjs') } }] } });
      const module = (await import(path.join(dir, 'rows.mjs'))) as { rows(count: number): unknown[][] };
      expectedRows = module.rows(ROWS);
    });
    afterAll(async () => {
      await server?.stop();
      await database!.drop();
    });

    it('is answered to a get and to the result endpoint exactly as the job made it, in order', async () => {
      const submitted = await server.post('/scheduler/query', { targets: [{ refId: 'A', target: 'rows', data: { type: 'submit' } }] });
      const status = submitted.json[0] as { columns: Array<{ text: string }>; rows: unknown[][] };
      const id = status.rows[0]![status.columns.findIndex((column) => column.text === 'Request ID')] as string;
      await eventually(async () => ((await server.get(`/api/v1/requests/${id}`)).json.state === 'complete' ? true : undefined), 20_000, 'the result to be stored');

      const columns = [
        { text: 'time', type: 'time' },
        { text: 'value', type: 'number' },
        { text: 'text "quoted"', type: 'string' },
        { text: 'ok', type: 'boolean' },
      ];
      const got = await server.post('/scheduler/query', { targets: [{ refId: 'A', target: 'rows', data: { type: 'get' } }] });
      expect(got.status).toBe(200);
      expect(got.text).toBe(JSON.stringify([{ type: 'table', refId: 'A', columns, rows: expectedRows }]));

      const result = await server.get(`/api/v1/requests/${id}/result`);
      expect(result.status).toBe(200);
      expect(result.text).toBe(JSON.stringify({ type: 'table', columns, rows: expectedRows }));
    });
  });
}
