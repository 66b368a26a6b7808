/**
 * Reads an answer's body while counting its bytes, so that an API that sends too much is cut off
 * at `maxResponseBytes` instead of filling memory (bytes are counted after fetch decompresses
 * them, so a small gzip bomb is cut off too). It ends the request's deadline when the body
 * ends, and turns read failures into messages that say what happened.
 */
import { StringDecoder } from 'node:string_decoder';
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
 * The whole body as UTF-8 text, for formats that need all of it (JSON). Each chunk is decoded
 * as it arrives (the decoder keeps a character split between chunks for the next one), so the
 * body is never gathered into one more buffer of its size: a copy less, and at most two copies
 * of the answer in memory (the pieces, then the one string JSON.parse makes of them) instead of
 * three.
 */
export async function readWholeText(reading: BodyReading): Promise<string> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const chunk of bodyChunks(reading)) text += decoder.write(chunk);
  return text + decoder.end();
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
