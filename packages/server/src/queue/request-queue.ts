/**
 * The queue seam: decides when a queued request may start, under the concurrency limits. The
 * request manager only enqueues and is called back; an in-process queue serves one machine, a
 * Redis/BullMQ queue will share work between several behind the same interface.
 */
import type { Request, RequestKind, TimeRange } from '../domain.js';

export interface QueueEntry {
  requestId: string;
  job: string;
  /** Runs go ahead of submits: someone is waiting for them with a panel open. */
  kind: RequestKind;
  /** The request as it was queued, so starting it needs no read of the registry. */
  request: Request;
  /** A run's dashboard time range: not stored, it only shapes the run's own execution. */
  runRange: TimeRange | null;
}

/** Executes one entry; the queue frees the slot when the promise settles. */
export type QueueWorker = (entry: QueueEntry) => Promise<void>;

export interface QueueStats {
  queued: number;
  running: number;
}

export interface RequestQueue {
  /**
   * Adds an entry, or throws QueueFullError when `maxQueuedRequests` are already waiting.
   * `evenIfFull` is for restart recovery: requests accepted before a restart keep their place.
   */
  enqueue(entry: QueueEntry, evenIfFull?: boolean): void;
  /** Throws QueueFullError when a new entry would be refused: checked before anything is stored. */
  assertRoom(): void;
  /** Takes a waiting entry out; false when it is not waiting (already started, or unknown). */
  remove(requestId: string): boolean;
  /** Begins dispatching entries to the worker. */
  start(worker: QueueWorker): void;
  /** Stops dispatching and resolves once the running entries have settled. */
  stop(): Promise<void>;
  stats(): QueueStats;
}

export interface QueueLimits {
  /** Entries running at once, across all jobs. */
  maxConcurrentJobs: number;
  /** Entries waiting at once; past it `enqueue` refuses. */
  maxQueuedRequests: number;
  /** Per-job running limits (`maxConcurrent`), where a job sets one. */
  maxConcurrentPerJob: ReadonlyMap<string, number>;
}
