/**
 * Reads a program's stderr as it comes: `##progress` lines become progress reports, every other
 * line goes into a bounded tail — the last lines, each cut to a sane length — that explains a
 * failure and is kept with the request. Stderr is always drained at once: a program blocked on a
 * full stderr pipe would hang while we wait for its stdout.
 */
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';
import { parseProgressLine, type ProgressReport } from './progress-line.js';

/** Longer lines are cut: a tail is for reading, and one minified blob must not crowd it out. */
export const MAX_TAIL_LINE_CHARS = 1000;

export interface StderrWatcherOptions {
  tailLines: number;
  onProgress(report: ProgressReport): void;
  /** Told the size of every chunk, for the output cap. */
  onBytes(bytes: number): void;
}

export class StderrWatcher {
  private readonly splitter = new LineSplitter();
  private readonly lines: string[] = [];

  constructor(
    stderr: Readable,
    private readonly options: StderrWatcherOptions,
  ) {
    stderr.on('data', (chunk: Buffer) => {
      options.onBytes(chunk.length);
      this.take(this.splitter.push(chunk));
    });
    stderr.on('end', () => this.take(this.splitter.end()));
    // A broken stderr pipe only loses diagnostics; the exit status still tells the outcome.
    stderr.on('error', () => undefined);
  }

  /** The last non-progress lines of stderr, oldest first. */
  tail(): string {
    return this.lines.join('\n');
  }

  private take(lines: string[]): void {
    for (const line of lines) {
      const progress = parseProgressLine(line);
      if (progress) {
        this.options.onProgress(progress);
        continue;
      }
      if (this.options.tailLines === 0) continue;
      this.lines.push(line.length > MAX_TAIL_LINE_CHARS ? `${line.slice(0, MAX_TAIL_LINE_CHARS)}…` : line);
      if (this.lines.length > this.options.tailLines) this.lines.shift();
    }
  }
}
