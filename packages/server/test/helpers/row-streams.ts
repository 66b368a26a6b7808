/** Rows and bytes as tests feed and read them: streamed input cut anywhere, and all rows of a result. */
import { Readable } from 'node:stream';
import type { Row } from '../../src/domain.js';

/** The text as a byte stream cut every `size` bytes — through multi-byte characters too. */
export function inPieces(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(Buffer.from(bytes.subarray(start, start + size)));
  return Readable.from(pieces);
}

/** Every row of a table's rows, read to the end. */
export async function allRows(rows: Iterable<Row> | AsyncIterable<Row>): Promise<Row[]> {
  const all: Row[] = [];
  for await (const row of rows) all.push(row);
  return all;
}
