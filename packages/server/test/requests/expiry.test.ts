/**
 * Results live for cacheTTLMins (or the job's own), then the sweeper drops their table, marks
 * the request expired and lets the same work be submitted again; expired requests are forgotten
 * after historyTTLMins.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler;
beforeAll(async () => {
  server = await startScheduler({
    config: {
      cacheTTLMins: 10,
      historyTTLMins: 30,
      jobsConfigList: [
        { name: 'demo', type: 'dummy' },
        { name: 'short', type: 'dummy', config: { cacheTTLMins: 1 } },
      ],
    },
  });
});
afterAll(() => server.stop());

function tableExists(table: string): boolean {
  const db = new Database(path.join(server.dataDir, 'scheduler.db'), { readonly: true });
  try {
    return db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table) !== undefined;
  } finally {
    db.close();
  }
}

it('expires a result after its TTL, drops its table, and lets it be submitted again', async () => {
  const args = { metricMax: 3 };
  const id = statusRows((await server.query('short', { type: 'submit', args })).json)[0]!['Request ID'] as string;
  const complete = await eventually(async () => {
    const request = (await server.get(`/api/v1/requests/${id}`)).json;
    return request.state === 'complete' ? request : undefined;
  });
  const { json: longLived } = await server.query('demo', { type: 'submit', args });
  const longId = statusRows(longLived)[0]!['Request ID'] as string;
  await eventually(async () => ((await server.get(`/api/v1/requests/${longId}`)).json.state === 'complete' ? true : undefined));

  const internal = await server.scheduler.store.getRequest(id);
  expect(tableExists(internal!.resultTable!)).toBe(true);

  // 2 minutes later: past the job's 1 minute, within the global 10
  await server.scheduler.sweeper.sweep(Date.parse(complete.finishedAt) + 2 * 60_000);
  expect(tableExists(internal!.resultTable!)).toBe(false);
  const got = await server.query('short', { type: 'get', args });
  expect(got.status).toBe(404);
  expect((await server.get(`/api/v1/requests/${id}`)).json.state).toBe('expired');
  expect((await server.get(`/api/v1/requests/${longId}`)).json.state).toBe('complete');

  const again = statusRows((await server.query('short', { type: 'submit', args })).json)[0]!['Request ID'];
  expect(again).not.toBe(id);

  // past historyTTLMins after expiry, the expired request is forgotten
  await server.scheduler.sweeper.sweep(Date.parse(complete.finishedAt) + 40 * 60_000);
  expect((await server.get(`/api/v1/requests/${id}`)).status).toBe(404);
});
