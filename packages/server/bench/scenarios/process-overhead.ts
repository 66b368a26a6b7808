/**
 * Scenario 4 (issue 3), process run overhead: a trivial `process` job (Node printing a two-line
 * CSV, outputFormat csv) run end to end — POST /scheduler/query with a `run` target, the program
 * spawned, its CSV read into a table, the answer received — one at a time, against a bare
 * `child_process.spawn` of the same program with its stdout read and its exit waited for, from
 * this script. The two alternate, run for run, so the noise of a shared machine falls on both.
 *
 * Target: overhead at p50 ≤ 3 ms, or ≤ 1.5× the bare spawn time, whichever allows more.
 */
import { spawn } from 'node:child_process';
import { DEFAULT_INHERITED_ENV } from '../product.js';
import { check, postQuery, quantile, queryBody, startBenchScheduler, type Check } from '../harness.js';

export interface ProcessOverheadSettings {
  runs: number;
  warmupRuns: number;
}

export interface ProcessOverheadFigures {
  runs: number;
  program: string[];
  schedulerP50Ms: number;
  schedulerP90Ms: number;
  bareSpawnP50Ms: number;
  bareSpawnP90Ms: number;
  /** Scheduler p50 − bare p50. */
  overheadMsP50: number;
  /** Scheduler p50 / bare p50. */
  ratioP50: number;
  /** The overhead the target allows: max(3 ms, 0.5 × bare p50). */
  allowedOverheadMs: number;
  ok: boolean;
}

const SCRIPT = 'process.stdout.write("a,b\\n1,2\\n")';
const PROGRAM = [process.execPath, '-e', SCRIPT];
export const PROCESS_OVERHEAD_MS_TARGET = 3;
export const PROCESS_RATIO_TARGET = 1.5;

/**
 * The environment the job's program gets by default (inheritEnv: PATH, HOME, LANG, TZ), given to
 * the bare spawn too: the same program must start the same way. (It matters: with this machine's
 * NODE_EXTRA_CA_CERTS inherited, every Node start loads extra certificates, ~70 ms.)
 */
const CHILD_ENV = Object.fromEntries(DEFAULT_INHERITED_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));

/** The bare yardstick: spawn, read stdout to its end, wait for the exit. */
function bareSpawn(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROGRAM[0]!, PROGRAM.slice(1), { env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`exit ${code}`))));
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function processOverhead(settings: ProcessOverheadSettings): Promise<{ figures: ProcessOverheadFigures; checks: Check[] }> {
  const server = await startBenchScheduler({
    jobsConfigList: [{ name: 'trivial', type: 'process', config: { process: PROGRAM, outputFormat: 'csv' } }],
  });
  const body = queryBody('run', {}, 'trivial');
  const runOnce = () => postQuery(server.url, body);
  try {
    for (let i = 0; i < settings.warmupRuns; i++) {
      await runOnce();
      await bareSpawn();
    }
    const scheduler: number[] = [];
    const bare: number[] = [];
    let answer = '';
    let printed = '';
    for (let i = 0; i < settings.runs; i++) {
      // Alternate which goes first, so neither always follows the other's leftovers.
      let viaScheduler: { ms: number; value: string };
      let viaSpawn: { ms: number; value: string };
      if (i % 2 === 0) {
        viaScheduler = await timed(runOnce);
        viaSpawn = await timed(bareSpawn);
      } else {
        viaSpawn = await timed(bareSpawn);
        viaScheduler = await timed(runOnce);
      }
      scheduler.push(viaScheduler.ms);
      bare.push(viaSpawn.ms);
      answer = viaScheduler.value;
      printed = viaSpawn.value;
    }
    const schedulerP50Ms = quantile(scheduler, 0.5);
    const bareSpawnP50Ms = quantile(bare, 0.5);
    const overheadMsP50 = schedulerP50Ms - bareSpawnP50Ms;
    const allowedOverheadMs = Math.max(PROCESS_OVERHEAD_MS_TARGET, (PROCESS_RATIO_TARGET - 1) * bareSpawnP50Ms);
    const table = (JSON.parse(answer) as Array<{ columns: Array<{ text: string; type: string }>; rows: unknown[][] }>)[0];
    const expected = JSON.stringify({ columns: [{ text: 'a', type: 'number' }, { text: 'b', type: 'number' }], rows: [[1, 2]] });
    const got = JSON.stringify({ columns: table?.columns, rows: table?.rows });
    return {
      figures: {
        runs: settings.runs,
        program: PROGRAM,
        schedulerP50Ms,
        schedulerP90Ms: quantile(scheduler, 0.9),
        bareSpawnP50Ms,
        bareSpawnP90Ms: quantile(bare, 0.9),
        overheadMsP50,
        ratioP50: schedulerP50Ms / bareSpawnP50Ms,
        allowedOverheadMs,
        ok: overheadMsP50 <= allowedOverheadMs,
      },
      checks: [
        check('process run: the answer is the program\'s CSV as a typed table', got === expected, got),
        check('process run: the bare spawn printed the same CSV', printed === 'a,b\n1,2\n', JSON.stringify(printed)),
      ],
    };
  } finally {
    await server.stop();
  }
}
