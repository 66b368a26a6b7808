/**
 * Scenario 1, `run` throughput: POST /scheduler/query with a `run` target under 50 connections,
 * against a bare node:http server answering the same table shape (measured before and after, in
 * this process, under the same load). Identical runs are coalesced by the server, so the honest
 * figure is the one with distinct arguments per request; both are reported.
 */
import { startBaselineServer } from '../baseline-server.js';
import { check, JSON_HEADERS, QUERY_PATH, queryBody, startBenchScheduler, type Check } from '../harness.js';
import { runLoad, type LoadFigures } from '../load.js';

export interface RunThroughputSettings {
  connections: number;
  warmupSec: number;
  seconds: number;
}

export interface RunThroughputFigures {
  connections: number;
  seconds: number;
  baselineBefore: LoadFigures;
  baselineAfter: LoadFigures;
  /** Mean of the two baseline runs: what the ratios divide by. */
  baselineRequestsPerSec: number;
  identicalArgs: LoadFigures & { ratio: number };
  distinctArgs: LoadFigures & { ratio: number };
}

const IDENTICAL = queryBody('run', { delaySec: 0 });

/** numberOfMetrics 1..10 and a random metricMax: no two requests coalesce. */
function distinctBodies(count: number): string[] {
  return Array.from({ length: count }, (_, i) => queryBody('run', { delaySec: 0, numberOfMetrics: 1 + (i % 10), metricMax: Math.round(Math.random() * 1e9) }));
}

/** The shape of a /query answer without its values: what the baseline must match. */
async function answerShape(url: string): Promise<string> {
  const response = await fetch(`${url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body: IDENTICAL });
  const tables = (await response.json()) as Array<{ type: string; refId: string; columns: unknown[]; rows: unknown[][] }>;
  return JSON.stringify(tables.map((table) => ({ type: table.type, refId: table.refId, columns: table.columns, rows: `${table.rows.length}x${table.rows[0]?.length}` })));
}

export async function runThroughput(settings: RunThroughputSettings): Promise<{ figures: RunThroughputFigures; checks: Check[] }> {
  const { connections, warmupSec, seconds } = settings;
  const measure = async (url: string, bodies: string[], warm: boolean) => {
    if (warm) await runLoad({ url, connections, durationSec: warmupSec, bodies });
    return runLoad({ url, connections, durationSec: seconds, bodies });
  };

  const baseline = await startBaselineServer();
  const scheduler = await startBenchScheduler();
  try {
    const shapes = [await answerShape(baseline.url), await answerShape(scheduler.url)];
    const baselineBefore = await measure(`${baseline.url}${QUERY_PATH}`, [IDENTICAL], true);
    const identical = await measure(`${scheduler.url}${QUERY_PATH}`, [IDENTICAL], true);
    const distinct = await measure(`${scheduler.url}${QUERY_PATH}`, distinctBodies(60_000), true);
    const baselineAfter = await measure(`${baseline.url}${QUERY_PATH}`, [IDENTICAL], false);

    const baselineRequestsPerSec = (baselineBefore.requestsPerSec + baselineAfter.requestsPerSec) / 2;
    const figures: RunThroughputFigures = {
      connections,
      seconds,
      baselineBefore,
      baselineAfter,
      baselineRequestsPerSec,
      identicalArgs: { ...identical, ratio: identical.requestsPerSec / baselineRequestsPerSec },
      distinctArgs: { ...distinct, ratio: distinct.requestsPerSec / baselineRequestsPerSec },
    };
    const loads = { 'baseline (before)': baselineBefore, 'run, identical args': identical, 'run, distinct args': distinct, 'baseline (after)': baselineAfter };
    const checks = [
      check('run: baseline answers the same table shape as Scheduler', shapes[0] === shapes[1], `baseline ${shapes[0]} / scheduler ${shapes[1]}`),
      ...Object.entries(loads).map(([name, load]) =>
        check(`${name}: no non-2xx answers or connection errors`, load.non2xx === 0 && load.errors - load.timeouts === 0, describeFailures(load)),
      ),
    ];
    return { figures, checks };
  } finally {
    await scheduler.stop();
    await baseline.stop();
  }
}

export function describeFailures(load: LoadFigures): string {
  return `non-2xx ${load.non2xx}, connection errors ${load.errors - load.timeouts}, timeouts ${load.timeouts}, status codes ${JSON.stringify(load.statusCodes)}`;
}
