/**
 * The queue of one process. Two FIFO lines, runs before submits; an entry starts when a global
 * slot is free and its job is under its own limit, so one busy job cannot hold the others back
 * while it waits for its slots.
 */
import { QueueFullError } from '../errors.js';
import type { QueueEntry, QueueLimits, QueueStats, QueueWorker, RequestQueue } from './request-queue.js';

export class InProcessQueue implements RequestQueue {
  private readonly runs: QueueEntry[] = [];
  private readonly submits: QueueEntry[] = [];
  private readonly runningPerJob = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private worker: QueueWorker | null = null;

  constructor(private readonly limits: QueueLimits) {}

  enqueue(entry: QueueEntry, evenIfFull = false): void {
    if (!evenIfFull) this.assertRoom();
    (entry.kind === 'run' ? this.runs : this.submits).push(entry);
    this.dispatch();
  }

  assertRoom(): void {
    const waiting = this.runs.length + this.submits.length;
    if (waiting >= this.limits.maxQueuedRequests) {
      throw new QueueFullError(
        `the queue is full: ${waiting} requests are waiting (maxQueuedRequests=${this.limits.maxQueuedRequests}); try again later or raise maxQueuedRequests`,
      );
    }
  }

  remove(requestId: string): boolean {
    for (const line of [this.runs, this.submits]) {
      const index = line.findIndex((entry) => entry.requestId === requestId);
      if (index >= 0) {
        line.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  start(worker: QueueWorker): void {
    this.worker = worker;
    this.dispatch();
  }

  async stop(): Promise<void> {
    this.worker = null;
    await Promise.allSettled([...this.inFlight]);
  }

  stats(): QueueStats {
    return { queued: this.runs.length + this.submits.length, running: this.inFlight.size };
  }

  private dispatch(): void {
    while (this.worker && this.inFlight.size < this.limits.maxConcurrentJobs) {
      const entry = this.takeStartable(this.runs) ?? this.takeStartable(this.submits);
      if (!entry) return;
      this.begin(this.worker, entry);
    }
  }

  private takeStartable(line: QueueEntry[]): QueueEntry | undefined {
    const index = line.findIndex((entry) => (this.runningPerJob.get(entry.job) ?? 0) < (this.limits.maxConcurrentPerJob.get(entry.job) ?? Infinity));
    return index >= 0 ? line.splice(index, 1)[0] : undefined;
  }

  private begin(worker: QueueWorker, entry: QueueEntry): void {
    this.runningPerJob.set(entry.job, (this.runningPerJob.get(entry.job) ?? 0) + 1);
    // The worker records its own failures; the slot must free regardless.
    const release = (): void => {
      this.inFlight.delete(settled);
      this.runningPerJob.set(entry.job, (this.runningPerJob.get(entry.job) ?? 1) - 1);
      this.dispatch();
    };
    const settled: Promise<void> = worker(entry).then(release, release);
    this.inFlight.add(settled);
  }
}
