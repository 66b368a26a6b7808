/**
 * The cap on what one program may print (`maxOutputBytes`, stdout and stderr together). Parsing
 * streams, so memory is not what the cap protects — the store's disk and the server's time are:
 * a script stuck in a loop printing must be stopped, not stored.
 */
import { Transform, type TransformCallback } from 'node:stream';

export class OutputBudget {
  private used = 0;
  private exceeded = false;

  constructor(
    readonly limit: number,
    private readonly onExceeded: () => void,
  ) {}

  /** Counts `bytes`; false once the total is over the limit (onExceeded is called once). */
  spend(bytes: number): boolean {
    this.used += bytes;
    if (this.used <= this.limit) return true;
    if (!this.exceeded) {
      this.exceeded = true;
      this.onExceeded();
    }
    return false;
  }

  /** A pass-through that counts what flows and lets nothing through past the limit. */
  meter(): Transform {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const budget = this;
    return new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
        done(null, budget.spend(chunk.length) ? chunk : undefined);
      },
    });
  }
}
