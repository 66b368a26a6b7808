/**
 * Reads an answer's body while counting its bytes, so that an API that sends too much is cut off
 * at `maxResponseBytes` instead of filling memory (bytes are counted after fetch decompresses
 * them, so a small gzip bomb is cut off too). It ends the request's deadline when the body
 * ends, and turns read failures into messages that say what happened.
 */
import { isAscii } from 'node:buffer';
import type { RequestDeadline } from './request-deadline.js';
import { hostAndPort, targetName } from './target-name.js';

export interface BodyReading {
  response: Response;
  url: URL;
  maxResponseBytes: number;
  deadline: RequestDeadline;
}

/** The body as it arrives, chunk by chunk; throws past the cap, at the deadline, on a cut. */
export async function* bodyChunks({ response, url, maxResponseBytes, deadline }: BodyReading): AsyncGenerator<Buffer> {
  let received = 0;
  try {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!response.headers.has('content-encoding') && declared > maxResponseBytes) throw tooLarge(url, maxResponseBytes, `it declares ${declared} bytes`);
    if (!response.body) return;
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > maxResponseBytes) throw tooLarge(url, maxResponseBytes, `cut off after ${received} bytes`);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (error) {
    const explained = deadline.explain(error, targetName(url));
    if (explained !== error || error instanceof TooLargeError) throw explained;
    throw new Error(`the connection to ${hostAndPort(url)} broke after ${received} bytes of the answer from ${targetName(url)}, before it was complete`, { cause: error });
  } finally {
    deadline.clear();
    // Leaving early (cap, failure, a consumer that stops) must close the connection.
    await response.body?.cancel().catch(() => undefined);
  }
}

/**
 * The whole body as UTF-8 text, for formats that need all of it (JSON): its bytes gathered into
 * one Buffer, then decoded at once. Text that is all ASCII (most JSON) is decoded as latin1,
 * which is then the same and for a large body makes Node copy the bytes into one string kept
 * outside V8's heap. Decoding chunk by chunk instead gave a string of pieces that JSON.parse
 * had to join into one more string of the body's size, allocated afresh for every answer: that
 * cost more than the whole reading (5 ms of a 1.5 MB answer on the http bench). At most two
 * copies of the body are in memory: the bytes (or the chunks, when the length is not known
 * beforehand) and the text.
 */
export async function readWholeText(reading: BodyReading): Promise<string> {
  const bytes = await readWholeBody(reading);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * The whole body in one Buffer: filled as the chunks arrive when the answer declares its length
 * (and is not compressed: the length is then that of the compressed bytes), else the chunks
 * joined at the end.
 */
async function readWholeBody(reading: BodyReading): Promise<Buffer> {
  const declared = declaredLength(reading);
  if (declared === undefined) {
    const chunks: Buffer[] = [];
    for await (const chunk of bodyChunks(reading)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
  let body = Buffer.allocUnsafe(declared);
  let filled = 0;
  for await (const chunk of bodyChunks(reading)) {
    // fetch frames the body by its declared length, so this should not happen; if it does, grow.
    if (filled + chunk.byteLength > body.length) body = Buffer.concat([body.subarray(0, filled)], 2 * (filled + chunk.byteLength));
    chunk.copy(body, filled);
    filled += chunk.byteLength;
  }
  return body.subarray(0, filled);
}

/** The length the answer declares for its body as we read it, when within the cap. */
function declaredLength({ response, maxResponseBytes }: BodyReading): number | undefined {
  if (response.headers.has('content-encoding')) return undefined;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(declared) && declared >= 0 && declared <= maxResponseBytes ? declared : undefined;
}

/** At most `maxBytes` of the body as text, then the rest is dropped: for error messages. */
export async function readBodyStart(reading: BodyReading, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of bodyChunks(reading)) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= maxBytes) break;
    }
  } catch {
    // The start is only for the message; a body that fails to arrive leaves it shorter.
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

class TooLargeError extends Error {}

function tooLarge(url: URL, maxResponseBytes: number, detail: string): TooLargeError {
  return new TooLargeError(`the answer from ${targetName(url)} is larger than maxResponseBytes=${maxResponseBytes} (${detail}); raise maxResponseBytes or ask the API for less`);
}
