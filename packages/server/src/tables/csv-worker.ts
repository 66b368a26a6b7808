/**
 * The CSV worker thread: parses and types the rest of a big CSV while the server's thread
 * stores the rows (csv-worker-rows.ts). Each message is the next piece of input — text, or bytes
 * of UTF-8 — or null at the end; each is answered with the rows it completed, as one typed batch
 * (typed-row-batch.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnType } from '../domain.js';
import { CsvParser, type CsvDialect } from './csv-parser.js';
import { batchBuffers, typedRowBatch } from './typed-row-batch.js';

export interface CsvWorkerSetup {
  dialect: CsvDialect;
  types: ColumnType[];
}

const setup = workerData as CsvWorkerSetup;
const port = parentPort!;
const parser = new CsvParser(setup.dialect);
const decoder = new StringDecoder('utf8');
/** Text after the last complete line: the line may go on in the next piece. */
let pending = '';

port.on('message', (input: Uint8Array | string | null) => {
  let records: string[][] = [];
  if (input === null) {
    pending += decoder.end();
    if (pending !== '') records = parser.parse(pending, true).records;
    pending = '';
  } else {
    pending += typeof input === 'string' ? input : decoder.write(input);
    const parsed = parser.parse(pending, false);
    records = parsed.records;
    pending = pending.slice(parsed.cursor);
  }
  const batch = typedRowBatch(records, setup.types);
  port.postMessage(batch, batchBuffers(batch));
});
