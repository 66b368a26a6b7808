/**
 * Scenario 2, submit throughput: distinct `submit` targets (metricMax = i) through HTTP with
 * autocannon. What is measured is how fast submits are accepted; how long until every one of
 * them has executed and stored its result is reported next to it.
 */
import { check, JSON_HEADERS, QUERY_PATH, queryBody, sleep, startBenchScheduler, type BenchServer, type Check } from '../harness.js';
import { runLoad, type LoadFigures } from '../load.js';
import { describeFailures } from './run-throughput.js';

export interface SubmitThroughputSettings {
  connections: number;
  submits: number;
  warmupSubmits: number;
}

export interface SubmitThroughputFigures {
  connections: number;
  load: LoadFigures;
  submitsPerSec: number;
  /** From the first submit until the queue was empty again: every submit executed and stored. */
  allCompleteSec: number;
  executedPerSec: number;
}

/** Distinct submits numbered from `first`; a few spare, as autocannon prepares one per connection ahead. */
function submitBodies(first: number, count: number, connections: number): string[] {
  return Array.from({ length: count + 2 * connections }, (_, i) => queryBody('submit', { delaySec: 0, metricMax: first + i }));
}

async function waitUntilIdle(server: BenchServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${server.url}/health`)).json()) as { queue: { queued: number; running: number } };
    if (health.queue.queued + health.queue.running === 0) return;
    if (Date.now() > deadline) throw new Error(`submits still queued or running after ${timeoutMs} ms: ${JSON.stringify(health.queue)}`);
    await sleep(20);
  }
}

export async function submitThroughput(settings: SubmitThroughputSettings): Promise<{ figures: SubmitThroughputFigures; checks: Check[] }> {
  const { connections, submits, warmupSubmits } = settings;
  const server = await startBenchScheduler();
  const url = `${server.url}${QUERY_PATH}`;
  try {
    const warmup = await runLoad({ url, connections, amount: warmupSubmits, bodies: submitBodies(1_000_000_000, warmupSubmits, connections) });
    await waitUntilIdle(server);

    const started = performance.now();
    const load = await runLoad({ url, connections, amount: submits, bodies: submitBodies(0, submits, connections) });
    await waitUntilIdle(server);
    const allCompleteSec = (performance.now() - started) / 1000;

    const stored = await server.scheduler.store.listRequests({ user: '*', job: 'demo', limit: 1_000_000 });
    const complete = stored.filter((request) => request.state === 'complete').length;
    const answered = warmup.answered + load.answered;
    // Spot-check one answer: a submit is answered with its status table.
    const sample = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: queryBody('submit', { delaySec: 0, metricMax: 0 }) });
    const sampleStatus = ((await sample.json()) as Array<{ rows: unknown[][] }>)[0]?.rows[0]?.[2];

    return {
      figures: { connections, load, submitsPerSec: load.requestsPerSec, allCompleteSec, executedPerSec: load.answered / allCompleteSec },
      checks: [
        check('submit: no non-2xx answers or connection errors', load.non2xx + warmup.non2xx === 0 && load.errors - load.timeouts + warmup.errors - warmup.timeouts === 0, describeFailures(load)),
        check('submit: one stored request per distinct submit, all complete', stored.length === answered && complete === answered, `${answered} submits answered, ${stored.length} requests stored, ${complete} complete`),
        check('submit: resubmitting a completed one answers its status', sampleStatus === 'COMPLETE', `status ${String(sampleStatus)}`),
      ],
    };
  } finally {
    await server.stop();
  }
}
