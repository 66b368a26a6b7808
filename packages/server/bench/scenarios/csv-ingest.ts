/**
 * Scenario 5 (issue 3), CSV into a stored result: a `process` job whose program streams a
 * generated CSV (BENCH_CSV_MB megabytes, default 500; six columns: ISO time, two integers, a
 * float, a short text, a boolean) is submitted and waited for, until its rows are a stored SQL
 * table. Reported: MB/s from the submit to the request's completion, and the peak growth of this
 * process's RSS (the server runs in-process here) sampled every 100 ms meanwhile.
 *
 * Yardsticks measured in the same run: the generator alone, piped to /dev/null (how fast the
 * source can go); the shared CSV table builder alone (the same generator's output, its first
 * 100 MB at most, parsed and typed in-process, rows counted but not stored), which separates
 * reading from storing; and SQLite alone: as many of the same rows, already typed, written by
 * better-sqlite3 in 500-row prepared INSERTs in one transaction with the store's settings (WAL,
 * synchronous NORMAL) — the most any CSV-to-SQLite path on one thread could reach, since
 * SQLite's connection lives on the server's thread.
 *
 * Targets: ≥ 50 MB/s and RSS growth < 100 MB.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Request } from '../../src/domain.js';
import { csvToTable, tuneSqliteConnection } from '../product.js';
import { check, JSON_HEADERS, QUERY_PATH, queryBody, sleep, startBenchScheduler, type Check } from '../harness.js';

export const CSV_MB_PER_SEC_TARGET = 50;
export const CSV_RSS_GROWTH_MB_TARGET = 100;
const MB = 1_000_000;
const RSS_SAMPLE_MS = 100;
/** The table builder alone reads at most this much: its figure is a rate, and the bench must stay short. */
const PARSE_ONLY_MAX_MB = 100;

/**
 * The generator: a header, then rows from a pool of 65,536 distinct rows, repeated until BYTES
 * are written, with backpressure. It says on stderr how many rows and bytes it wrote.
 */
const GENERATOR = String.raw`
const target = Number(process.argv[2]);
const start = Date.UTC(2024, 0, 1);
const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const POOL = 65536;
let text = '';
for (let i = 0; i < POOL; i++) {
  const time = new Date(start + i * 1000).toISOString();
  text += time + ',' + (i * 15) + ',' + ((i * 7919) % 100000) + ',' + ((i * 37) % 100000) / 1000 + ',' + words[i % 8] + ' ' + words[(i >> 3) % 8] + ' ' + (i % 1000) + ',' + (i % 3 === 0) + '\n';
}
const pool = Buffer.from(text);
const rowEnds = [];
for (let i = 0; i < pool.length; i++) if (pool[i] === 10) rowEnds.push(i + 1);
const header = Buffer.from('time,id,count,value,label,ok\n');
const out = process.stdout;
out.on('error', () => process.exit(1));
let written = header.length;
let rows = 0;
out.write(header);
function pump() {
  while (written < target) {
    let piece = pool;
    let count = POOL;
    const left = target - written;
    if (left < pool.length) {
      count = rowEnds.findIndex((end) => end >= left) + 1;
      piece = pool.subarray(0, rowEnds[count - 1]);
    }
    written += piece.length;
    rows += count;
    if (!out.write(piece)) return void out.once('drain', pump);
  }
  process.stderr.write('rows ' + rows + ' bytes ' + written + '\n');
}
pump();
`;

export interface CsvIngestFigures {
  megabytes: number;
  bytes: number;
  rows: number;
  bytesPerRow: number;
  /** Submit → request complete, rows stored. */
  storedSec: number;
  storedMBPerSec: number;
  storedRowsPerSec: number;
  /** Peak RSS during the job minus RSS just before the submit. */
  rssGrowthMB: number;
  rssBeforeMB: number;
  rssPeakMB: number;
  /** The JS heap (live objects and not yet collected garbage) before, at its peak, and right after the job. */
  heapUsedBeforeMB: number;
  heapUsedPeakMB: number;
  heapUsedAfterMB: number;
  /** The generator piped to /dev/null. */
  generatorMBPerSec: number;
  /** The CSV table builder alone: parsed and typed in-process, not stored (on the first parseOnlyMB of the CSV). */
  parseOnlyMB: number;
  parseOnlyMBPerSec: number;
  parseOnlyRowsPerSec: number;
  /** The same rows written by raw better-sqlite3 (as many as the parse-only part holds), in MB of CSV per second. */
  sqliteAloneMBPerSec: number;
  sqliteAloneRowsPerSec: number;
}

interface Generated {
  rows: number;
  bytes: number;
}

function readSummary(text: string): Generated | null {
  const match = /rows (\d+) bytes (\d+)/.exec(text);
  return match ? { rows: Number(match[1]), bytes: Number(match[2]) } : null;
}

/** The generator to /dev/null: the source's own speed. */
async function generatorAlone(script: string, bytes: number): Promise<{ sec: number; generated: Generated | null }> {
  const devNull = await open('/dev/null', 'w');
  try {
    const started = performance.now();
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [script, String(bytes)], { stdio: ['ignore', devNull.fd, 'pipe'] });
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`generator exited ${code}: ${text}`))));
    });
    return { sec: (performance.now() - started) / 1000, generated: readSummary(stderr) };
  } finally {
    await devNull.close();
  }
}

/** The shared CSV table builder on the generator's output, rows counted and dropped. */
async function parseAlone(script: string, bytes: number): Promise<{ sec: number; rows: number; types: string; generated: Generated | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, [script, String(bytes)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const table = await csvToTable(child.stdout);
  let rows = 0;
  for await (const _row of table.rows) rows++;
  const sec = (performance.now() - started) / 1000;
  await closed;
  return { sec, rows, types: table.columns.map((column) => column.type).join(','), generated: readSummary(stderr) };
}

/** The generator's rows, typed as the table builder types them: row `index` of its pool. */
function generatedRow(index: number): [number, number, number, number, string, number] {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  const i = index % 65_536;
  return [Date.UTC(2024, 0, 1) + i * 1000, i * 15, (i * 7919) % 100_000, ((i * 37) % 100_000) / 1000, `${words[i % 8]} ${words[(i >> 3) % 8]} ${i % 1000}`, i % 3 === 0 ? 1 : 0];
}

/** SQLite alone: `rows` of the generator's rows in 500-row prepared INSERTs, one transaction, a fresh WAL database. */
function sqliteAlone(folder: string, rows: number): number {
  const ROWS_PER_INSERT = 500;
  const database = new Database(path.join(folder, 'sqlite-alone.db'));
  try {
    tuneSqliteConnection(database);
    database.exec('create table t (scheduler_row integer primary key, "time" bigint, "id" double precision, "count" double precision, "value" double precision, "label" text, "ok" boolean)');
    const insert = (count: number) => database.prepare(`insert into t values ${new Array(count).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const full = insert(ROWS_PER_INSERT);
    const started = performance.now();
    database.exec('begin');
    let values: unknown[] = [];
    for (let index = 0; index < rows; index++) {
      values.push(index, ...generatedRow(index));
      if (values.length === ROWS_PER_INSERT * 7) {
        full.run(values);
        values = [];
      }
    }
    if (values.length > 0) insert(values.length / 7).run(values);
    database.exec('commit');
    return (performance.now() - started) / 1000;
  } finally {
    database.close();
  }
}

interface Stored {
  storedSec: number;
  request: Request | undefined;
  firstRow: unknown[] | undefined;
  rssBefore: number;
  rssPeak: number;
  heapBefore: number;
  heapPeak: number;
  heapAfter: number;
}

/** Submits the job to a fresh server, waits for it while sampling memory, and reads the first stored row. */
async function storedEndToEnd(script: string, bytes: number): Promise<Stored> {
  const server = await startBenchScheduler({
    jobsConfigList: [{ name: 'csv', type: 'process', config: { process: [process.execPath, script, String(bytes)], outputFormat: 'csv', maxOutputBytes: bytes + 16 * MB } }],
  });
  try {
    const before = process.memoryUsage();
    let rssPeak = before.rss;
    // The JS heap beside it, to tell retained memory from garbage the collector has not yet reclaimed.
    let heapPeak = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      rssPeak = Math.max(rssPeak, now.rss);
      heapPeak = Math.max(heapPeak, now.heapUsed);
    }, RSS_SAMPLE_MS);
    const started = performance.now();
    let request: Request | undefined;
    try {
      const response = await fetch(`${server.url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body: queryBody('submit', {}, 'csv') });
      const [table] = (await response.json()) as Array<{ columns: Array<{ text: string }>; rows: unknown[][] }>;
      const id = String(table?.rows[0]?.[table.columns.findIndex((column) => column.text === 'Request ID')]);
      for (;;) {
        request = await server.scheduler.store.getRequest(id);
        if (!request || (request.state !== 'queued' && request.state !== 'running')) break;
        await sleep(50);
      }
    } finally {
      clearInterval(sampler);
    }
    const storedSec = (performance.now() - started) / 1000;
    const after = process.memoryUsage();
    let firstRow: unknown[] | undefined;
    if (request?.state === 'complete' && request.resultTable && request.resultColumns) {
      for await (const row of server.scheduler.store.readResult(request.resultTable, request.resultColumns)) {
        firstRow = row;
        break;
      }
    }
    return { storedSec, request, firstRow, rssBefore: before.rss, rssPeak: Math.max(rssPeak, after.rss), heapBefore: before.heapUsed, heapPeak, heapAfter: after.heapUsed };
  } finally {
    // Its store (hundreds of MB just written) goes before anything else is measured.
    await server.stop();
  }
}

export async function csvIngest(megabytes: number): Promise<{ figures: CsvIngestFigures; checks: Check[] }> {
  const bytes = Math.round(megabytes * MB);
  const scriptDir = await mkdtemp(path.join(tmpdir(), 'scheduler-bench-csv-'));
  const script = path.join(scriptDir, 'generate-csv.mjs');
  await writeFile(script, GENERATOR);
  try {
    // Stored end to end first, while this process's memory is least disturbed by the others.
    const stored = await storedEndToEnd(script, bytes);
    const { request, storedSec } = stored;
    // A rate, so a part is enough: at most PARSE_ONLY_MAX_MB of the same CSV.
    const parseOnlyBytes = Math.min(bytes, PARSE_ONLY_MAX_MB * MB);
    const parsed = await parseAlone(script, parseOnlyBytes);
    const alone = await generatorAlone(script, bytes);
    const sqliteAloneSec = sqliteAlone(scriptDir, parsed.rows);

    const generated = readSummary(request?.log ?? '');
    const rows = generated?.rows ?? NaN;
    const storedTypes = request?.resultColumns?.map((column) => column.type).join(',') ?? '';
    const expectedTypes = 'time,number,number,number,string,boolean';
    const expectedFirst = JSON.stringify([Date.UTC(2024, 0, 1), 0, 0, 0, 'alpha alpha 0', true]);
    const figures: CsvIngestFigures = {
      megabytes,
      bytes,
      rows,
      bytesPerRow: bytes / rows,
      storedSec,
      storedMBPerSec: bytes / MB / storedSec,
      storedRowsPerSec: rows / storedSec,
      rssGrowthMB: (stored.rssPeak - stored.rssBefore) / MB,
      rssBeforeMB: stored.rssBefore / MB,
      rssPeakMB: stored.rssPeak / MB,
      heapUsedBeforeMB: stored.heapBefore / MB,
      heapUsedPeakMB: stored.heapPeak / MB,
      heapUsedAfterMB: stored.heapAfter / MB,
      generatorMBPerSec: bytes / MB / alone.sec,
      parseOnlyMB: parseOnlyBytes / MB,
      parseOnlyMBPerSec: parseOnlyBytes / MB / parsed.sec,
      parseOnlyRowsPerSec: parsed.rows / parsed.sec,
      sqliteAloneMBPerSec: parseOnlyBytes / MB / sqliteAloneSec,
      sqliteAloneRowsPerSec: parsed.rows / sqliteAloneSec,
    };
    return {
      figures,
      checks: [
        check('csv: the job completed', request?.state === 'complete', `${request?.state ?? 'no request'}: ${request?.error ?? ''}`),
        check('csv: every generated row stored', request?.rowCount === rows && alone.generated?.rows === rows, `generator said ${rows} rows (alone: ${alone.generated?.rows}), stored ${request?.rowCount}`),
        check('csv: columns typed time, number ×3, string, boolean', storedTypes === expectedTypes && parsed.types === expectedTypes, `stored ${storedTypes}, parsed alone ${parsed.types}`),
        check('csv: the first stored row holds the first generated values', JSON.stringify(stored.firstRow) === expectedFirst, `${JSON.stringify(stored.firstRow)} (expected ${expectedFirst})`),
        check('csv: the table builder alone saw every row', parsed.rows === parsed.generated?.rows, `${parsed.rows} of ${parsed.generated?.rows}`),
      ],
    };
  } finally {
    await rm(scriptDir, { recursive: true, force: true });
  }
}
