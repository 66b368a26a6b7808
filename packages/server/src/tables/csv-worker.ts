/**
 * The CSV worker thread: parses and types the rest of a big CSV while the server's thread
 * stores the rows (csv-worker-rows.ts). Each message is the next piece of input — text, or bytes
 * of UTF-8 — or null at the end; each is answered with the rows it completed, as one typed batch
 * (typed-row-batch.ts) read straight from the text (csv-column-reader.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnType } from '../domain.js';
import { CsvColumnReader } from './csv-column-reader.js';
import type { CsvDialect } from './csv-parser.js';
import { batchBuffers } from './typed-row-batch.js';

export interface CsvWorkerSetup {
  dialect: CsvDialect;
  types: ColumnType[];
}

const setup = workerData as CsvWorkerSetup;
const port = parentPort!;
const reader = new CsvColumnReader(setup.dialect, setup.types);
const decoder = new StringDecoder('utf8');
/** Text after the last complete line: the line may go on in the next piece. */
let pending = '';

port.on('message', (input: Uint8Array | string | null) => {
  const final = input === null;
  pending += final ? decoder.end() : typeof input === 'string' ? input : decoder.write(input);
  const { batch, cursor } = reader.read(pending, final);
  pending = final ? '' : pending.slice(cursor);
  port.postMessage(batch, batchBuffers(batch));
});
