/**
 * Scenario 1, `run` throughput: POST /scheduler/query with a `run` target under 50 connections,
 * against a bare node:http server answering the same table shape, in this process, under the
 * same load. Identical runs can be coalesced by the server, so the honest figure is the one with
 * distinct arguments per request; both are reported.
 *
 * The three loads are measured in interleaved rounds (baseline, identical, distinct, then the
 * next round in rotated order), so the noise of a shared machine falls on all three alike.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { startBaselineServer } from '../baseline-server.js';
import { SQLITE_FILE_NAME } from '../product.js';
import { check, JSON_HEADERS, QUERY_PATH, queryBody, sleep, startBenchScheduler, type Check } from '../harness.js';
import { runLoad, sliceRate, summarize, type LoadFigures, type LoadSlice } from '../load.js';

export interface RunThroughputSettings {
  connections: number;
  warmupSec: number;
  /** Measured seconds per load, split over the rounds. */
  seconds: number;
  rounds: number;
}

/** A load against Scheduler, with how many executions (stored `run` requests) answered it. */
export type SchedulerLoad = LoadFigures & { ratio: number; ratioPerRound: number[]; executions: number };

export interface RunThroughputFigures {
  connections: number;
  seconds: number;
  rounds: number;
  baseline: LoadFigures & { requestsPerSecPerRound: number[] };
  identicalArgs: SchedulerLoad;
  distinctArgs: SchedulerLoad;
}

const IDENTICAL = queryBody('run', { delaySec: 0 });
/** Run records are written within 20 ms of the answer (store/request-insert-batch.ts); counting waits longer. */
const RUN_RECORDS_WRITTEN_MS = 100;

/**
 * A distinct `startTime` per body: no two requests coalesce, yet every answer has the baseline's
 * shape and size (20 rows of a 13-digit time and one metric), so both sides send the same bytes.
 */
function distinctBodies(count: number): string[] {
  const start = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, i) => queryBody('run', { delaySec: 0, startTime: start - i * 1000 }));
}

/** The shape of a /query answer without its values: what the baseline must match. */
async function answerShape(url: string, body = IDENTICAL): Promise<string> {
  const response = await fetch(`${url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body });
  const tables = (await response.json()) as Array<{ type: string; refId: string; columns: unknown[]; rows: unknown[][] }>;
  return JSON.stringify(tables.map((table) => ({ type: table.type, refId: table.refId, columns: table.columns, rows: `${table.rows.length}x${table.rows[0]?.length}` })));
}

export function describeFailures(load: LoadFigures): string {
  return `non-2xx ${load.non2xx}, connection errors ${load.errors - load.timeouts}, timeouts ${load.timeouts}, status codes ${JSON.stringify(load.statusCodes)}`;
}

export async function runThroughput(settings: RunThroughputSettings): Promise<{ figures: RunThroughputFigures; checks: Check[] }> {
  const { connections, warmupSec, seconds, rounds } = settings;
  const baseline = await startBaselineServer();
  const scheduler = await startBenchScheduler();
  // Runs are counted in the store's file, on a connection of the bench's own: listing them
  // through the store (a million records by the last round) made garbage whose collection fell
  // into the next measured load, where it slowed the CPU-bound Scheduler more than the baseline.
  const registry = new Database(path.join(scheduler.dataDir, SQLITE_FILE_NAME), { readonly: true });
  const countRuns = async () => {
    await sleep(RUN_RECORDS_WRITTEN_MS);
    return (registry.prepare(`select count(*) as n from scheduler_requests where kind = 'run'`).get() as { n: number }).n;
  };
  try {
    const distinctArgs = distinctBodies(60_000);
    const shapes = [await answerShape(baseline.url), await answerShape(scheduler.url), await answerShape(scheduler.url, distinctArgs[0])];
    const loads = [
      { name: 'baseline', url: `${baseline.url}${QUERY_PATH}`, bodies: [IDENTICAL], slices: [] as LoadSlice[], executions: 0 },
      { name: 'run, identical args', url: `${scheduler.url}${QUERY_PATH}`, bodies: [IDENTICAL], slices: [] as LoadSlice[], executions: 0 },
      { name: 'run, distinct args', url: `${scheduler.url}${QUERY_PATH}`, bodies: distinctArgs, slices: [] as LoadSlice[], executions: 0 },
    ];
    for (const load of loads) await runLoad({ url: load.url, connections, durationSec: warmupSec, bodies: load.bodies });
    // Only Scheduler's loads add runs: each one's executions are the count after it minus the last count.
    let counted = await countRuns();
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < loads.length; i++) {
        const load = loads[(round + i) % loads.length]!;
        load.slices.push(await runLoad({ url: load.url, connections, durationSec: seconds / rounds, bodies: load.bodies }));
        if (load.name === 'baseline') continue;
        const now = await countRuns();
        load.executions += now - counted;
        counted = now;
      }
    }

    const [base, identical, distinct] = loads.map((load) => ({ ...load, figures: summarize(load.slices) }));
    const baseRates = base!.slices.map(sliceRate);
    const schedulerLoad = (load: typeof identical): SchedulerLoad => ({
      ...load!.figures,
      ratio: load!.figures.requestsPerSec / base!.figures.requestsPerSec,
      // Slice i of every load ran in round i: a ratio per round shows how much the noise moved it.
      ratioPerRound: load!.slices.map((slice, round) => sliceRate(slice) / baseRates[round]!),
      executions: load!.executions,
    });
    const figures: RunThroughputFigures = {
      connections,
      seconds,
      rounds,
      baseline: { ...base!.figures, requestsPerSecPerRound: baseRates },
      identicalArgs: schedulerLoad(identical),
      distinctArgs: schedulerLoad(distinct),
    };
    const checks = [
      check('run: baseline answers the same table shape as Scheduler', shapes[0] === shapes[1] && shapes[0] === shapes[2], `baseline ${shapes[0]} / scheduler ${shapes[1]} / distinct args ${shapes[2]}`),
      ...[base!, identical!, distinct!].map(({ name, figures: load }) =>
        check(`${name}: no non-2xx answers or connection errors`, load.non2xx === 0 && load.errors - load.timeouts === 0, describeFailures(load)),
      ),
    ];
    return { figures, checks };
  } finally {
    registry.close();
    await scheduler.stop();
    await baseline.stop();
  }
}
