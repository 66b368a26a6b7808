/**
 * `npm run bench`: Scheduler's throughput against a bare node:http baseline measured in the same
 * run, plus the dedupe guarantee. Speed is reported as ratios and never fails the run (2 shared,
 * noisy cores); only a correctness check does (non-2xx under load, dedupe ≠ 1).
 *
 * BENCH_SECONDS shortens or lengthens each measured load (default 8).
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

const started = Date.now();
const step = (name: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${name}`);
const checks: Check[] = [];

step(`run throughput: baseline, identical args, distinct args, baseline again (${SECONDS} s each after a warm-up)`);
const run = await runThroughput({ connections: CONNECTIONS, warmupSec: 2, seconds: SECONDS });
checks.push(...run.checks);

step('submit throughput: 5,000 distinct submits');
const submit = await submitThroughput({ connections: CONNECTIONS, submits: 5000, warmupSubmits: 500 });
checks.push(...submit.checks);

step('dedupe: 1,000 identical submits at once');
const dedup = await dedupe(1000);
checks.push(...dedup.checks);

const totalSec = (Date.now() - started) / 1000;
const loadRow = (name: string, load: LoadFigures, ratio: string, target: string) => [
  name,
  String(round(load.requestsPerSec)),
  ratio,
  target,
  String(round(load.latencyP50Ms)),
  String(round(load.latencyP99Ms)),
  String(load.non2xx),
  String(load.errors),
];
const { figures: r } = run;
const ratioText = (ratio: number, target: number) => `${ratio.toFixed(2)}x ${ratio >= target ? '(ok)' : '(BELOW)'}`;
console.log(`\nScheduler bench — node ${process.version}, ${os.cpus().length} cpus, ${CONNECTIONS} connections, ${SECONDS} s per load\n`);
console.log(
  formatTable([
    ['load', 'req/s', 'vs baseline', 'target', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
    loadRow('baseline node:http (before)', r.baselineBefore, '', ''),
    loadRow('baseline node:http (after)', r.baselineAfter, '', ''),
    loadRow('run, identical args (coalesced)', r.identicalArgs, ratioText(r.identicalArgs.ratio, RUN_RATIO_TARGET), `>= ${RUN_RATIO_TARGET}x`),
    loadRow('run, distinct args', r.distinctArgs, ratioText(r.distinctArgs.ratio, RUN_RATIO_TARGET), `>= ${RUN_RATIO_TARGET}x`),
    loadRow('submit, distinct args (5,000)', submit.figures.load, '', `>= ${SUBMITS_PER_SEC_TARGET}/s ${submit.figures.submitsPerSec >= SUBMITS_PER_SEC_TARGET ? '(ok)' : '(BELOW)'}`),
  ]),
);
console.log(
  `\nsubmits: ${round(submit.figures.submitsPerSec)}/s accepted; all ${submit.figures.load.answered} executed and stored after ${submit.figures.allCompleteSec.toFixed(2)} s (${round(submit.figures.executedPerSec)}/s)`,
);
console.log(
  `dedupe: ${dedup.figures.concurrentSubmits} identical submits in ${round(dedup.figures.elapsedMs)} ms -> ${dedup.figures.requestsListed} request listed, ${dedup.figures.distinctRequestIds} distinct id(s) answered`,
);
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
  submit: submit.figures,
  dedupe: dedup.figures,
  checks,
  ok,
});
console.log(`\n${ok ? 'all checks passed' : 'CORRECTNESS CHECK FAILED'}; figures in ${file} (${totalSec.toFixed(1)} s)`);
process.exitCode = ok ? 0 : 1;
