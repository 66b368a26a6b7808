/**
 * How a program's run ended, and the message a dashboard user reads when it failed. Messages
 * name what to look at: the exit code with the end of stderr, the signal, the setting whose cap
 * was hit, or the config key of a path that does not work.
 */
import { formatByteSize } from './byte-size-setting.js';

/** Why Scheduler stopped the program itself, when it did. */
export type StopReason = 'output-cap' | 'aborted' | 'abandoned';

export type ProcessEnd = { ok: true } | { ok: false; message: string; stoppedBy: StopReason | null };

/** The end of stderr shown in a failure message; the kept log may hold more lines. */
const MAX_MESSAGE_TAIL_CHARS = 4000;

export interface ExitFacts {
  code: number | null;
  signal: NodeJS.Signals | null;
  stoppedBy: StopReason | null;
  stderrTail: string;
  maxOutputBytes: number;
}

export function describeExit({ code, signal, stoppedBy, stderrTail, maxOutputBytes }: ExitFacts): ProcessEnd {
  if (stoppedBy === 'output-cap') {
    return failure(
      `stopped after printing more than maxOutputBytes=${maxOutputBytes} (${formatByteSize(maxOutputBytes)}, stdout and stderr together); raise the job's maxOutputBytes or make the program print less`,
      stoppedBy,
    );
  }
  if (stoppedBy === 'aborted') return failure('stopped because the request was cancelled, timed out or the server is shutting down', stoppedBy);
  if (stoppedBy === 'abandoned') return failure('stopped because its output could not be read', stoppedBy);
  if (signal) return failure(withTail(`killed by signal ${signal}`, stderrTail), null);
  if (code !== 0) return failure(withTail(`exit code ${code}`, stderrTail), null);
  return { ok: true };
}

/** A program that never started: the path and the config key to fix. */
export function describeSpawnFailure(error: NodeJS.ErrnoException, executable: string, configKey: string): ProcessEnd {
  const where = `(${configKey})`;
  const bareName = !executable.includes('/');
  switch (error.code) {
    case 'ENOENT':
      return failure(
        bareName
          ? `cannot start "${executable}": not found in the PATH the job passes to its program ${where}; give the full path, or inherit or set PATH`
          : `cannot start "${executable}": no such file ${where}`,
        null,
      );
    case 'EACCES':
      return failure(`cannot start "${executable}": permission denied; is it executable (chmod +x) and is its folder readable? ${where}`, null);
    default:
      return failure(`cannot start "${executable}": ${error.message} ${where}`, null);
  }
}

function withTail(summary: string, stderrTail: string): string {
  const tail = stderrTail.trim();
  if (tail === '') return `${summary} (nothing on stderr)`;
  return `${summary}: ${tail.length > MAX_MESSAGE_TAIL_CHARS ? `…${tail.slice(-MAX_MESSAGE_TAIL_CHARS)}` : tail}`;
}

function failure(message: string, stoppedBy: StopReason | null): ProcessEnd {
  return { ok: false, message, stoppedBy };
}
