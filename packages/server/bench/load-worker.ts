/** The worker side of {@link runLoad}: one autocannon run, its figures posted back. */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon, { type RequestData } from 'autocannon';
import type { LoadFigures, LoadSpec } from './load.js';

const spec = workerData as LoadSpec;
let next = 0;

const options = {
  url: spec.url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  connections: spec.connections,
  ...(spec.amount === undefined ? { duration: spec.durationSec ?? 10 } : { amount: spec.amount }),
  requests: [{ setupRequest: (request: RequestData) => ({ ...request, body: spec.bodies[next++ % spec.bodies.length] }) }],
};
const started = performance.now();
const raw = await autocannon(options);
const elapsedSec = (performance.now() - started) / 1000;
// In a worker thread autocannon leaves the aggregation to its caller (it assumes it is one of its own workers).
const result = autocannon.aggregateResult([raw], options);

const figures: LoadFigures = {
  requestsPerSec: result.requests.total / elapsedSec,
  answered: result.requests.total,
  elapsedSec,
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
};
parentPort!.postMessage(figures);
