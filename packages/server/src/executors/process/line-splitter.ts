/**
 * Splits a byte stream into text lines as it arrives: `\n` or `\r\n` ends a line, a last line
 * without a newline still counts, and a multi-byte character cut between two chunks is kept
 * whole. Used for stdout in `lines`/`ndjson` (pulled, so the program is slowed down rather than
 * buffered when the store is slower) and for stderr (pushed, since stderr must always drain).
 */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** The lines a chunk completes. */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    return lines.map(withoutCarriageReturn);
  }

  /** The unfinished last line, if any, once the stream has ended. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest === '' ? [] : [withoutCarriageReturn(rest)];
  }
}

/** Every line of `input`, read only as fast as the caller asks for them. */
export async function* linesOf(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const splitter = new LineSplitter();
  for await (const chunk of input) yield* splitter.push(chunk);
  yield* splitter.end();
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
