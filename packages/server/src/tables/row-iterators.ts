/**
 * Row streams without an async generator per layer. A result of millions of rows is read with
 * `for await`, one `next()` per row; an async generator costs a suspended frame, a queued request
 * and several promise reactions per row and per layer, which for cheap rows (CSV cells) took a
 * quarter of the time. These iterators hand out rows that are already in memory (a parsed batch)
 * with one resolved promise each, and only wait when a new batch is needed.
 *
 * Both stop their source when the reader stops early (`return`), as a generator's `finally`
 * would: a program's output must not be left unread in its pipe.
 */
import type { Row } from '../domain.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The rows of batches — the first ones already read, the rest from `source` — each mapped by `toRow`. */
export class BatchedRows<T> implements AsyncIterableIterator<Row> {
  private batch: T[] = [];
  private index = 0;
  private finished = false;
  /** The refill under way, if any: a `next` called meanwhile waits for it. */
  private refilling: Promise<IteratorResult<Row>> | null = null;

  constructor(
    private readonly read: T[][],
    private readonly source: AsyncIterator<T[]> | null,
    private readonly toRow: (item: T) => Row,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Row>> {
    if (this.refilling) return this.refilling.then(() => this.next());
    if (this.index < this.batch.length) {
      return Promise.resolve({ done: false, value: this.toRow(this.batch[this.index++]!) });
    }
    if (this.finished) return Promise.resolve(DONE);
    this.refilling = this.refill().finally(() => (this.refilling = null));
    return this.refilling;
  }

  async return(): Promise<IteratorResult<Row>> {
    if (!this.finished) {
      this.finished = true;
      this.batch = [];
      this.read.length = 0;
      await this.source?.return?.();
    }
    return DONE;
  }

  private async refill(): Promise<IteratorResult<Row>> {
    for (;;) {
      let batch = this.read.shift();
      if (!batch) {
        const next = this.source && !this.finished ? await this.source.next() : DONE;
        if (next.done) {
          this.finished = true;
          this.batch = [];
          return DONE;
        }
        batch = next.value;
      }
      if (batch.length === 0) continue;
      this.batch = batch;
      this.index = 1;
      return { done: false, value: this.toRow(batch[0]!) };
    }
  }
}

/** The items of `source`, each mapped by `toRow`: one promise per row, no generator. */
export class MappedRows<T> implements AsyncIterableIterator<Row> {
  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly toRow: (item: T) => Row,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Row>> {
    return this.source.next().then((next) => (next.done ? DONE : { done: false, value: this.toRow(next.value) }));
  }

  async return(): Promise<IteratorResult<Row>> {
    await this.source.return?.();
    return DONE;
  }
}
