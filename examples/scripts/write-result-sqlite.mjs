#!/usr/bin/env node
/**
 * A Scheduler `process` job example for `cacheArg`, in Node: the script writes its result table
 * itself. The Node twin of write_result_sqlite.py, with the same arguments and table.
 *
 * Configured with `cacheArg: table`, Scheduler runs it as
 *
 *   node write-result-sqlite.mjs points=10 metric=cpu table=d2406011200_ab12cd34_myjob
 *
 * with SCHEDULER_STORE_DIALECT ("sqlite"), SCHEDULER_STORE_PATH (the database file) and
 * SCHEDULER_RESULT_TABLE in its environment. The contract: CREATE the table with typed columns
 * (TIMESTAMP for epoch milliseconds, REAL, TEXT, BOOLEAN), fill it, exit 0.
 *
 * Node 20 has no built-in SQLite, so this uses `better-sqlite3` — the driver Scheduler itself
 * uses. Inside a Scheduler checkout it resolves from the workspace's node_modules; elsewhere,
 * install it next to your script (`npm install better-sqlite3`).
 */
const KNOWN = ['table', 'points', 'metric', 'threshold'];

function fail(message) {
  process.stderr.write(`write-result-sqlite: ${message}\n`);
  process.exit(2);
}

async function openDatabase(file) {
  let Database;
  try {
    ({ default: Database } = await import('better-sqlite3'));
  } catch {
    fail('better-sqlite3 is not installed where this script can find it; run "npm install better-sqlite3" in its folder');
  }
  // The server holds the same database open (in WAL mode): wait for its locks rather than fail.
  return new Database(file, { timeout: 30_000 });
}

/** An SQL identifier, quoted: table and metric names come from outside this script. */
const quoted = (identifier) => `"${identifier.replaceAll('"', '""')}"`;

const given = Object.fromEntries(
  process.argv.slice(2).map((entry) => {
    const equals = entry.indexOf('=');
    return equals === -1 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
  }),
);
const unknown = Object.keys(given).filter((name) => !KNOWN.includes(name));
if (unknown.length > 0) fail(`unknown argument(s) ${unknown.join(', ')}; known: ${KNOWN.join(', ')}`);
if (process.env.SCHEDULER_STORE_DIALECT !== 'sqlite') fail(`this example writes to SQLite only, but SCHEDULER_STORE_DIALECT is "${process.env.SCHEDULER_STORE_DIALECT}"`);
const file = process.env.SCHEDULER_STORE_PATH || fail('SCHEDULER_STORE_PATH is not set');
const table = given.table || process.env.SCHEDULER_RESULT_TABLE || fail('no table name given');
const points = Number(given.points ?? 10);
const threshold = Number(given.threshold ?? 75);
if (!Number.isInteger(points) || points < 1 || points > 100_000) fail('points must be a whole number from 1 to 100000');
if (!Number.isFinite(threshold)) fail('threshold must be a number');
const metric = given.metric || 'value';

const stepMs = 60_000;
const start = Math.floor(Date.now() / stepMs) * stepMs - (points - 1) * stepMs;
const db = await openDatabase(file);
try {
  // One transaction: the table appears complete or not at all.
  db.transaction(() => {
    db.prepare(`CREATE TABLE ${quoted(table)} (time TIMESTAMP, metric TEXT, value REAL, above_threshold BOOLEAN)`).run();
    const insert = db.prepare(`INSERT INTO ${quoted(table)} VALUES (?, ?, ?, ?)`);
    for (let point = 0; point < points; point++) {
      const value = Math.round((50 + 40 * Math.sin(point / 5)) * 1000) / 1000;
      insert.run(start + point * stepMs, metric, value, value > threshold ? 1 : 0); // SQLite stores booleans as 1/0
    }
  })();
} finally {
  db.close();
}
process.stderr.write(`##progress 100 wrote ${points} rows to ${table}\n`);
