/**
 * Runs are recorded one each as they end — thousands a second under load. The records of one
 * turn of the event loop are written together, by multi-row INSERTs: one statement (on MySQL and
 * PostgreSQL one round trip) instead of one per run; while one batch is being written, the next
 * gathers. Each caller still resolves only once its own row is stored, or rejects with the reason
 * it was not, and {@link RequestInsertBatch.drain} lets the store write everything it accepted
 * before it closes.
 */
import type { Request } from '../domain.js';

/**
 * Rows per INSERT come in these sizes only, largest first, so a handful of statements is ever
 * compiled and kept prepared (19 values a row stays far below every database's bound-value limit).
 */
const CHUNK_SIZES = [128, 32, 8, 1];

interface Pending {
  request: Request;
  resolve(): void;
  reject(error: unknown): void;
}

export class RequestInsertBatch {
  private pending: Pending[] = [];
  /** Batches are written one after another: rows that arrive meanwhile join the next batch. */
  private written: Promise<void> = Promise.resolve();

  constructor(private readonly insert: (requests: Request[]) => Promise<void>) {}

  add(request: Request): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flushSoon());
      this.pending.push({ request, resolve, reject });
    });
  }

  /** Resolves once every row added so far is written (or refused). */
  async drain(): Promise<void> {
    if (this.pending.length > 0) this.flushSoon();
    await this.written;
  }

  private flushSoon(): void {
    this.written = this.written.then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    let start = 0;
    while (start < batch.length) {
      const size = CHUNK_SIZES.find((candidate) => candidate <= batch.length - start)!;
      const chunk = batch.slice(start, start + size);
      start += size;
      try {
        await this.insert(chunk.map((entry) => entry.request));
        for (const entry of chunk) entry.resolve();
      } catch (error) {
        if (chunk.length === 1) chunk[0]!.reject(error);
        // One row the database refuses (a value too long for MySQL, say) must not take the
        // others with it: they are written one by one.
        else for (const entry of chunk) await this.insert([entry.request]).then(entry.resolve, entry.reject);
      }
    }
  }
}
