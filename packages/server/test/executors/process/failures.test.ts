/**
 * A failing program fails its request with a message a dashboard user can act on — the exit code
 * and the end of stderr, the signal, the cap and its setting, the path and its config key — and
 * its stderr is kept with the request.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, type TestScheduler } from '../../helpers/start-scheduler.js';
import { fixture, latestRequest, nodeJob, tempDir } from './process-jobs.js';

let server: TestScheduler;

beforeAll(async () => {
  const notExecutable = path.join(await tempDir(), 'script.sh');
  await writeFile(notExecutable, '#!/bin/sh\necho hi\n', { mode: 0o644 });
  server = await startScheduler({
    config: {
      jobsConfigList: [
        nodeJob('exit3', fixture('fail-after-output.mjs'), ['code=3', 'stderrLines=30'], { outputFormat: 'csv' }),
        nodeJob('exit3-short-tail', fixture('fail-after-output.mjs'), ['code=3', 'stderrLines=30'], { stderrTailLines: 2 }),
        nodeJob('succeeds-noisily', fixture('fail-after-output.mjs'), ['code=0', 'stderrLines=3'], { outputFormat: 'csv' }),
        nodeJob('segfault', fixture('kill-self.mjs'), ['SIGSEGV']),
        nodeJob('flood', fixture('flood.mjs'), [], { captureOutput: true, maxOutputBytes: 200_000 }),
        nodeJob('flood-stderr', fixture('flood.mjs'), ['stderr'], { maxOutputBytes: '256KiB' }),
        nodeJob('flood-json', fixture('flood.mjs'), [], { outputFormat: 'json', maxOutputBytes: 100_000 }),
        { name: 'missing-executable', type: 'process', config: { process: ['/no/such/interpreter', 'etl.py'] } },
        { name: 'missing-command', type: 'process', config: { process: ['no-such-command-anywhere'] } },
        { name: 'not-executable', type: 'process', config: { process: [notExecutable] } },
        nodeJob('missing-home', fixture('print-file.mjs'), [], { homeDir: path.join(await tempDir(), 'gone') }),
      ],
    },
  });
});
afterAll(() => server.stop());

const run = (job: string) => server.query(job, { type: 'run', args: {} }, { user: 'viewer' });

/** The stored request behind the caller's latest request for `job`. */
async function storedLatest(job: string) {
  const latest = await latestRequest(server, job, 'viewer');
  return (await server.scheduler.store.getRequest(latest.id as string))!;
}

describe('a program that exits with a non-zero code', () => {
  it('answers Grafana 422 with the exit code and the last stderr lines, progress lines left out', async () => {
    const response = await run('exit3');
    expect(response.status).toBe(422);
    const message = response.json.message as string;
    expect(message).toContain('exit code 3: ');
    expect(message).toContain('problem line 30');
    expect(message).toContain('problem line 11');
    expect(message).not.toContain('problem line 10\n');
    expect(message).not.toContain('##progress');
  });

  it('keeps the stderr tail with the request, readable with its status through the API', async () => {
    await run('exit3');
    const stored = await storedLatest('exit3');
    expect(stored.state).toBe('failed');
    expect(stored.log?.split('\n')).toEqual(Array.from({ length: 20 }, (_, index) => `problem line ${index + 11}`));
    const view = await server.get(`/api/v1/requests/${stored.id}`, { user: 'viewer' });
    expect(view.json.error).toContain('exit code 3');
    expect(view.json.log).toBe(stored.log);
  });

  it('cuts the tail to stderrTailLines', async () => {
    const response = await run('exit3-short-tail');
    expect(response.json.message).toMatch(/exit code 3: problem line 29\nproblem line 30$/);
  });

  it('a successful program keeps its stderr tail too', async () => {
    const response = await run('succeeds-noisily');
    expect(response.status).toBe(200);
    expect((await storedLatest('succeeds-noisily')).log).toBe('problem line 1\nproblem line 2\nproblem line 3');
  });
});

describe('a program killed by a signal', () => {
  it('fails saying which signal', async () => {
    const response = await run('segfault');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('killed by signal SIGSEGV: about to crash');
  });
});

describe('a program that prints too much', () => {
  it('is stopped at maxOutputBytes, and the message names the cap and the setting', async () => {
    const started = Date.now();
    const response = await run('flood');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('maxOutputBytes=200000');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts stderr towards the cap, and the cap may be written with a unit', async () => {
    const response = await run('flood-stderr');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('maxOutputBytes=262144 (256 KiB');
  });

  it('bounds what json output buffers', async () => {
    const response = await run('flood-json');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('maxOutputBytes=100000');
  });

  it('a submitted flood ends failed with nothing stored', async () => {
    await server.query('flood', { type: 'submit', args: {} }, { user: 'viewer' });
    const request = await eventually(async () => {
      const latest = await latestRequest(server, 'flood', 'viewer');
      return latest?.state === 'failed' ? latest : undefined;
    });
    expect(request.error).toContain('maxOutputBytes');
    expect(request.rowCount).toBeNull();
  });
});

describe('a program that cannot start', () => {
  it('a missing executable: the path and the config key', async () => {
    const response = await run('missing-executable');
    expect(response.status).toBe(422);
    expect(response.json.message).toContain('cannot start "/no/such/interpreter": no such file');
    expect(response.json.message).toContain('jobsConfigList[7].config.process[0]');
  });

  it('a command not in PATH says so', async () => {
    const response = await run('missing-command');
    expect(response.json.message).toContain('"no-such-command-anywhere": not found in the PATH');
  });

  it('a file that is not executable says permission denied', async () => {
    const response = await run('not-executable');
    expect(response.json.message).toContain('permission denied');
  });

  it('a missing homeDir names the folder and the key, not the executable', async () => {
    const response = await run('missing-home');
    expect(response.status).toBe(422);
    expect(response.json.message).toMatch(/the working directory ".*gone" does not exist \(jobsConfigList\[10\]\.config\.homeDir\)/);
  });
});
