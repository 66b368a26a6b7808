/**
 * The yardsticks of the store scenarios: what a plain script does with the database driver alone,
 * run as a child process (`node --import tsx store-raw-paths.ts '<job JSON>'`) so its memory and
 * its JIT never mix with the Scheduler measured in the bench's own process. It times itself from
 * the moment it is connected and prints one line of JSON: `{ "sec", "rows", "chars" }`.
 *
 * Writes (the same rows as the bench's `rows` job, into a table of the same shape as a stored
 * result: a BIGINT row-order primary key, then BIGINT, 3 × DOUBLE, text, BOOLEAN), in one
 * transaction; the table is dropped once timed, so the next measurement does not pay for
 * flushing its pages:
 * - `mysql-load`: LOAD DATA LOCAL INFILE fed from a stream — MySQL's bulk path, its COPY;
 * - `mysql-insert`: multi-row INSERTs of 2,000 rows escaped by mysql2, the next one built while
 *   the server runs the previous;
 * - `postgres-copy`: COPY … FROM STDIN (text format, FREEZE) through pg-copy-streams.
 * Reads: `select` of a stored result's columns in row order, all rows at once as arrays, then
 * JSON.stringify of them (`mysql-select`, `postgres-select`, `sqlite-select`).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import mysql from 'mysql2';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ROW_ORDER_COLUMN as ROW_ORDER } from '../product.js';
import { resultRows } from './store-bench-rows.js';

export type RawJob =
  | RawWrite
  | { kind: 'mysql-select' | 'postgres-select'; url: string; table: string; columns: string[] }
  | { kind: 'sqlite-select'; file: string; table: string; columns: string[] };

export interface RawWrite {
  kind: 'mysql-load' | 'mysql-insert' | 'postgres-copy';
  url: string;
  table: string;
  rows: number;
}

export interface RawFigures {
  sec: number;
  rows: number;
  /** Characters of the JSON made (reads). */
  chars: number;
}

const INSERT_ROWS = 2_000;
const CHUNK_CHARS = 256 * 1024;

/** Lines of text for LOAD DATA / COPY: tab-separated, row number first (the rows hold no tab, newline or backslash). */
function* lines(count: number, booleans: [string, string]): Generator<string> {
  let chunk = '';
  let index = 0;
  for (const row of resultRows(count)) {
    chunk += `${index++}\t${row[0]}\t${row[1]}\t${row[2]}\t${row[3]}\t${row[4]}\t${row[5] ? booleans[0] : booleans[1]}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const MYSQL_TABLE = '(r bigint primary key, `time` bigint, id double, `count` double, `value` double, label longtext, ok boolean) default character set utf8mb4';
const POSTGRES_TABLE = '(r bigint primary key, "time" bigint, id double precision, "count" double precision, "value" double precision, label text, ok boolean)';

async function mysqlWrite(job: RawWrite): Promise<RawFigures> {
  const connection = mysql.createConnection({ uri: job.url, charset: 'utf8mb4' }).promise();
  await connection.query('select 1');
  const started = performance.now();
  await connection.query(`create table \`${job.table}\` ${MYSQL_TABLE}`);
  await connection.query('begin');
  if (job.kind === 'mysql-load') {
    const stream = () => Readable.from((function* () { for (const text of lines(job.rows, ['1', '0'])) yield Buffer.from(text); })());
    await connection.query({ sql: `load data local infile 'rows' into table \`${job.table}\` character set utf8mb4`, infileStreamFactory: stream });
  } else {
    let batch: Array<Array<string | number | boolean | null>> = [];
    let inFlight: Promise<unknown> = Promise.resolve();
    let index = 0;
    const send = async () => {
      const statement = mysql.format(`insert into \`${job.table}\` values ?`, [batch]);
      batch = [];
      await inFlight;
      inFlight = connection.query(statement);
    };
    for (const row of resultRows(job.rows)) {
      batch.push([index++, ...row]);
      if (batch.length === INSERT_ROWS) await send();
    }
    if (batch.length > 0) await send();
    await inFlight;
  }
  await connection.query('commit');
  const sec = (performance.now() - started) / 1000;
  await connection.query(`drop table \`${job.table}\``);
  await connection.end();
  return { sec, rows: job.rows, chars: 0 };
}

async function postgresCopy(job: RawWrite): Promise<RawFigures> {
  const client = new pg.Client({ connectionString: job.url });
  await client.connect();
  const started = performance.now();
  await client.query('begin');
  await client.query(`create table "${job.table}" ${POSTGRES_TABLE}`);
  await pipeline(Readable.from(lines(job.rows, ['t', 'f'])), client.query(copyFrom(`copy "${job.table}" from stdin with (freeze)`)));
  await client.query('commit');
  const sec = (performance.now() - started) / 1000;
  await client.query(`drop table "${job.table}"`);
  await client.end();
  return { sec, rows: job.rows, chars: 0 };
}

const selectList = (columns: string[], quote: string) => columns.map((name) => `${quote}${name.replaceAll(quote, quote + quote)}${quote}`).join(', ');

async function mysqlSelect(job: { url: string; table: string; columns: string[] }): Promise<RawFigures> {
  const connection = mysql.createConnection({ uri: job.url, charset: 'utf8mb4' }).promise();
  await connection.query('select 1');
  const started = performance.now();
  const [rows] = await connection.query({ sql: `select ${selectList(job.columns, '`')} from \`${job.table}\` order by ${ROW_ORDER}`, rowsAsArray: true });
  const json = JSON.stringify(rows);
  const sec = (performance.now() - started) / 1000;
  await connection.end();
  return { sec, rows: (rows as unknown[]).length, chars: json.length };
}

async function postgresSelect(job: { url: string; table: string; columns: string[] }): Promise<RawFigures> {
  // BIGINT as a number, as a script serving JSON would want it (pg's default is a string).
  const client = new pg.Client({ connectionString: job.url, types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as pg.CustomTypesConfig['getTypeParser'] } });
  await client.connect();
  const started = performance.now();
  const { rows } = await client.query<unknown[]>({ text: `select ${selectList(job.columns, '"')} from "${job.table}" order by ${ROW_ORDER}`, rowMode: 'array' });
  const json = JSON.stringify(rows);
  const sec = (performance.now() - started) / 1000;
  await client.end();
  return { sec, rows: rows.length, chars: json.length };
}

function sqliteSelect(job: { file: string; table: string; columns: string[] }): RawFigures {
  const db = new Database(job.file, { readonly: true });
  const started = performance.now();
  const rows = db.prepare(`select ${selectList(job.columns, '"')} from "${job.table}" order by ${ROW_ORDER}`).raw().all();
  const json = JSON.stringify(rows);
  const sec = (performance.now() - started) / 1000;
  db.close();
  return { sec, rows: rows.length, chars: json.length };
}

async function runJob(job: RawJob): Promise<RawFigures> {
  switch (job.kind) {
    case 'mysql-load':
    case 'mysql-insert':
      return mysqlWrite(job);
    case 'postgres-copy':
      return postgresCopy(job);
    case 'mysql-select':
      return mysqlSelect(job);
    case 'postgres-select':
      return postgresSelect(job);
    case 'sqlite-select':
      return sqliteSelect(job);
  }
}

process.stdout.write(`${JSON.stringify(await runJob(JSON.parse(process.argv[2]!) as RawJob))}\n`);
