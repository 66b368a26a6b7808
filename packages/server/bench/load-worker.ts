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
// A load of a fixed amount is over at its last answer: autocannon itself notices only at its
// next one-second tick, which would quantize the rate (5,000 answers in 2.1 s counted as 3.05 s).
let lastAnswerAt = started;
if (spec.amount !== undefined) instance.on('response', () => (lastAnswerAt = performance.now()));
const cap = spec.maxSec === undefined ? undefined : setTimeout(() => instance.stop(), spec.maxSec * 1000);
// Off the main thread autocannon answers unaggregated (it takes itself for one of its own
// workers): the main thread aggregates, which also lets it add several slices up.
const raw = await instance;
clearTimeout(cap);
const endedAt = spec.amount === undefined ? performance.now() : lastAnswerAt;
parentPort!.postMessage({ raw, elapsedSec: (endedAt - started) / 1000 });
