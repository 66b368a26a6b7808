/**
 * `npm run bench`: Scheduler against baselines measured in the same run, printed as ratios.
 * Speed never fails the run (2 shared, noisy cores); only a correctness check does.
 *
 * Scenarios (issue 2, then issue 3; the CSV one runs first, see below):
 * 1. run throughput vs a bare node:http server (≥ 0.5×);
 * 2. submits accepted per second for slow jobs (≥ 2,000/s), and beside it the whole pipeline
 *    with instant jobs (executed and stored per second, no target);
 * 3. dedupe: 1,000 identical submits → exactly 1 request;
 * 4. process run overhead vs a bare spawn (≤ 3 ms or ≤ 1.5× at p50, whichever is larger);
 * 5. a big CSV from a process into a stored result (≥ 50 MB/s, RSS growth < 100 MB);
 * 6. the HTTP executor vs fetch + JSON.parse (≤ 2×).
 *
 * Environment: BENCH_SECONDS (measured seconds per run load, default 8, in 4 interleaved
 * rounds), BENCH_CSV_MB (size of the CSV, default 500), BENCH_ONLY (comma-separated scenario
 * names to run just those — run, submit, pipeline, dedupe, process, csv, http, store-sqlite,
 * store-servers, serve; such a partial run prints its figures but does not replace
 * results/latest.json).
 * Issue 4's store-servers (a result stored in MySQL and PostgreSQL vs their raw bulk paths) and
 * serve (that result served through /query vs a raw SELECT + JSON.stringify, per dialect) take
 * BENCH_STORE_ROWS rows (default 1,000,000) and need the local database servers.
 */
import os from 'node:os';
import { formatTable, round, writeResults, type Check } from './harness.js';
import type { LoadFigures } from './load.js';
import { CSV_MB_PER_SEC_TARGET, CSV_RSS_GROWTH_MB_TARGET, csvIngest } from './scenarios/csv-ingest.js';
import { dedupe } from './scenarios/dedupe.js';
import { HTTP_RATIO_TARGET, httpExecutor } from './scenarios/http-executor.js';
import { PROCESS_OVERHEAD_MS_TARGET, PROCESS_RATIO_TARGET, processOverhead } from './scenarios/process-overhead.js';
import { runThroughput } from './scenarios/run-throughput.js';
import { SERVE_RATIO_TARGET, SERVE_RSS_GROWTH_MB_TARGET, storeServe } from './scenarios/store-serve.js';
import { STORE_WRITE_RATIO_TARGET, storeWriteServers } from './scenarios/store-write-servers.js';
import { STORE_SQLITE_RATIO_TARGET, storeWriteSqlite } from './scenarios/store-write-sqlite.js';
import { submitAcceptance, submitPipeline } from './scenarios/submit-throughput.js';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CSV_MB = Number(process.env.BENCH_CSV_MB ?? 500);
const RUN_RATIO_TARGET = 0.5;
const SUBMITS_PER_SEC_TARGET = 2000;
const SUBMITS = 5000;
const SCENARIOS = ['run', 'submit', 'pipeline', 'dedupe', 'process', 'csv', 'http', 'store-sqlite', 'store-servers', 'serve'] as const;
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
const unknown = only?.filter((name) => !(SCENARIOS as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown scenarios: ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
const wanted = (name: (typeof SCENARIOS)[number]) => !only || only.includes(name);

const started = Date.now();
const step = (name: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${name}`);
const checks: Check[] = [];
async function scenario<F>(name: (typeof SCENARIOS)[number], description: string, measure: () => Promise<{ figures: F; checks: Check[] }>): Promise<F | undefined> {
  if (!wanted(name)) return undefined;
  step(description);
  const outcome = await measure();
  checks.push(...outcome.checks);
  return outcome.figures;
}

// The CSV scenario goes first: its figure is the growth of this process's RSS, which the heap
// left grown by the HTTP loads of the other scenarios would hide.
const csv = await scenario('csv', `CSV into a stored result: ${CSV_MB} MB from a process job, then the generator and the table builder alone`, () => csvIngest(CSV_MB));
const r = await scenario('run', `run throughput: baseline, identical args, distinct args; ${SECONDS} s each in 4 interleaved rounds, after a 2 s warm-up`, () =>
  runThroughput({ connections: CONNECTIONS, warmupSec: 2, seconds: SECONDS, rounds: 4 }),
);
const s = await scenario('submit', `submit throughput (headline): ${SUBMITS} distinct submits of 2 s jobs at the default concurrency (at most 10 s)`, () =>
  submitAcceptance({ connections: CONNECTIONS, submits: SUBMITS, warmupSubmits: 300, maxSec: 10 }),
);
const pipe = await scenario('pipeline', `submit, whole pipeline: ${SUBMITS} distinct submits of instant jobs, executed and stored (at most 10 s of sending)`, () =>
  submitPipeline({ connections: CONNECTIONS, submits: SUBMITS, warmupSubmits: 300, maxSec: 10 }),
);
const dedup = await scenario('dedupe', 'dedupe: 1,000 identical submits at once', () => dedupe(1000));
const proc = await scenario('process', 'process run overhead: 100 runs of a trivial process job vs 100 bare spawns, alternating', () =>
  processOverhead({ runs: 100, warmupRuns: 5 }),
);
const STORE_ROWS = Number(process.env.BENCH_STORE_ROWS ?? 1_000_000);
const storeSqlite = await scenario('store-sqlite', `storing a ${STORE_ROWS}-row × 6-column result in SQLite vs a raw better-sqlite3 prepared INSERT in one transaction, 3 alternating rounds`, () =>
  storeWriteSqlite({ rows: STORE_ROWS, rounds: 3 }),
);
const storeServers = await scenario('store-servers', `storing a ${STORE_ROWS}-row × 6-column result in MySQL and PostgreSQL vs their raw bulk paths (LOAD DATA / multi-row INSERT, COPY), 2 alternating rounds`, () =>
  storeWriteServers({ rows: STORE_ROWS, rounds: 2 }),
);
const serve = await scenario('serve', `serving a stored ${STORE_ROWS}-row result through /query (get) vs a raw SELECT + JSON.stringify, SQLite, MySQL, PostgreSQL, 2 alternating rounds`, () =>
  storeServe({ rows: STORE_ROWS, rounds: 2 }),
);
const http = await scenario('http', 'HTTP executor: 10,000 JSON records, run through Scheduler vs fetch + JSON.parse, 40 alternating repetitions', () =>
  httpExecutor({ records: 10_000, repetitions: 40, warmup: 5 }),
);

const totalSec = (Date.now() - started) / 1000;
const verdict = (ok: boolean) => (ok ? '(ok)' : '(BELOW)');
const fixed = (value: number, digits = 2) => value.toFixed(digits);

console.log(`\nScheduler bench — node ${process.version}, ${os.cpus().length} cpus, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}\n`);

if (r || s || pipe) {
  const baselineRate = r?.baseline.requestsPerSec;
  const ratioText = (ratio: number, perRound: number[]) =>
    `${ratio.toFixed(2)}x [${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}] ${verdict(ratio >= RUN_RATIO_TARGET)}`;
  const row = (name: string, load: LoadFigures, ratio: string, target: string, executions: string) => [
    name,
    String(round(load.requestsPerSec)),
    ratio,
    target,
    String(round(load.latencyP50Ms)),
    String(round(load.latencyP99Ms)),
    String(load.non2xx),
    String(load.errors),
    `${Math.round(load.serverEventLoopUtilization * 100)}%`,
    executions,
  ];
  const vsBaseline = (rate: number) => (baselineRate ? `${(rate / baselineRate).toFixed(2)}x` : '');
  const rows = [['load (HTTP, 50 connections)', 'req/s', 'vs baseline [per round]', 'target', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'server busy', 'executions']];
  if (r) {
    rows.push(
      row('baseline: bare node:http', r.baseline, '1.00x', '', ''),
      row('run, identical args', r.identicalArgs, ratioText(r.identicalArgs.ratio, r.identicalArgs.ratioPerRound), `>= ${RUN_RATIO_TARGET}x`, String(r.identicalArgs.executions)),
      row('run, distinct args', r.distinctArgs, ratioText(r.distinctArgs.ratio, r.distinctArgs.ratioPerRound), `>= ${RUN_RATIO_TARGET}x`, String(r.distinctArgs.executions)),
    );
  }
  if (s) {
    rows.push(
      row(`submit, distinct args, ${s.jobDelaySec} s jobs`, s.load, vsBaseline(s.submitsPerSec), `>= ${SUBMITS_PER_SEC_TARGET}/s ${verdict(s.submitsPerSec >= SUBMITS_PER_SEC_TARGET)}`, `${s.runningAtEnd + s.finishedAtEnd} started`),
    );
  }
  if (pipe) rows.push(row('submit, whole pipeline, instant jobs', pipe.load, vsBaseline(pipe.submitsPerSec), '(no target)', String(pipe.executions)));
  console.log(formatTable(rows));
  console.log();
  if (r) console.log(`baseline per round: ${r.baseline.requestsPerSecPerRound.map((rate) => Math.round(rate)).join(', ')} req/s`);
  console.log('server busy: event-loop utilization of the server\'s thread during the load (near 100%: CPU-bound)');
  if (r) console.log('executions (run): requests the server executed for the measured answers (identical runs coalesce only while one is in flight)');
  if (s) {
    console.log(
      `submits (headline): ${round(s.submitsPerSec)}/s accepted — answered with their QUEUED status row, each recorded in the store (${s.load.answered} of ${s.submitsPlanned}${s.load.answered < s.submitsPlanned ? `, stopped at ${s.maxSec} s` : ''}) — while ${s.jobDelaySec} s jobs ran ${s.maxConcurrentJobs} at a time (maxConcurrentJobs default); at the end ${s.queuedAtEnd} queued, ${s.runningAtEnd} running, ${s.finishedAtEnd} finished; the server was then stopped without waiting`,
    );
  }
  if (pipe) {
    console.log(
      `submit, whole pipeline (instant jobs, maxConcurrentJobs ${pipe.maxConcurrentJobs}): ${round(pipe.submitsPerSec)}/s accepted while executing; all ${pipe.executions} executed and their result tables stored ${fixed(pipe.allCompleteSec)} s after the first submit: ${round(pipe.executedPerSec)} jobs/s end to end`,
    );
  }
}
if (dedup) {
  console.log(`dedupe: ${dedup.concurrentSubmits} identical submits at once in ${round(dedup.elapsedMs)} ms -> ${dedup.requestsListed} request listed, ${dedup.distinctRequestIds} distinct request id(s) answered`);
}

// Every target in one table.
const targets: string[][] = [['target', 'measured', 'yardstick (same run)', 'ratio / overhead', 'target', 'verdict']];
if (r) {
  for (const [name, load] of [['run, identical args', r.identicalArgs], ['run, distinct args', r.distinctArgs]] as const) {
    targets.push([name, `${round(load.requestsPerSec)} req/s, p99 ${round(load.latencyP99Ms)} ms`, `bare node:http ${round(r.baseline.requestsPerSec)} req/s`, `${fixed(load.ratio)}x`, `>= ${RUN_RATIO_TARGET}x`, verdict(load.ratio >= RUN_RATIO_TARGET)]);
  }
}
if (s) targets.push(['submits accepted (2 s jobs)', `${round(s.submitsPerSec)}/s`, '', '', `>= ${SUBMITS_PER_SEC_TARGET}/s`, verdict(s.submitsPerSec >= SUBMITS_PER_SEC_TARGET)]);
if (pipe) targets.push(['  whole pipeline (instant jobs)', `${round(pipe.submitsPerSec)}/s accepted, ${round(pipe.executedPerSec)}/s executed+stored`, '', '', '(no target)', '']);
if (dedup) targets.push(['dedupe, 1,000 identical submits', `${dedup.requestsListed} request`, '', '', '= 1', dedup.requestsListed === 1 && dedup.distinctRequestIds === 1 ? '(ok)' : '(FAIL)']);
if (proc) {
  targets.push([
    'process run overhead (p50)',
    `${fixed(proc.schedulerP50Ms)} ms (p90 ${fixed(proc.schedulerP90Ms)})`,
    `bare spawn ${fixed(proc.bareSpawnP50Ms)} ms (p90 ${fixed(proc.bareSpawnP90Ms)})`,
    `+${fixed(proc.overheadMsP50)} ms, ${fixed(proc.ratioP50)}x`,
    `<= ${PROCESS_OVERHEAD_MS_TARGET} ms or <= ${PROCESS_RATIO_TARGET}x (allows +${fixed(proc.allowedOverheadMs)} ms)`,
    verdict(proc.ok),
  ]);
}
if (csv) {
  targets.push([
    `CSV ${csv.megabytes} MB -> stored result`,
    `${fixed(csv.storedMBPerSec, 1)} MB/s (${round(csv.storedRowsPerSec)} rows/s, ${fixed(csv.storedSec, 1)} s)`,
    `generator ${fixed(csv.generatorMBPerSec, 0)} MB/s; parse only ${fixed(csv.parseOnlyMBPerSec, 1)} MB/s; SQLite alone ${fixed(csv.sqliteAloneMBPerSec, 1)} MB/s`,
    '',
    `>= ${CSV_MB_PER_SEC_TARGET} MB/s`,
    verdict(csv.storedMBPerSec >= CSV_MB_PER_SEC_TARGET),
  ]);
  targets.push(['  peak RSS growth', `${fixed(csv.rssGrowthMB, 1)} MB`, `RSS before ${round(csv.rssBeforeMB)} MB`, '', `< ${CSV_RSS_GROWTH_MB_TARGET} MB`, verdict(csv.rssGrowthMB < CSV_RSS_GROWTH_MB_TARGET)]);
}
if (http) {
  targets.push([
    'HTTP executor, 10,000 records (median)',
    `${fixed(http.schedulerMedianMs)} ms to the whole answer`,
    `fetch + JSON.parse ${fixed(http.fetchParseMedianMs)} ms`,
    `${fixed(http.ratio)}x (${fixed(http.ratioWithClientParse)}x with the client's parse)`,
    `<= ${HTTP_RATIO_TARGET}x`,
    verdict(http.ratio <= HTTP_RATIO_TARGET),
  ]);
}
if (storeSqlite) {
  targets.push([
    `store ${storeSqlite.rows} rows x 6 columns, SQLite`,
    `${round(storeSqlite.schedulerRowsPerSec)} rows/s`,
    `raw better-sqlite3 ${round(storeSqlite.rawRowsPerSec)} rows/s`,
    `${fixed(storeSqlite.ratio)}x [per round ${storeSqlite.ratioPerRound.map((ratio) => fixed(ratio)).join(', ')}]`,
    `>= ${STORE_SQLITE_RATIO_TARGET}x`,
    verdict(storeSqlite.ratio >= STORE_SQLITE_RATIO_TARGET),
  ]);
}
for (const [dialect, write] of storeServers ? ([['MySQL', storeServers.mysql], ['PostgreSQL', storeServers.postgres]] as const) : []) {
  targets.push([
    `store ${storeServers!.rows} rows x 6 columns, ${dialect}`,
    `${round(write.schedulerRowsPerSec)} rows/s`,
    `${write.yardstick} ${round(write.rawRowsPerSec)} rows/s${write.others.map((other) => `; ${other.name} ${round(other.rowsPerSec)}`).join('')}`,
    `${fixed(write.ratio)}x [per round ${write.ratioPerRound.map((ratio) => fixed(ratio)).join(', ')}]`,
    `>= ${STORE_WRITE_RATIO_TARGET}x`,
    verdict(write.ratio >= STORE_WRITE_RATIO_TARGET),
  ]);
}
for (const [dialect, served] of serve ? ([['SQLite', serve.sqlite], ['MySQL', serve.mysql], ['PostgreSQL', serve.postgres]] as const) : []) {
  targets.push([
    `serve ${serve!.rows} rows (get), ${dialect}`,
    `${round(served.schedulerRowsPerSec)} rows/s (${round(served.answerBytes / 1_000_000)} MB)`,
    `SELECT + JSON.stringify ${round(served.rawRowsPerSec)} rows/s`,
    `${fixed(served.ratio)}x [per round ${served.ratioPerRound.map((ratio) => fixed(ratio)).join(', ')}]`,
    `>= ${SERVE_RATIO_TARGET}x`,
    verdict(served.ratio >= SERVE_RATIO_TARGET),
  ]);
  targets.push(['  peak RSS growth', `${fixed(served.rssGrowthMB, 1)} MB`, `RSS before ${round(served.rssBeforeMB)} MB`, '', `< ${SERVE_RSS_GROWTH_MB_TARGET} MB`, verdict(served.rssGrowthMB < SERVE_RSS_GROWTH_MB_TARGET)]);
}
console.log(`\n${formatTable(targets)}`);
if (csv) {
  console.log(
    `\ncsv: ${csv.rows} rows of ${fixed(csv.bytesPerRow, 1)} bytes; "parse only" = the CSV table builder on the same generator's output (its first ${round(csv.parseOnlyMB)} MB), rows typed but not stored; "SQLite alone" = as many of the same rows, typed, by raw better-sqlite3 in 500-row INSERTs in one transaction; RSS sampled every 100 ms (peak ${round(csv.rssPeakMB)} MB; JS heap used ${round(csv.heapUsedBeforeMB)} MB before, ${round(csv.heapUsedPeakMB)} MB at its peak, ${round(csv.heapUsedAfterMB)} MB after)`,
  );
}
if (http) {
  console.log(`http: API answer ${round(http.apiAnswerBytes / 1000)} kB, Scheduler's answer ${round(http.schedulerAnswerBytes / 1000)} kB; the client parses it in ${fixed(http.clientParseMedianMs)} ms (median); the executor alone makes its table in ${fixed(http.executorMedianMs)} ms (${fixed(http.executorRatio)}x fetch + JSON.parse): the rest is answering Grafana`);
}
console.log(`\nchecks:\n${checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : `: ${c.detail}`}`).join('\n')}`);

const ok = checks.every((c) => c.ok);
const figures = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  loadAverageAtEnd: os.loadavg(),
  totalSec,
  targets: {
    runRatio: RUN_RATIO_TARGET,
    submitsPerSec: SUBMITS_PER_SEC_TARGET,
    dedupeRequests: 1,
    processOverheadMs: PROCESS_OVERHEAD_MS_TARGET,
    processRatio: PROCESS_RATIO_TARGET,
    csvMBPerSec: CSV_MB_PER_SEC_TARGET,
    csvRssGrowthMB: CSV_RSS_GROWTH_MB_TARGET,
    httpRatio: HTTP_RATIO_TARGET,
    storeServersRatio: STORE_WRITE_RATIO_TARGET,
    serveRatio: SERVE_RATIO_TARGET,
    serveRssGrowthMB: SERVE_RSS_GROWTH_MB_TARGET,
  },
  run: r,
  submit: s,
  submitPipeline: pipe,
  dedupe: dedup,
  processOverhead: proc,
  csvIngest: csv,
  httpExecutor: http,
  storeWriteSqlite: storeSqlite,
  storeWriteServers: storeServers,
  storeServe: serve,
  checks,
  ok,
};
const where = only ? 'partial run (BENCH_ONLY): results/latest.json left as it was' : `figures in ${await writeResults('latest.json', figures)}`;
console.log(`\n${ok ? 'all checks passed' : 'CORRECTNESS CHECK FAILED'}; ${where} (${totalSec.toFixed(1)} s)`);
process.exitCode = ok ? 0 : 1;
