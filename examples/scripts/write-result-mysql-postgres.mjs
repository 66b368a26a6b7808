#!/usr/bin/env node
/**
 * A Scheduler `process` job example for `cacheArg` with a MySQL/MariaDB or PostgreSQL store: the
 * script writes its result table itself, into the store's database. The same arguments and table
 * as write-result-sqlite.mjs.
 *
 * Configured with `cacheArg: table`, Scheduler runs it as
 *
 *   node write-result-mysql-postgres.mjs points=10 metric=cpu table=d2406011200_ab12cd34_myjob
 *
 * with the store's connection details in its environment:
 *   SCHEDULER_STORE_DIALECT   "mysql" (MySQL and MariaDB) or "postgres"
 *   SCHEDULER_STORE_HOST, SCHEDULER_STORE_PORT, SCHEDULER_STORE_DATABASE,
 *   SCHEDULER_STORE_USER, SCHEDULER_STORE_PASSWORD (when the store has them)
 *   SCHEDULER_STORE_URL       the same as one URL, mysql://user:password@host:port/db
 *   SCHEDULER_STORE_SSL       the store's TLS: disable, require, verify-ca or verify-full
 *   SCHEDULER_STORE_SSL_CA    the CA file to verify against, when the store names one
 *   SCHEDULER_RESULT_TABLE    the table to create (the same name as the `table` argument)
 *
 * The contract: CREATE the table with typed columns — a timestamp type (DATETIME, TIMESTAMP,
 * timestamptz) for times, a floating or integer type for numbers, BOOLEAN, and text — which
 * Scheduler reads to tell Grafana what each column is; fill it; exit 0. Scheduler adds its row-
 * order column and serves the table as the request's result, and drops it when it expires.
 *
 * It uses the drivers Scheduler itself uses, `mysql2` and `pg`. Inside a Scheduler checkout they
 * resolve from the workspace's node_modules; elsewhere, install the one you need next to your
 * script (`npm install mysql2` or `npm install pg`). Python's standard library has no MySQL or
 * PostgreSQL client, so there is no standard-library Python twin of this script (with a driver
 * such as PyMySQL or psycopg, the same SQL works).
 */
import { readFileSync } from 'node:fs';

const KNOWN = ['table', 'points', 'metric', 'threshold'];
/** Rows per INSERT: a few hundred keeps each statement small and the round trips few. */
const ROWS_PER_INSERT = 500;

function fail(message) {
  process.stderr.write(`write-result-mysql-postgres: ${message}\n`);
  process.exit(2);
}

async function driver(name) {
  try {
    return await import(name);
  } catch {
    return fail(`${name} is not installed where this script can find it; run "npm install ${name.split('/')[0]}" in its folder`);
  }
}

const given = Object.fromEntries(
  process.argv.slice(2).map((entry) => {
    const equals = entry.indexOf('=');
    return equals === -1 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
  }),
);
const unknown = Object.keys(given).filter((name) => !KNOWN.includes(name));
if (unknown.length > 0) fail(`unknown argument(s) ${unknown.join(', ')}; known: ${KNOWN.join(', ')}`);
const env = process.env;
const dialect = env.SCHEDULER_STORE_DIALECT;
if (dialect !== 'mysql' && dialect !== 'postgres') fail(`this example writes to MySQL/MariaDB or PostgreSQL, but SCHEDULER_STORE_DIALECT is "${dialect}"`);
const table = given.table || env.SCHEDULER_RESULT_TABLE || fail('no table name given');
const points = Number(given.points ?? 10);
const threshold = Number(given.threshold ?? 75);
if (!Number.isInteger(points) || points < 1 || points > 100_000) fail('points must be a whole number from 1 to 100000');
if (!Number.isFinite(threshold)) fail('threshold must be a number');
const metric = given.metric || 'value';

const stepMs = 60_000;
const start = Math.floor(Date.now() / stepMs) * stepMs - (points - 1) * stepMs;
const rows = [];
for (let point = 0; point < points; point++) {
  const value = Math.round((50 + 40 * Math.sin(point / 5)) * 1000) / 1000;
  rows.push([new Date(start + point * stepMs), metric, value, value > threshold]);
}
const connection = {
  host: env.SCHEDULER_STORE_HOST,
  port: Number(env.SCHEDULER_STORE_PORT),
  database: env.SCHEDULER_STORE_DATABASE,
  user: env.SCHEDULER_STORE_USER,
  password: env.SCHEDULER_STORE_PASSWORD,
  ssl: storeTls(),
};

/** TLS as the store uses it, so the script never writes in clear text what Scheduler encrypts. */
function storeTls() {
  const mode = env.SCHEDULER_STORE_SSL ?? 'disable';
  if (mode === 'disable') return undefined;
  if (mode === 'require') return { rejectUnauthorized: false };
  const ca = env.SCHEDULER_STORE_SSL_CA ? readFileSync(env.SCHEDULER_STORE_SSL_CA) : undefined;
  // verify-ca checks the chain only: mysql2 without verifyIdentity, pg with a no-op identity check.
  const full = mode === 'verify-full';
  return { rejectUnauthorized: true, ca, verifyIdentity: full, ...(full ? {} : { checkServerIdentity: () => undefined }) };
}

if (dialect === 'mysql') await writeMysql();
else await writePostgres();
process.stderr.write(`##progress 100 wrote ${points} rows to ${table}\n`);

async function writeMysql() {
  const { default: mysql } = await driver('mysql2/promise');
  // timezone 'Z': JavaScript dates are written as UTC, which is how Scheduler reads DATETIME.
  const db = await mysql.createConnection({ ...connection, timezone: 'Z', charset: 'utf8mb4' });
  const quoted = `\`${table.replaceAll('`', '``')}\``;
  try {
    // MySQL commits DDL at once; if the script fails after this, Scheduler drops the table.
    await db.query(`CREATE TABLE ${quoted} (time DATETIME(3), metric TEXT, value DOUBLE, above_threshold BOOLEAN) DEFAULT CHARSET utf8mb4`);
    await db.beginTransaction();
    for (let first = 0; first < rows.length; first += ROWS_PER_INSERT) {
      // `VALUES ?` with an array of rows: the driver escapes every value; nothing is pasted in.
      await db.query(`INSERT INTO ${quoted} (time, metric, value, above_threshold) VALUES ?`, [rows.slice(first, first + ROWS_PER_INSERT)]);
    }
    await db.commit();
  } finally {
    await db.end();
  }
}

async function writePostgres() {
  const { default: pg } = await driver('pg');
  const db = new pg.Client(connection);
  await db.connect();
  const quoted = `"${table.replaceAll('"', '""')}"`;
  try {
    // One transaction: PostgreSQL's DDL is transactional, so the table appears complete or not at all.
    await db.query('BEGIN');
    await db.query(`CREATE TABLE ${quoted} (time timestamptz, metric text, value double precision, above_threshold boolean)`);
    for (let first = 0; first < rows.length; first += ROWS_PER_INSERT) {
      const batch = rows.slice(first, first + ROWS_PER_INSERT);
      const placeholders = batch.map((_, row) => `($${row * 4 + 1}, $${row * 4 + 2}, $${row * 4 + 3}, $${row * 4 + 4})`).join(', ');
      await db.query(`INSERT INTO ${quoted} (time, metric, value, above_threshold) VALUES ${placeholders}`, batch.flat());
    }
    await db.query('COMMIT');
  } finally {
    await db.end();
  }
}
