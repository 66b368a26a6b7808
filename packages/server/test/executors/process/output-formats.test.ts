/**
 * How what a program prints becomes the result table, format by format, and what happens when
 * the output cannot be read.
 */
import { writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, type TestScheduler } from '../../helpers/start-scheduler.js';
import { fixture, latestRequest, nodeJob, tempDir } from './process-jobs.js';

let server: TestScheduler;
let dataDir: string;

/** A job that prints the file `name` (written by the test) in `outputFormat`. */
const printJob = (name: string, outputFormat: string | undefined, config: Record<string, unknown> = {}) =>
  nodeJob(name, fixture('print-file.mjs'), [path.join(dataDir, name)], { ...(outputFormat ? { outputFormat } : {}), ...config });

const FILES: Record<string, string> = {
  csv: ['time,host,load,up,when', '1717200000000,web-1,0.5,true,2024-06-01T00:00:00Z', '1717200060000,"web, 2",1.25,FALSE,2024-06-01T00:01:00Z', ''].join('\n'),
  'json-array': JSON.stringify([{ host: 'a', load: 1, tags: ['x'] }, { host: 'b', load: 2.5, extra: { deep: true } }]),
  'json-columns': JSON.stringify({ time: [1717200000000, 1717200060000], value: [1, 2] }),
  'json-frame': JSON.stringify({ fields: [{ name: 'time', type: 'time', values: [1, 2] }, { name: 'v', type: 'number', values: [10, 20] }] }),
  'json-table': JSON.stringify({ columns: [{ text: 'name', type: 'string' }, { text: 'n', type: 'number' }], rows: [['a', 1]] }),
  'json-object': JSON.stringify({ status: 'ok', count: 3 }),
  'json-broken': '[{"host": "a"}, {"host": ',
  'csv-awkward': '\uFEFFname;note;n\r\n"Smith; J.";"said ""hi""\r\nthen left";1\r\n\r\nÅsa;plain;2\r\n',
  ndjson: ['{"host":"a","load":1}', '', '{"host":"b","load":2,"up":true}', '{"host":"c"}', ''].join('\n'),
  'ndjson-broken': ['{"host":"a"}', 'not json at all', ''].join('\n'),
  lines: 'first line\r\n\nthird line\nno newline at the end',
  none: 'printed, but nobody reads it\n',
};

/** Rows of the CSV big enough (6 MB) that its end is parsed on a worker thread (tables/csv-table.ts). */
const BIG_CSV_ROWS = 100_000;
const bigCsvRow = (index: number) => [Date.UTC(2024, 0, 1) + index * 1000, `host ${index % 50} — ${index}`, index / 8, index % 2 === 0] as const;

beforeAll(async () => {
  dataDir = await tempDir();
  for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(dataDir, name), text);
  const bigLines = ['time,host,load,up'];
  for (let index = 0; index < BIG_CSV_ROWS; index++) {
    const [time, host, load, up] = bigCsvRow(index);
    bigLines.push(`${new Date(time).toISOString()},${index % 1000 === 0 ? `"${host}, quoted"` : host},${load},${up}`);
  }
  await writeFile(path.join(dataDir, 'csv-big'), `${bigLines.join('\n')}\n`);
  server = await startScheduler({
    config: {
      jobsConfigList: [
        printJob('csv', 'csv'),
        printJob('csv-big', 'csv'),
        nodeJob('csv-awkward', fixture('print-in-pieces.mjs'), [path.join(dataDir, 'csv-awkward'), '3'], { outputFormat: 'csv' }),
        printJob('json-array', 'json'),
        printJob('json-columns', 'json'),
        printJob('json-frame', 'json'),
        printJob('json-table', 'json'),
        printJob('json-object', 'json'),
        printJob('json-broken', 'json'),
        printJob('ndjson', 'ndjson'),
        printJob('ndjson-broken', 'ndjson'),
        printJob('lines', undefined, { captureOutput: true }),
        printJob('none', undefined),
        nodeJob('partial', fixture('fail-after-output.mjs'), ['code=3'], { outputFormat: 'csv' }),
      ],
    },
  });
});
afterAll(() => server.stop());

const run = async (job: string) => server.query(job, { type: 'run', args: {} });
const table = async (job: string) => {
  const response = await run(job);
  expect(response.status, response.text).toBe(200);
  return response.json[0] as { columns: Array<{ text: string; type: string }>; rows: unknown[][] };
};

describe('outputFormat', () => {
  it('csv: a header row, then rows with inferred number, time and boolean columns', async () => {
    const { columns, rows } = await table('csv');
    expect(columns).toEqual([
      { text: 'time', type: 'time' },
      { text: 'host', type: 'string' },
      { text: 'load', type: 'number' },
      { text: 'up', type: 'boolean' },
      { text: 'when', type: 'time' },
    ]);
    expect(rows).toEqual([
      [1717200000000, 'web-1', 0.5, true, Date.parse('2024-06-01T00:00:00Z')],
      [1717200060000, 'web, 2', 1.25, false, Date.parse('2024-06-01T00:01:00Z')],
    ]);
  });

  it('csv: quotes, delimiters and line breaks in fields, CRLF, a BOM and ";" survive arriving in 3-byte pieces', async () => {
    const { columns, rows } = await table('csv-awkward');
    expect(columns).toEqual([
      { text: 'name', type: 'string' },
      { text: 'note', type: 'string' },
      { text: 'n', type: 'number' },
    ]);
    expect(rows).toEqual([
      ['Smith; J.', 'said "hi"\r\nthen left', 1],
      ['Åsa', 'plain', 2],
    ]);
  });

  it('csv: a CSV of megabytes is stored whole, typed and in order, its end parsed on another thread', async () => {
    const submitted = await server.query('csv-big', { type: 'submit', args: {} });
    expect(submitted.status, submitted.text).toBe(200);
    const request = await eventually(async () => {
      const latest = await latestRequest(server, 'csv-big');
      return latest?.state === 'complete' || latest?.state === 'failed' ? latest : undefined;
    }, 30_000);
    expect(request.error).toBeNull();
    expect(request.rowCount).toBe(BIG_CSV_ROWS);
    const answer = await server.query('csv-big', { type: 'get', args: {} });
    const { columns, rows } = answer.json[0] as { columns: Array<{ text: string; type: string }>; rows: unknown[][] };
    expect(columns.map((column) => column.type)).toEqual(['time', 'string', 'number', 'boolean']);
    expect(rows).toHaveLength(BIG_CSV_ROWS);
    for (const index of [0, 1, 999, 1000, 40_001, BIG_CSV_ROWS - 1]) {
      const [time, host, load, up] = bigCsvRow(index);
      expect(rows[index]).toEqual([time, index % 1000 === 0 ? `${host}, quoted` : host, load, up]);
    }
  });

  it('json: an array of objects, nested values kept as JSON text', async () => {
    const { columns, rows } = await table('json-array');
    expect(columns.map((column) => column.text)).toEqual(['host', 'load', 'tags', 'extra']);
    expect(columns[1]!.type).toBe('number');
    expect(rows).toEqual([
      ['a', 1, '["x"]', null],
      ['b', 2.5, null, '{"deep":true}'],
    ]);
  });

  it('json: an object of columns, a Grafana frame, a Grafana table and a single object', async () => {
    expect(await table('json-columns')).toMatchObject({
      columns: [{ text: 'time', type: 'time' }, { text: 'value', type: 'number' }],
      rows: [[1717200000000, 1], [1717200060000, 2]],
    });
    expect((await table('json-frame')).rows).toEqual([[1, 10], [2, 20]]);
    expect((await table('json-table')).rows).toEqual([['a', 1]]);
    const single = await table('json-object');
    expect(single.columns.map((column) => column.text)).toEqual(['status', 'count']);
    expect(single.rows).toEqual([['ok', 3]]);
  });

  it('json: output that is not JSON fails the request saying so', async () => {
    const response = await run('json-broken');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('stdout is not valid JSON (outputFormat json): stdout ends in the middle of a JSON value, at line 1, column 26 (after 25 characters): it looks truncated');
  });

  it('ndjson: one object per line, blank lines skipped, columns from all keys', async () => {
    const { columns, rows } = await table('ndjson');
    expect(columns).toEqual([
      { text: 'host', type: 'string' },
      { text: 'load', type: 'number' },
      { text: 'up', type: 'boolean' },
    ]);
    expect(rows).toEqual([
      ['a', 1, null],
      ['b', 2, true],
      ['c', null, null],
    ]);
  });

  it('ndjson: a line that is not JSON fails the request, naming the line', async () => {
    const response = await run('ndjson-broken');
    expect(response.status).toBe(422);
    expect(response.json.message).toMatch(/stdout line 2 is not valid JSON \(outputFormat ndjson\): Unexpected token 'o'.* at line 1, column 2, near "not json at all"; the line starts with "not json at all"/);
  });

  it("lines (the original's captureOutput): each stdout line is a row of column Output", async () => {
    const { columns, rows } = await table('lines');
    expect(columns).toEqual([{ text: 'Output', type: 'string' }]);
    expect(rows).toEqual([['first line'], [''], ['third line'], ['no newline at the end']]);
  });

  it('none (captureOutput false, as the original): an empty table', async () => {
    expect(await table('none')).toMatchObject({ type: 'table', columns: [], rows: [] });
  });
});

describe('a program that fails after printing part of its result', () => {
  it('fails the run instead of answering the partial table', async () => {
    const response = await run('partial');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('exit code 3');
  });

  it('fails the submit and keeps no result table', async () => {
    const submitted = await server.query('partial', { type: 'submit', args: {} });
    expect(submitted.status).toBe(200);
    const request = await eventually(async () => {
      const latest = await latestRequest(server, 'partial');
      return latest?.state === 'failed' ? latest : undefined;
    });
    expect(request.error).toContain('exit code 3');
    expect(request.rowCount).toBeNull();
    const stored = await server.scheduler.store.getRequest(request.id as string);
    expect(stored?.resultTable).toBeNull();
    const database = new Database(path.join(server.dataDir, 'scheduler.db'), { readonly: true });
    const resultTables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%partial%'").all();
    database.close();
    expect(resultTables).toEqual([]);
  });
});
