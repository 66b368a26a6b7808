/**
 * Scenario 2, submit throughput: distinct `submit` targets through HTTP with autocannon, in two
 * separately reported measurements.
 *
 * - **Accepting submits** (the headline, issue 2's "≥ 2,000/s"): submits are for long jobs (an
 *   ETL script), so each is a dummy job that takes `delaySec` (2 s) and the server keeps its
 *   default concurrency (maxConcurrentJobs = the CPU count). What is measured is the submit
 *   path: how fast submits are answered with their QUEUED status row, each one durably recorded
 *   in the store, while jobs run in the background. The server is then stopped without waiting
 *   for the queue (its executions are aborted and its temporary store thrown away).
 * - **Whole pipeline** (reported beside it, no target): instant jobs (`delaySec: 0`) with 64
 *   slots, so accepting competes on the one event loop with executing every job and storing its
 *   result table; reported as submits accepted per second and jobs executed and stored per second.
 */
import { check, JSON_HEADERS, QUERY_PATH, queryBody, startBenchScheduler, type Check } from '../harness.js';
import { runLoad, summarize, type LoadFigures } from '../load.js';
import { describeFailures } from './run-throughput.js';

export interface SubmitThroughputSettings {
  connections: number;
  submits: number;
  warmupSubmits: number;
  /** Stop sending after this long even if fewer were sent: a slow server must not stretch the bench. */
  maxSec: number;
}

export interface SubmitAcceptanceFigures {
  connections: number;
  /** Seconds each submitted job takes (dummy delaySec). */
  jobDelaySec: number;
  /** The server's maxConcurrentJobs: its default, the CPU count. */
  maxConcurrentJobs: number;
  /** How many were to be sent; `load.answered` says how many were, within maxSec. */
  submitsPlanned: number;
  maxSec: number;
  load: LoadFigures;
  /** Submits answered (2xx, with their status row) per second: the headline figure. */
  submitsPerSec: number;
  /** Requests the measured submits created, all recorded in the store. */
  recorded: number;
  /** Of all recorded requests (warm-up included) when the load ended: still queued, running, finished. */
  queuedAtEnd: number;
  runningAtEnd: number;
  finishedAtEnd: number;
}

export interface SubmitPipelineFigures {
  connections: number;
  maxConcurrentJobs: number;
  /** How many were to be sent; `load.answered` says how many were, within maxSec. */
  submitsPlanned: number;
  maxSec: number;
  load: LoadFigures;
  /** Submits answered per second while the instant jobs execute alongside. */
  submitsPerSec: number;
  /** From the first submit until the queue was empty again: every submit executed and stored. */
  allCompleteSec: number;
  /** Jobs executed and their result tables stored, per second, over allCompleteSec. */
  executedPerSec: number;
  /** Requests the measured submits created (the warm-up's not counted); the checks see them complete. */
  executions: number;
}

const JOB_DELAY_SEC = 2;

/** Distinct submits numbered from `first`; a few spare, as autocannon prepares one per connection ahead. */
function submitBodies(first: number, count: number, connections: number, delaySec: number): string[] {
  return Array.from({ length: count + 2 * connections }, (_, i) => queryBody('submit', { delaySec, metricMax: first + i }));
}

interface StatusAnswer {
  columns: Array<{ text: string }>;
  rows: unknown[][];
}

/** One submit's answer: its status and request id, read from the status table by column name. */
async function submitOnce(url: string, body: string): Promise<{ status: string; id: string }> {
  const response = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body });
  const [table] = (await response.json()) as StatusAnswer[];
  const cell = (name: string) => String(table?.rows[0]?.[table.columns.findIndex((column) => column.text === name)]);
  return { status: cell('Status'), id: cell('Request ID') };
}

function noFailures(name: string, loads: LoadFigures[]): Check {
  const failed = loads.reduce((sum, load) => sum + load.non2xx + load.errors - load.timeouts, 0);
  return check(`${name}: no non-2xx answers or connection errors`, failed === 0, loads.map(describeFailures).join(' / '));
}

/** The headline: submits of slow jobs accepted per second, at the default concurrency. */
export async function submitAcceptance(settings: SubmitThroughputSettings): Promise<{ figures: SubmitAcceptanceFigures; checks: Check[] }> {
  const { connections, submits, warmupSubmits, maxSec } = settings;
  const server = await startBenchScheduler({ maxConcurrentJobs: undefined });
  const url = `${server.url}${QUERY_PATH}`;
  try {
    const listStored = () => server.scheduler.store.listRequests({ user: '*', job: 'demo', limit: Number.MAX_SAFE_INTEGER });
    const warmup = summarize([await runLoad({ url, connections, amount: warmupSubmits, maxSec, bodies: submitBodies(1_000_000_000, warmupSubmits, connections, JOB_DELAY_SEC) })]);
    const storedBefore = (await listStored()).length;
    const load = summarize([await runLoad({ url, connections, amount: submits, maxSec, bodies: submitBodies(0, submits, connections, JOB_DELAY_SEC) })]);
    // Every answered submit must already be in the store: it was answered only once recorded.
    const stored = await listStored();
    const count = (...states: string[]) => stored.filter((request) => states.includes(request.state)).length;
    const recorded = stored.length - storedBefore;
    const failedOrCancelled = count('failed', 'cancelled', 'timed-out');
    // Spot-check the answers: a new submit is answered QUEUED; repeating one names the same request.
    const fresh = await submitOnce(url, queryBody('submit', { delaySec: JOB_DELAY_SEC, metricMax: 2_000_000_000 }));
    const again = await submitOnce(url, queryBody('submit', { delaySec: JOB_DELAY_SEC, metricMax: 2_000_000_000 }));

    return {
      figures: {
        connections,
        jobDelaySec: JOB_DELAY_SEC,
        maxConcurrentJobs: server.config.maxConcurrentJobs,
        submitsPlanned: submits,
        maxSec,
        load,
        submitsPerSec: load.requestsPerSec,
        recorded,
        queuedAtEnd: count('queued'),
        runningAtEnd: count('running'),
        finishedAtEnd: count('complete', 'failed', 'cancelled', 'timed-out'),
      },
      checks: [
        noFailures('submit (slow jobs)', [warmup, load]),
        check(
          'submit (slow jobs): every answered submit recorded in the store, none failed',
          stored.length >= warmup.answered + load.answered && stored.length <= warmup.sent + load.sent && failedOrCancelled === 0,
          `${warmup.answered + load.answered} submits answered (${warmup.sent + load.sent} sent), ${stored.length} requests stored, ${failedOrCancelled} failed/cancelled/timed out`,
        ),
        check('submit (slow jobs): a new submit is answered with its QUEUED status row', fresh.status === 'QUEUED', `status ${fresh.status}`),
        check('submit (slow jobs): repeating a queued submit names the same request', again.id === fresh.id && again.status === 'QUEUED', `${fresh.id} then ${again.id} (${again.status})`),
      ],
    };
  } finally {
    // Thousands of 2 s jobs are still queued: stop at once, aborting them with the temp store.
    await server.stop({ waitUntilIdle: false });
  }
}

/** The whole pipeline: instant jobs accepted, executed and stored, 64 at a time. */
export async function submitPipeline(settings: SubmitThroughputSettings): Promise<{ figures: SubmitPipelineFigures; checks: Check[] }> {
  const { connections, submits, warmupSubmits, maxSec } = settings;
  const maxConcurrentJobs = 64;
  const server = await startBenchScheduler({ maxConcurrentJobs });
  const url = `${server.url}${QUERY_PATH}`;
  try {
    const warmup = summarize([await runLoad({ url, connections, amount: warmupSubmits, maxSec, bodies: submitBodies(1_000_000_000, warmupSubmits, connections, 0) })]);
    await server.waitUntilIdle();
    const listStored = () => server.scheduler.store.listRequests({ user: '*', job: 'demo', limit: Number.MAX_SAFE_INTEGER });
    const storedBefore = (await listStored()).length;

    const started = performance.now();
    const load = summarize([await runLoad({ url, connections, amount: submits, maxSec, bodies: submitBodies(0, submits, connections, 0) })]);
    await server.waitUntilIdle();
    const allCompleteSec = (performance.now() - started) / 1000;

    const stored = await listStored();
    const executions = stored.length - storedBefore;
    const complete = stored.filter((request) => request.state === 'complete').length;
    // A load stopped at maxSec leaves up to one request per connection sent but unanswered.
    const answered = warmup.answered + load.answered;
    const sent = warmup.sent + load.sent;
    // Spot-check one answer: resubmitting a completed one is answered with its status table.
    const sample = await submitOnce(url, queryBody('submit', { delaySec: 0, metricMax: 0 }));

    return {
      figures: {
        connections,
        maxConcurrentJobs,
        submitsPlanned: submits,
        maxSec,
        load,
        submitsPerSec: load.requestsPerSec,
        allCompleteSec,
        executedPerSec: executions / allCompleteSec,
        executions,
      },
      checks: [
        noFailures('submit (whole pipeline)', [warmup, load]),
        check(
          'submit (whole pipeline): one stored request per distinct submit, all complete',
          stored.length >= answered && stored.length <= sent && complete === stored.length,
          `${answered} submits answered (${sent} sent), ${stored.length} requests stored, ${complete} complete`,
        ),
        check('submit (whole pipeline): resubmitting a completed one answers its status', sample.status === 'COMPLETE', `status ${sample.status}`),
      ],
    };
  } finally {
    await server.stop();
  }
}
