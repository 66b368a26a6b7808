/**
 * HTTP load with autocannon, run in a worker thread so that the load generator and the server
 * under test each get a core of their own instead of sharing one event loop (which would
 * flatter a slow server: the client's fixed cost per request dilutes the server's).
 *
 * A load can be measured in several slices (interleaved with other loads, so that the noise of
 * a shared machine falls on all of them alike); {@link summarize} adds the slices up.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import autocannon, { type RawResult } from 'autocannon';

export interface LoadSpec {
  /** Full URL, path included. */
  url: string;
  connections: number;
  /** Run for this many seconds… */
  durationSec?: number;
  /** …or send exactly this many requests, */
  amount?: number;
  /** …but stop after this many seconds whatever the amount. */
  maxSec?: number;
  /** Request bodies, POSTed as JSON in turn across all connections (one body: all identical). */
  bodies: string[];
}

/** One autocannon run, unaggregated. */
export interface LoadSlice {
  url: string;
  connections: number;
  raw: RawResult;
  elapsedSec: number;
  /** Busy share of this (the server's) event loop during the slice. */
  serverEventLoopUtilization: number;
}

export interface LoadFigures {
  /** Answered requests per second of wall-clock time. */
  requestsPerSec: number;
  /** Answered requests (any status). */
  answered: number;
  /** Sent requests: more than answered when a load stops with requests in flight. */
  sent: number;
  elapsedSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** Answers by HTTP status code. */
  statusCodes: Record<string, number>;
  /** Busy share of the server's event loop during the load: near 1 means CPU-bound. */
  serverEventLoopUtilization: number;
}

const WORKER_FILE = new URL('./load-worker.ts', import.meta.url).href;
// A worker does not inherit tsx's loader hooks on Node 20: the worker registers them itself
// before it imports the TypeScript file.
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER_CODE = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE)}); });`;

export function runLoad(spec: LoadSpec): Promise<LoadSlice> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: spec });
    let outcome: { raw: RawResult; elapsedSec: number } | undefined;
    let loopAtStart = performance.eventLoopUtilization();
    worker.once('online', () => (loopAtStart = performance.eventLoopUtilization()));
    worker.once('message', (message: typeof outcome) => (outcome = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!outcome) return reject(new Error(`load worker exited with code ${code} before reporting`));
      const serverEventLoopUtilization = performance.eventLoopUtilization(loopAtStart).utilization;
      resolve({ url: spec.url, connections: spec.connections, ...outcome, serverEventLoopUtilization });
    });
  });
}

/** Adds slices of one load up: counts summed, latency percentiles over every answer. */
export function summarize(slices: LoadSlice[]): LoadFigures {
  const result = autocannon.aggregateResult(
    slices.map((slice) => slice.raw),
    { url: slices[0]!.url, connections: slices[0]!.connections },
  );
  const elapsedSec = slices.reduce((sum, slice) => sum + slice.elapsedSec, 0);
  return {
    requestsPerSec: result.requests.total / elapsedSec,
    answered: result.requests.total,
    sent: result.requests.sent,
    elapsedSec,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
    serverEventLoopUtilization: slices.reduce((sum, slice) => sum + slice.serverEventLoopUtilization * slice.elapsedSec, 0) / elapsedSec,
  };
}

/** Requests per second of one slice. */
export function sliceRate(slice: LoadSlice): number {
  return summarize([slice]).requestsPerSec;
}
