/**
 * What the process executor's tests share: where the fixture and example scripts are, how a job
 * running one of them is configured, the start record that proves a script did not run, and a
 * liveness check for the processes a job started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestScheduler } from '../../helpers/start-scheduler.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.join(here, 'fixtures');
export const EXAMPLES = path.resolve(here, '../../../../../examples/scripts');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** A `process` job running a Node script with the Node running the tests, so it works anywhere. */
export function nodeJob(name: string, script: string, leadingArgs: string[] = [], config: Record<string, unknown> = {}) {
  return { name, type: 'process', config: { process: [process.execPath, script, ...leadingArgs], ...config } };
}

export function tempDir(prefix = 'process-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** The file record-and-echo.mjs appends a line to each time it starts. */
export class StartRecord {
  constructor(readonly file: string) {}

  starts(): Array<{ pid: number; args: string[]; env: Record<string, string> }> {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { pid: number; args: string[]; env: Record<string, string> });
  }

  count(): number {
    return this.starts().length;
  }
}

/** What record-and-echo.mjs printed, from the answer of a run of a `lines` job. */
export function echoed(answer: Array<{ rows: unknown[][] }>): { args: string[]; env: Record<string, string>; cwd: string } {
  return JSON.parse(answer[0]!.rows[0]![0] as string);
}

/** True while the process exists and is not a zombie waiting to be reaped by init. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we can know
  }
}

/** The caller's most recent request for `job`, through the native API. */
export async function latestRequest(server: TestScheduler, job: string, user?: string): Promise<Record<string, unknown>> {
  const listed = await server.get(`/api/v1/requests?job=${job}&limit=1`, { user });
  return listed.json[0];
}
