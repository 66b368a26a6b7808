/**
 * `npm run bench`: Scheduler's throughput against a bare node:http baseline measured in the same
 * run, plus the dedupe guarantee. Speed is reported as ratios and never fails the run (2 shared,
 * noisy cores); only a correctness check does (non-2xx under load, dedupe ≠ 1).
 *
 * BENCH_SECONDS changes the measured seconds per run load (default 8, in 4 interleaved rounds).
 */
import os from 'node:os';
import { formatTable, round, writeResults, type Check } from './harness.js';
import type { LoadFigures } from './load.js';
import { dedupe } from './scenarios/dedupe.js';
import { runThroughput } from './scenarios/run-throughput.js';
import { submitThroughput } from './scenarios/submit-throughput.js';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RUN_RATIO_TARGET = 0.5;
const SUBMITS_PER_SEC_TARGET = 2000;
const SUBMITS = 5000;

const started = Date.now();
const step = (name: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${name}`);
const checks: Check[] = [];

step(`run throughput: baseline, identical args, distinct args; ${SECONDS} s each in 4 interleaved rounds, after a 2 s warm-up`);
const run = await runThroughput({ connections: CONNECTIONS, warmupSec: 2, seconds: SECONDS, rounds: 4 });
checks.push(...run.checks);

step(`submit throughput: ${SUBMITS} distinct submits (at most 10 s)`);
const submit = await submitThroughput({ connections: CONNECTIONS, submits: SUBMITS, warmupSubmits: 300, maxSec: 10 });
checks.push(...submit.checks);

step('dedupe: 1,000 identical submits at once');
const dedup = await dedupe(1000);
checks.push(...dedup.checks);

const totalSec = (Date.now() - started) / 1000;
const { figures: r } = run;
const s = submit.figures;
const baselineRate = r.baseline.requestsPerSec;
const verdict = (ok: boolean) => (ok ? '(ok)' : '(BELOW)');
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

console.log(`\nScheduler bench — node ${process.version}, ${os.cpus().length} cpus, ${CONNECTIONS} connections, ${SECONDS} s per run load\n`);
console.log(
  formatTable([
    ['load', 'req/s', 'vs baseline [per round]', 'target', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'server busy', 'executions'],
    row('baseline: bare node:http', r.baseline, '1.00x', '', ''),
    row('run, identical args', r.identicalArgs, ratioText(r.identicalArgs.ratio, r.identicalArgs.ratioPerRound), `>= ${RUN_RATIO_TARGET}x`, String(r.identicalArgs.executions)),
    row('run, distinct args', r.distinctArgs, ratioText(r.distinctArgs.ratio, r.distinctArgs.ratioPerRound), `>= ${RUN_RATIO_TARGET}x`, String(r.distinctArgs.executions)),
    row('submit, distinct args', s.load, `${(s.submitsPerSec / baselineRate).toFixed(2)}x`, `>= ${SUBMITS_PER_SEC_TARGET}/s ${verdict(s.submitsPerSec >= SUBMITS_PER_SEC_TARGET)}`, String(s.executions)),
  ]),
);
console.log(`
baseline per round: ${r.baseline.requestsPerSecPerRound.map((rate) => Math.round(rate)).join(', ')} req/s
server busy: event-loop utilization of the server's thread during the load (near 100%: CPU-bound)
executions: requests the server executed for the measured answers (identical runs coalesce only while one is in flight)
submits: ${round(s.submitsPerSec)}/s accepted (${s.load.answered} of ${s.submitsPlanned} sent${s.load.answered < s.submitsPlanned ? `, stopped at ${s.maxSec} s` : ''}); all executed and stored ${s.allCompleteSec.toFixed(2)} s after the first (${round(s.executedPerSec)}/s)
dedupe: ${dedup.figures.concurrentSubmits} identical submits at once in ${round(dedup.figures.elapsedMs)} ms -> ${dedup.figures.requestsListed} request listed, ${dedup.figures.distinctRequestIds} distinct request id(s) answered`);
console.log(`\nchecks:\n${checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : `: ${c.detail}`}`).join('\n')}`);

const ok = checks.every((c) => c.ok);
const file = await writeResults('latest.json', {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  loadAverageAtEnd: os.loadavg(),
  totalSec,
  targets: { runRatio: RUN_RATIO_TARGET, submitsPerSec: SUBMITS_PER_SEC_TARGET, dedupeRequests: 1 },
  run: r,
  submit: s,
  dedupe: dedup.figures,
  checks,
  ok,
});
console.log(`\n${ok ? 'all checks passed' : 'CORRECTNESS CHECK FAILED'}; figures in ${file} (${totalSec.toFixed(1)} s)`);
process.exitCode = ok ? 0 : 1;
