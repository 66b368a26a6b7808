/**
 * HTTP load with autocannon, run in a worker thread so that the load generator and the server
 * under test each get a core of their own instead of sharing one event loop (which would
 * flatter a slow server: the client's fixed cost per request dilutes the server's).
 */
import { Worker } from 'node:worker_threads';

export interface LoadSpec {
  /** Full URL, path included. */
  url: string;
  connections: number;
  /** Run for this many seconds… */
  durationSec?: number;
  /** …or send exactly this many requests. */
  amount?: number;
  /** Request bodies, POSTed as JSON in turn across all connections (one body: all identical). */
  bodies: string[];
}

export interface LoadFigures {
  /** Answered requests per second of wall-clock time. */
  requestsPerSec: number;
  /** Answered requests (any status). */
  answered: number;
  elapsedSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** Answers by HTTP status code. */
  statusCodes: Record<string, number>;
}

const WORKER_FILE = new URL('./load-worker.ts', import.meta.url).href;
// A worker does not inherit tsx's loader hooks on Node 20: the worker registers them itself
// before it imports the TypeScript file.
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER_CODE = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE)}); });`;

export function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: spec });
    let figures: LoadFigures | undefined;
    worker.once('message', (message: LoadFigures) => (figures = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (figures ? resolve(figures) : reject(new Error(`load worker exited with code ${code} before reporting`))));
  });
}
