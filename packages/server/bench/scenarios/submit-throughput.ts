/**
 * Scenario 2, submit throughput: distinct `submit` targets (metricMax = i) through HTTP with
 * autocannon. What is measured is how fast submits are accepted; how long until every one of
 * them has executed and stored its result is reported next to it.
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

export interface SubmitThroughputFigures {
  connections: number;
  /** How many were to be sent; `load.answered` says how many were, within maxSec. */
  submitsPlanned: number;
  maxSec: number;
  load: LoadFigures;
  submitsPerSec: number;
  /** From the first submit until the queue was empty again: every submit executed and stored. */
  allCompleteSec: number;
  executedPerSec: number;
  /** Requests the measured submits created (the warm-up's not counted); the checks see them complete. */
  executions: number;
}

/** Distinct submits numbered from `first`; a few spare, as autocannon prepares one per connection ahead. */
function submitBodies(first: number, count: number, connections: number): string[] {
  return Array.from({ length: count + 2 * connections }, (_, i) => queryBody('submit', { delaySec: 0, metricMax: first + i }));
}

export async function submitThroughput(settings: SubmitThroughputSettings): Promise<{ figures: SubmitThroughputFigures; checks: Check[] }> {
  const { connections, submits, warmupSubmits, maxSec } = settings;
  const server = await startBenchScheduler();
  const url = `${server.url}${QUERY_PATH}`;
  try {
    const warmup = summarize([await runLoad({ url, connections, amount: warmupSubmits, maxSec, bodies: submitBodies(1_000_000_000, warmupSubmits, connections) })]);
    await server.waitUntilIdle();
    const listStored = () => server.scheduler.store.listRequests({ user: '*', job: 'demo', limit: Number.MAX_SAFE_INTEGER });
    const storedBefore = (await listStored()).length;

    const started = performance.now();
    const load = summarize([await runLoad({ url, connections, amount: submits, maxSec, bodies: submitBodies(0, submits, connections) })]);
    await server.waitUntilIdle();
    const allCompleteSec = (performance.now() - started) / 1000;

    const stored = await listStored();
    const executions = stored.length - storedBefore;
    const complete = stored.filter((request) => request.state === 'complete').length;
    // A load stopped at maxSec leaves up to one request per connection sent but unanswered.
    const answered = warmup.answered + load.answered;
    const sent = warmup.sent + load.sent;
    // Spot-check one answer: a submit is answered with its status table.
    const sample = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: queryBody('submit', { delaySec: 0, metricMax: 0 }) });
    const sampleStatus = ((await sample.json()) as Array<{ rows: unknown[][] }>)[0]?.rows[0]?.[2];

    return {
      figures: { connections, submitsPlanned: submits, maxSec, load, submitsPerSec: load.requestsPerSec, allCompleteSec, executedPerSec: executions / allCompleteSec, executions },
      checks: [
        check('submit: no non-2xx answers or connection errors', load.non2xx + warmup.non2xx === 0 && load.errors - load.timeouts + warmup.errors - warmup.timeouts === 0, describeFailures(load)),
        check(
          'submit: one stored request per distinct submit, all complete',
          stored.length >= answered && stored.length <= sent && complete === stored.length,
          `${answered} submits answered (${sent} sent), ${stored.length} requests stored, ${complete} complete`,
        ),
        check('submit: resubmitting a completed one answers its status', sampleStatus === 'COMPLETE', `status ${String(sampleStatus)}`),
      ],
    };
  } finally {
    await server.stop();
  }
}
