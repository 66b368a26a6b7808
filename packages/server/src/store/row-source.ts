/**
 * The rows an executor hands the store come as a plain iterable (an array, a generator) or an
 * async one (a stream being parsed). A plain one is read in a plain loop: `for await` over it
 * would cost a promise per row — about a microsecond, as much as encoding the row — for nothing.
 */
import type { Row, TableStream } from '../domain.js';

export function isPlainIterable(rows: TableStream['rows']): rows is Iterable<Row> {
  return typeof (rows as Partial<Iterable<Row>>)[Symbol.iterator] === 'function';
}
