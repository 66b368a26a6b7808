/**
 * One run of a job's program: spawned without a shell as the leader of its own process group,
 * with its stdout metered against the output cap, its stderr watched for progress and kept as a
 * tail, and the request's abort signal wired to stopping the whole group.
 *
 * `ended` settles once the program has exited and its output pipes have closed; it never
 * rejects, so nobody has to remember to catch it. When the leader exits, whatever it left running
 * in its group is stopped too: a job leaves no processes behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { coerceError } from '../../errors.js';
import { OutputBudget } from './output-budget.js';
import { describeExit, describeSpawnFailure, type ProcessEnd, type StopReason } from './process-end.js';
import { stopProcessGroup } from './process-tree.js';
import type { ProgressReport } from './progress-line.js';
import { StderrWatcher } from './stderr-watcher.js';

export interface ProcessRunOptions {
  executable: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  maxOutputBytes: number;
  killGraceMs: number;
  stderrTailLines: number;
  /** Where the executable is configured (`jobsConfigList[0].config.process[0]`), for messages. */
  executableKey: string;
  signal: AbortSignal;
  onProgress(report: ProgressReport): void;
  /**
   * Told the stderr tail when the run ends — or at once when the request is aborted, since the
   * request's end is recorded then, before the program is gone.
   */
  keepStderr(tail: string): void;
}

export class ProcessRun {
  /** The program's stdout, cut off at the output cap. Read it, drain it, or call `abandon`. */
  readonly stdout: Readable;
  readonly ended: Promise<ProcessEnd>;
  private readonly child: ChildProcess;
  private readonly stderr: StderrWatcher;
  private stoppedBy: StopReason | null = null;
  private leaderExited = false;
  private closed = false;

  constructor(private readonly options: ProcessRunOptions) {
    const budget = new OutputBudget(options.maxOutputBytes, () => this.stop('output-cap'));
    this.child = spawn(options.executable, options.args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      detached: true, // its own process group, so the whole tree can be signalled
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const { stdout, stderr } = this.child as ChildProcess & { stdout: Readable; stderr: Readable };
    this.stdout = stdout.pipe(budget.meter());
    // Dropped output is destroyed; whoever still reads it learns so from their read.
    this.stdout.on('error', () => undefined);
    this.stderr = new StderrWatcher(stderr, {
      tailLines: options.stderrTailLines,
      onProgress: options.onProgress,
      onBytes: (bytes) => budget.spend(bytes),
    });
    const onAbort = () => {
      options.keepStderr(this.stderr.tail());
      this.stop('aborted');
      // The request is over: a reader still storing rows must fail now, not wait for the end.
      this.dropOutput();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    this.ended = this.watchEnd().finally(() => {
      this.closed = true;
      options.signal.removeEventListener('abort', onAbort);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines of stderr (progress lines left out). */
  stderrTail(): string {
    return this.stderr.tail();
  }

  /** Stops the program and everything it started: SIGTERM, then SIGKILL after the grace period. */
  private stop(reason: StopReason): void {
    if (this.closed || this.stoppedBy) return;
    // Once the program has exited its exit status tells how it went; only the cap still applies
    // to output it left in the pipes.
    if (this.leaderExited && reason !== 'output-cap') return;
    this.stoppedBy = reason;
    if (this.child.pid !== undefined) stopProcessGroup(this.child.pid, this.options.killGraceMs);
  }

  /** Waits for the end; throws its message when the run failed. */
  async succeeded(): Promise<void> {
    const end = await this.ended;
    if (!end.ok) throw new Error(end.message);
  }

  /**
   * After reading stdout failed: stops the run and returns the error to report — the program's
   * own failure when it had one (it exited 3, it hit the cap), else the read error.
   */
  async failureAfter(readError: unknown): Promise<Error> {
    const end = await this.abandon();
    return !end.ok && end.stoppedBy !== 'abandoned' ? new Error(end.message) : coerceError(readError);
  }

  /** Gives up on the output (it could not be parsed, or nobody reads it any more) and stops. */
  abandon(): Promise<ProcessEnd> {
    this.stop('abandoned');
    this.dropOutput();
    return this.ended;
  }

  /**
   * Closes our end of stdout: unread output is dropped, a writer still alive gets EPIPE, and the
   * run can end — it ends only once its pipes are closed, which unread output would prevent.
   */
  private dropOutput(): void {
    this.child.stdout?.unpipe();
    this.child.stdout?.destroy();
    this.stdout.destroy();
  }

  private watchEnd(): Promise<ProcessEnd> {
    const { child, options } = this;
    return new Promise<ProcessEnd>((resolve) => {
      let settled = false;
      const settle = (end: ProcessEnd) => {
        if (settled) return;
        settled = true;
        // After an abort the tail was kept at once, and the request's end is already recorded.
        if (!options.signal.aborted) options.keepStderr(this.stderr.tail());
        resolve(end);
      };
      child.on('error', (error: NodeJS.ErrnoException) => {
        // Other errors change nothing: 'close' still tells how the run ended.
        if (child.pid === undefined) settle(describeSpawnFailure(error, options.executable, options.executableKey));
      });
      child.once('exit', () => {
        this.leaderExited = true;
        // Whatever the program left running in its group would otherwise hold our pipes open.
        if (child.pid !== undefined) stopProcessGroup(child.pid, options.killGraceMs);
      });
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        settle(describeExit({ code, signal, stoppedBy: this.stoppedBy, stderrTail: this.stderr.tail(), maxOutputBytes: options.maxOutputBytes }));
      });
    });
  }
}
