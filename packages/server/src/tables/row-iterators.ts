/**
 * Row streams without an async generator per layer. A result of millions of rows is read with
 * `for await`, one `next()` per row; an async generator costs a suspended frame, a queued request
 * and several promise reactions per row and per layer, which for cheap rows (CSV cells) took a
 * quarter of the time. These iterators hand out rows that are already in memory (a parsed batch)
 * with one resolved promise each, and only wait when a new batch is needed.
 *
 * A reader that can take rows a batch at a time (the store, writing thousands per INSERT) asks
 * {@link rowBatches} for them: streams that hold their rows in batches ({@link RowBatchStream})
 * then hand out whole batches, with no promise per row at all. A reader that can also take typed
 * columns ({@link heldBatches}) gets a CSV worker's batches without rows ever being made.
 *
 * All of them stop their source when the reader stops early (`return`), as a generator's
 * `finally` would: a program's output must not be left unread in its pipe.
 */
import type { Row, TableStream } from '../domain.js';
import { isTypedRowBatch, rowsOfBatch, type TypedRowBatch } from './typed-row-batch.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
/** Rows per batch when a plain iterable is read in batches: enough to make a promise per batch free. */
const PLAIN_BATCH_ROWS = 1024;

/** A row stream that can also hand out its rows a batch at a time. */
export interface RowBatchStream extends AsyncIterableIterator<Row> {
  /**
   * The rows not yet handed out of the current batch, else the next batch; never empty;
   * undefined at the end. The reader may keep the array.
   */
  nextBatch(): Promise<Row[] | undefined>;
  /**
   * As {@link nextBatch}, but the batch in the form the stream holds it: typed columns from a
   * worker thread stay columns, for a reader that can take them so (the SQLite writer).
   */
  nextHeldBatch?(): Promise<HeldBatch | undefined>;
}

/** A batch of rows as a stream holds it: rows, or typed columns from a worker thread (typed-row-batch.ts). */
export type HeldBatch = Row[] | TypedRowBatch;

/** The rows of a held batch. */
function asRows(batch: HeldBatch): Row[] {
  return isTypedRowBatch(batch) ? rowsOfBatch(batch) : batch;
}

function heldRowCount(batch: HeldBatch): number {
  return isTypedRowBatch(batch) ? batch.rows : batch.length;
}

export function isRowBatchStream(rows: TableStream['rows']): rows is RowBatchStream {
  return typeof (rows as Partial<RowBatchStream>).nextBatch === 'function';
}

/**
 * Any row stream read in batches, as {@link rowBatches} reads it, except that a stream holding
 * typed columns hands them on as they are: for a reader that can take both forms.
 */
export async function* heldBatches(rows: TableStream['rows']): AsyncGenerator<HeldBatch> {
  if (isRowBatchStream(rows) && rows.nextHeldBatch) yield* batchesOf(rows, () => rows.nextHeldBatch!());
  else yield* rowBatches(rows);
}

/**
 * Any row stream read in batches: a batch stream's own batches, a plain iterable's rows in
 * groups (no promise per row), or else an async iterable's rows grouped as they come. The
 * source is stopped when the reader stops early.
 */
export async function* rowBatches(rows: TableStream['rows']): AsyncGenerator<Row[]> {
  if (Array.isArray(rows)) {
    if (rows.length > 0) yield rows as Row[];
    return;
  }
  if (isRowBatchStream(rows)) {
    yield* batchesOf(rows, () => rows.nextBatch());
    return;
  }
  let batch: Row[] = [];
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      batch.push(row);
      if (batch.length === PLAIN_BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
  } else {
    // Rows arriving one promise each: grouped only so the reader sees one shape.
    for await (const row of rows) {
      batch.push(row);
      if (batch.length === PLAIN_BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** A batch stream's batches as `next` hands them out; the stream is stopped when the reader stops early. */
async function* batchesOf<T>(rows: RowBatchStream, next: () => Promise<T | undefined>): AsyncGenerator<T> {
  let finished = false;
  try {
    for (let batch = await next(); batch; batch = await next()) yield batch;
    finished = true;
  } finally {
    if (!finished) await rows.return?.();
  }
}

/**
 * The rows of batches — the first ones already read, the rest from `source` — as they were
 * made: arrays of rows, or typed columns from a worker thread, which become rows only for a
 * reader that asks for rows.
 */
export class BatchedRows implements RowBatchStream {
  private batch: Row[] = [];
  private index = 0;
  private finished = false;
  /** The refill under way, if any: a `next` called meanwhile waits for it. */
  private refilling: Promise<IteratorResult<Row>> | null = null;

  constructor(
    private readonly read: HeldBatch[],
    private readonly source: AsyncIterator<HeldBatch> | null,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Row>> {
    if (this.refilling) return this.refilling.then(() => this.next());
    if (this.index < this.batch.length) return Promise.resolve({ done: false, value: this.batch[this.index++]! });
    if (this.finished) return Promise.resolve(DONE);
    this.refilling = this.refill().finally(() => (this.refilling = null));
    return this.refilling;
  }

  async nextBatch(): Promise<Row[] | undefined> {
    const batch = await this.nextHeldBatch();
    return batch && asRows(batch);
  }

  async nextHeldBatch(): Promise<HeldBatch | undefined> {
    if (this.refilling) await this.refilling.catch(() => undefined);
    if (this.index < this.batch.length) {
      const rest = this.index === 0 ? this.batch : this.batch.slice(this.index);
      this.index = this.batch.length;
      return rest;
    }
    const batch = this.finished ? undefined : await this.nextSourceBatch();
    if (!batch) this.end();
    return batch;
  }

  async return(): Promise<IteratorResult<Row>> {
    if (!this.finished) {
      this.end();
      this.read.length = 0;
      await this.source?.return?.();
    }
    return DONE;
  }

  /** The next batch that holds rows, from those read first, then from the source; undefined at the end. */
  private async nextSourceBatch(): Promise<HeldBatch | undefined> {
    for (;;) {
      let batch = this.read.shift();
      if (!batch) {
        const next = this.source && !this.finished ? await this.source.next() : DONE;
        if (next.done) return undefined;
        batch = next.value;
      }
      if (heldRowCount(batch) > 0) return batch;
    }
  }

  private async refill(): Promise<IteratorResult<Row>> {
    const batch = await this.nextSourceBatch();
    if (!batch) {
      this.end();
      return DONE;
    }
    this.batch = asRows(batch);
    this.index = 1;
    return { done: false, value: this.batch[0]! };
  }

  private end(): void {
    this.finished = true;
    this.batch = [];
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
