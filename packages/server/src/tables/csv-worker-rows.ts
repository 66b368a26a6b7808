/**
 * The rows of the rest of a big CSV, parsed and typed on a worker thread (csv-worker.ts) while
 * the server's thread stores the rows already parsed: parsing and storing each take about as
 * long as the other, and a machine has more than one core.
 *
 * The server's thread reads the program's output and hands each chunk of bytes over to the
 * worker as it is (moved, not copied: copying text to a thread cost as much as parsing it); the
 * worker decodes and parses it and answers with its rows as one typed batch, handed on as it
 * is. At most {@link READ_AHEAD} chunks and batches are under way or waiting to be read, so a
 * slow store slows the program down instead of filling memory. The thread is stopped when the
 * rows end or the reader stops.
 */
import type { Worker } from 'node:worker_threads';
import type { ColumnType } from '../domain.js';
import { startSiblingWorker } from '../threads/start-sibling-worker.js';
import type { CsvDialect } from './csv-parser.js';
import type { CsvWorkerSetup } from './csv-worker.js';
import type { TypedRowBatch } from './typed-row-batch.js';

/**
 * Chunks (up to 64 KiB each, as a pipe gives them) sent and batches not yet read: about 1 MiB,
 * enough for either thread to go on while the other is busy for a few milliseconds.
 */
const READ_AHEAD = 16;

/** Where the server's thread stopped parsing: the text it left unparsed, the bytes of a character cut after it. */
export interface CsvHandOver {
  dialect: CsvDialect;
  pending: string;
  carry: Buffer | null;
}

export async function* rowsParsedInWorker({ dialect, pending, carry }: CsvHandOver, types: ColumnType[], nextChunk: () => Promise<Buffer | string | null>): AsyncGenerator<TypedRowBatch> {
  const worker = startCsvWorker({ dialect, types });
  const ready: TypedRowBatch[] = [];
  let inFlight = 0;
  let inputEnded = false;
  let lastAnswered = false;
  let failure = null as { error: unknown } | null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    notify();
  };
  const send = (input: Uint8Array | string | null) => {
    inFlight++;
    if (input === null || typeof input === 'string') worker.postMessage(input);
    else {
      const bytes = ownBytes(input);
      worker.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
    }
  };
  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (!inputEnded && !failure && inFlight + ready.length < READ_AHEAD) {
        const chunk = await nextChunk();
        if (chunk === null) inputEnded = true;
        if (chunk === null || chunk.length > 0) send(chunk);
      }
    } catch (error) {
      fail(error);
    } finally {
      pumping = false;
    }
  };
  worker.on('message', (batch: TypedRowBatch) => {
    inFlight--;
    if (batch.rows > 0) ready.push(batch);
    if (inputEnded && inFlight === 0) lastAnswered = true;
    notify();
    void pump();
  });
  worker.on('error', fail);
  worker.on('exit', () => {
    if (!lastAnswered) fail(new Error('the CSV parsing thread stopped before the end of the output'));
  });
  try {
    if (pending !== '') send(pending);
    if (carry) send(carry);
    void pump();
    for (;;) {
      const batch = ready.shift();
      if (batch) {
        void pump();
        yield batch;
        continue;
      }
      if (lastAnswered) return;
      if (failure) throw failure.error;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    lastAnswered = true;
    await worker.terminate();
  }
}

/** The bytes in an ArrayBuffer of their own, which can be moved to the thread: a copy when they share theirs. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/**
 * The worker thread's young generation, in MB. Everything it makes dies within one chunk (a
 * chunk's records, once typed), so a small one collects as well as V8's default, which grows to
 * some 30 MB of the server's memory for nothing.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Starts csv-worker beside this file; the program's output keeps the process alive while the rows are read, the thread need not. */
function startCsvWorker(workerData: CsvWorkerSetup): Worker {
  const worker = startSiblingWorker(import.meta.url, 'csv-worker', workerData, { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB });
  worker.unref();
  return worker;
}
