/** The worker side of {@link runLoad}: one autocannon run, posted back unaggregated. */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon, { type Options } from 'autocannon';
import type { LoadSpec } from './load.js';

const spec = workerData as LoadSpec;
let next = 0;

const options: Options = {
  url: spec.url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  connections: spec.connections,
  ...(spec.amount === undefined ? { duration: spec.durationSec ?? 10 } : { amount: spec.amount }),
  requests: [{ setupRequest: (request) => ({ ...request, body: spec.bodies[next++ % spec.bodies.length] }) }],
};
const started = performance.now();
const instance = autocannon(options);
const cap = spec.maxSec === undefined ? undefined : setTimeout(() => instance.stop(), spec.maxSec * 1000);
// Off the main thread autocannon answers unaggregated (it takes itself for one of its own
// workers): the main thread aggregates, which also lets it add several slices up.
const raw = await instance;
clearTimeout(cap);
parentPort!.postMessage({ raw, elapsedSec: (performance.now() - started) / 1000 });
