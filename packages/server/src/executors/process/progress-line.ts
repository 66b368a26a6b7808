/**
 * The progress protocol: a program reports progress by printing, on stderr, a line
 *
 *     ##progress <percent> [message]
 *
 * `percent` is a number from 0 to 100 (decimals allowed; larger values count as 100), the optional
 * message is the rest of the line. The line must start with `##progress` and may come at any
 * point; such lines update the request's progress and are not kept in the stderr tail. Anything
 * else — including a malformed `##progress` line — is ordinary stderr.
 */
const PROGRESS_LINE = /^##progress[ \t]+(\d+(?:\.\d+)?)(?:[ \t]+(.*?))?[ \t]*$/;

export interface ProgressReport {
  percent: number;
  message: string | undefined;
}

export function parseProgressLine(line: string): ProgressReport | null {
  const match = PROGRESS_LINE.exec(line);
  if (!match) return null;
  return { percent: Math.min(100, Number(match[1])), message: match[2] === '' ? undefined : match[2] };
}
