/**
 * Runs answer their caller first and are recorded as history right after, off the answer's path:
 * these tests show the history is still complete (a stop writes what it accepted), and that a job
 * which looks at its abort signal only late still sees why it was stopped.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, type TestScheduler } from '../helpers/start-scheduler.js';

let server: TestScheduler | undefined;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-run-history-'));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('run history', () => {
  it('keeps every answered run in the history, across a restart right after the last answer', async () => {
    const first = await startScheduler({ config: { maxConcurrentJobs: 2 } });
    const runs = 300;
    const answers = await Promise.all(Array.from({ length: runs }, (_, n) => first.query('demo', { type: 'run', args: { delaySec: 0, startTime: n * 1000 } })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    await first.stop({ keepData: true });

    server = await startScheduler({ dataDir: first.dataDir });
    const listed = await server.get('/api/v1/requests?kind=run&limit=500');
    expect(listed.status).toBe(200);
    const history = listed.json as Array<{ state: string; args: { startTime: number } }>;
    expect(history).toHaveLength(runs);
    expect(history.every((run) => run.state === 'complete')).toBe(true);
    expect(new Set(history.map((run) => run.args.startTime)).size).toBe(runs);
  });

  it('a job that reads its abort signal only after its timeout finds it aborted, and the run says why', async () => {
    const seen = path.join(dir, 'seen-signal.txt');
    // Waits without listening to the signal, then looks at it once, as a careless job might.
    await writeFile(
      path.join(dir, 'late-look.mjs'),
      `import { writeFile } from 'node:fs/promises';
export default { create: () => ({ async execute(context) {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await writeFile(${JSON.stringify(seen)}, 'aborted=' + context.signal.aborted + ' reason=' + (context.signal.reason?.kind ?? 'none'));
  return { columns: [{ name: 'x', type: 'number' }], rows: [[1]] };
} }) };\n`,
    );
    server = await startScheduler({
      config: { jobsConfigList: [{ name: 'late', type: 'module', config: { module: path.join(dir, 'late-look.mjs'), timeoutSec: 1 } }] },
    });
    const answer = await server.query('late', { type: 'run', args: {} });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.text).toContain('timeoutSec of 1 s');
    expect(await eventually(() => readFile(seen, 'utf8').catch(() => undefined), 10_000, 'the job to look at its signal')).toBe('aborted=true reason=job-timeout');
  });
});
