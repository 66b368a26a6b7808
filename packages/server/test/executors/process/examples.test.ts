/**
 * The example scripts in examples/scripts, run as the process jobs their comments describe: the
 * CSV time series (Node and Python), and the cacheArg contract, where the script writes the
 * result table into the store itself — SQLite (Node and Python), and MySQL/MariaDB and
 * PostgreSQL (Node) through a Scheduler whose store is that database.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../../helpers/start-scheduler.js';
import { createTestDatabase } from '../../helpers/test-databases.js';
import { EXAMPLES, fixture, latestRequest, nodeJob, StartRecord, tempDir } from './process-jobs.js';

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const timeseriesArgs = {
  points: { type: 'number', min: 1, max: 100000 },
  metric: { type: 'string', multiple: true },
  start: { type: 'string', pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z|[0-9]+' },
  step: { type: 'number', min: 1 },
  delayMs: { type: 'number', min: 0, max: 1000 },
};
const tableArgs = { points: { type: 'number', min: 1, max: 1000 }, metric: { type: 'string' }, threshold: { type: 'number' } };

let server: TestScheduler;
let record: StartRecord;

beforeAll(async () => {
  record = new StartRecord(path.join(await tempDir(), 'starts.log'));
  server = await startScheduler({
    config: {
      jobsConfigList: [
        nodeJob('timeseries', path.join(EXAMPLES, 'timeseries.mjs'), [], { outputFormat: 'csv', argSet: timeseriesArgs }),
        nodeJob('timeseries-unchecked', path.join(EXAMPLES, 'timeseries.mjs'), [], { outputFormat: 'csv' }),
        { name: 'timeseries-py', type: 'process', config: { process: ['python3', 'timeseries.py'], homeDir: EXAMPLES, outputFormat: 'csv', argSet: timeseriesArgs } },
        { name: 'sqlite-py', type: 'process', config: { process: ['python3', path.join(EXAMPLES, 'write_result_sqlite.py')], cacheArg: 'table', argSet: tableArgs } },
        nodeJob('sqlite-node', path.join(EXAMPLES, 'write-result-sqlite.mjs'), [], { cacheArg: 'table', argSet: tableArgs }),
        nodeJob('writes-nothing', fixture('record-and-echo.mjs'), [record.file], { cacheArg: 'table' }),
      ],
    },
  });
});
afterAll(() => server.stop());

const SERIES = { points: 5, metric: ['cpu', 'load'], start: '2024-01-01T00:00:00Z', step: 60 };

describe('timeseries.mjs and timeseries.py: a CSV time series from the arguments', () => {
  it.each([['timeseries'], ...(hasPython ? [['timeseries-py']] : [])])('%s answers a typed time series', async (job) => {
    const response = await server.query(job, { type: 'run', args: SERIES });
    expect(response.status, response.text).toBe(200);
    const [table] = response.json;
    expect(table.columns).toEqual([
      { text: 'time', type: 'time' },
      { text: 'cpu', type: 'number' },
      { text: 'load', type: 'number' },
    ]);
    expect(table.rows).toHaveLength(5);
    expect(table.rows.map((row: unknown[]) => row[0])).toEqual([0, 1, 2, 3, 4].map((minute) => Date.parse('2024-01-01T00:00:00Z') + minute * 60_000));
    expect(table.rows[0][1]).toBe(50);
    expect(table.rows[1][2]).toBeCloseTo(87.282, 3);
  });

  it.skipIf(!hasPython)('the Node and Python versions answer the same table', async () => {
    const node = await server.query('timeseries', { type: 'run', args: SERIES });
    const python = await server.query('timeseries-py', { type: 'run', args: SERIES });
    expect(python.json[0].rows).toEqual(node.json[0].rows);
  });

  it('reports progress while it runs', async () => {
    await server.query('timeseries', { type: 'submit', args: { points: 20, delayMs: 150 } });
    const running = await eventually(async () => {
      const [row] = statusRows((await server.query('timeseries', { type: 'status', args: { points: 20, delayMs: 150 } })).json);
      return row?.Status === 'RUNNING' && Number(row.Progress) > 0 ? row : undefined;
    });
    expect(running.Notes).toMatch(/^wrote \d+ of 20 points$/);
    const complete = await eventually(async () => {
      const request = await latestRequest(server, 'timeseries');
      return request?.state === 'complete' ? request : undefined;
    });
    expect(complete.rowCount).toBe(20);
    const got = await server.query('timeseries', { type: 'get', args: { points: 20, delayMs: 150 } });
    expect(got.json[0].rows).toHaveLength(20);
  });

  it('explains a bad argument from its stderr', async () => {
    const response = await server.query('timeseries-unchecked', { type: 'run', args: { points: 'many' } });
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('exit code 2: timeseries: points must be a whole number from 1 to 100000, got "many"');
  });
});

/** Submits a cacheArg example job, waits for it, and checks the table it wrote as Grafana gets it. */
async function expectWrittenTable(server: TestScheduler, job: string): Promise<void> {
  const args = { points: 12, metric: 'cpu', threshold: 60 };
  await server.query(job, { type: 'submit', args });
  const request = await eventually(async () => {
    const latest = await latestRequest(server, job);
    return latest && !['queued', 'running'].includes(latest.state as string) ? latest : undefined;
  });
  expect(request.error).toBeNull();
  expect(request).toMatchObject({ state: 'complete', rowCount: 12 });
  const got = await server.query(job, { type: 'get', args });
  expect(got.status, got.text).toBe(200);
  const [table] = got.json;
  expect(table.columns).toEqual([
    { text: 'time', type: 'time' },
    { text: 'metric', type: 'string' },
    { text: 'value', type: 'number' },
    { text: 'above_threshold', type: 'boolean' },
  ]);
  expect(table.rows).toHaveLength(12);
  expect(table.rows[0]).toEqual([expect.any(Number), 'cpu', 50, false]);
  expect(table.rows[5][3]).toBe(true); // 50 + 40·sin(1) ≈ 83.7 > 60
  expect(table.rows[1][0] - table.rows[0][0]).toBe(60_000);
  // The last point is the minute the script ran in (or the one before, at a minute's turn): times
  // survive the store as UTC instants, whatever the store's type for them.
  expect([0, 60_000]).toContain(Math.floor(Date.now() / 60_000) * 60_000 - table.rows[11][0]);
}

describe('cacheArg: the script writes the result table itself', () => {
  const expectWritten = (job: string) => expectWrittenTable(server, job);

  it.skipIf(!hasPython)('write_result_sqlite.py (standard library sqlite3)', async () => {
    await expectWritten('sqlite-py');
  });

  it('write-result-sqlite.mjs (better-sqlite3)', async () => {
    await expectWritten('sqlite-node');
  });

  it('a run of a cacheArg job answers the written table and keeps nothing', async () => {
    const response = await server.query('sqlite-node', { type: 'run', args: { points: 3 } });
    expect(response.status, response.text).toBe(200);
    expect(response.json[0].rows).toHaveLength(3);
  });

  it('the script gets the table name as an argument and in SCHEDULER_RESULT_TABLE, the store in SCHEDULER_STORE_*; exit 0 without the table fails', async () => {
    const before = record.count();
    await server.query('writes-nothing', { type: 'submit', args: { day: 'mon' } });
    await eventually(async () => (record.count() > before ? true : undefined));
    const [started] = record.starts().slice(-1);
    const table = started!.args.find((arg) => arg.startsWith('table='))!.slice('table='.length);
    expect(started!.args).toEqual(['day=mon', `table=${table}`]);
    const database = path.join(server.dataDir, 'scheduler.db');
    expect(started!.env).toMatchObject({
      SCHEDULER_RESULT_TABLE: table,
      SCHEDULER_STORE_DIALECT: 'sqlite',
      SCHEDULER_STORE_PATH: database,
      SCHEDULER_STORE_URL: `sqlite:${database}`,
    });
    const request = await eventually(async () => {
      const latest = await latestRequest(server, 'writes-nothing');
      return latest?.state === 'failed' ? latest : undefined;
    });
    expect(request.error).toContain(`finished without writing its result table "${table}"`);
  });
});

const servers = { mysql: await createTestDatabase('mysql'), postgres: await createTestDatabase('postgres') };
afterAll(() => Promise.all(Object.values(servers).map((database) => database?.drop())));

describe.each(Object.entries(servers))('cacheArg with a %s store', (dialect, database) => {
  let dbServer: TestScheduler;
  let dbRecord: StartRecord;
  beforeAll(async () => {
    if (!database) return;
    dbRecord = new StartRecord(path.join(await tempDir(), 'starts.log'));
    dbServer = await startScheduler({
      config: {
        store: { url: database.url },
        jobsConfigList: [
          nodeJob('db-node', path.join(EXAMPLES, 'write-result-mysql-postgres.mjs'), [], { cacheArg: 'table', argSet: tableArgs }),
          nodeJob('db-writes-nothing', fixture('record-and-echo.mjs'), [dbRecord.file], { cacheArg: 'table' }),
        ],
      },
    });
  });
  afterAll(() => dbServer?.stop());

  it.skipIf(!database)('write-result-mysql-postgres.mjs writes the table into the database, and Grafana gets it typed', async () => {
    await expectWrittenTable(dbServer, 'db-node');
  });

  it.skipIf(!database)('a run answers the written table and keeps nothing', async () => {
    const response = await dbServer.query('db-node', { type: 'run', args: { points: 3 } });
    expect(response.status, response.text).toBe(200);
    expect(response.json[0].rows).toHaveLength(3);
  });

  it.skipIf(!database)('the script gets the connection details in SCHEDULER_STORE_*; exit 0 without the table fails', async () => {
    await dbServer.query('db-writes-nothing', { type: 'submit', args: { day: 'tue' } });
    await eventually(async () => (dbRecord.count() > 0 ? true : undefined));
    const [started] = dbRecord.starts();
    const table = started!.args.find((arg) => arg.startsWith('table='))!.slice('table='.length);
    const url = new URL(database!.url);
    expect(started!.env).toMatchObject({
      SCHEDULER_RESULT_TABLE: table,
      SCHEDULER_STORE_DIALECT: dialect,
      SCHEDULER_STORE_HOST: url.hostname,
      SCHEDULER_STORE_PORT: url.port,
      SCHEDULER_STORE_DATABASE: url.pathname.slice(1),
      SCHEDULER_STORE_USER: url.username,
      SCHEDULER_STORE_URL: `${dialect}://${url.username}@${url.host}${url.pathname}`,
    });
    const request = await eventually(async () => {
      const latest = await latestRequest(dbServer, 'db-writes-nothing');
      return latest?.state === 'failed' ? latest : undefined;
    });
    expect(request.error).toContain(`finished without writing its result table "${table}"`);
  });
});
