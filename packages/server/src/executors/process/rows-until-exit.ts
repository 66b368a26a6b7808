/**
 * The rows of a streamed result, followed by the program's exit. The runner reads a result's
 * rows after `execute` has returned, so a program that prints half a table and then exits 3 can
 * only be caught here: when the rows end, this waits for the exit and throws when it failed, and
 * the runner then drops the partial table. A reader that stops early stops the program.
 *
 * The rows pass through in the batches the table builder made them in — typed columns stay
 * columns — so the store can read them a batch at a time (tables/row-iterators.ts).
 */
import type { TableStream } from '../../domain.js';
import { BatchedRows, heldBatches, type HeldBatch, type RowBatchStream } from '../../tables/row-iterators.js';
import type { ProcessRun } from './process-run.js';

export function rowsUntilExit(rows: TableStream['rows'], run: ProcessRun): RowBatchStream {
  return new BatchedRows([], batchesUntilExit(rows, run));
}

async function* batchesUntilExit(rows: TableStream['rows'], run: ProcessRun): AsyncGenerator<HeldBatch> {
  let readToEnd = false;
  try {
    yield* heldBatches(rows);
    readToEnd = true;
  } catch (error) {
    readToEnd = true;
    throw await run.failureAfter(error);
  } finally {
    // Reached without readToEnd only when the reader gave up on us mid-way.
    if (!readToEnd) await run.abandon();
  }
  await run.succeeded();
}
