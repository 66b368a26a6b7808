/**
 * What a program sees around its arguments: a minimal environment (the server's secrets stay in
 * the server), the job's envVars in both of their spellings, and its working directory.
 */
import { realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type TestScheduler } from '../../helpers/start-scheduler.js';
import { echoed, fixture, nodeJob, StartRecord, tempDir } from './process-jobs.js';

let server: TestScheduler;
let workDir: string;
const SECRET = 'SCHEDULER_TEST_SECRET';

beforeAll(async () => {
  process.env[SECRET] = 'do-not-leak';
  workDir = realpathSync(await tempDir());
  await mkdir(path.join(workDir, 'sub'));
  const record = new StartRecord(path.join(workDir, 'starts.log'));
  const echoJob = (name: string, config: Record<string, unknown> = {}) =>
    nodeJob(name, fixture('record-and-echo.mjs'), [record.file], { captureOutput: true, ...config });
  server = await startScheduler({
    config: {
      jobsConfigList: [
        echoJob('plain'),
        echoJob('listed', { envVars: ['GREETING=hello world', 'EMPTY=', 'WITH_EQUALS=a=b'] }),
        echoJob('mapped', { envVars: { GREETING: 'hi', PATH: '/opt/tools/bin' } }),
        echoJob('comma-listed', { envVars: 'A=1,B=2' }),
        echoJob('inheriting', { inheritEnv: ['PATH', SECRET] }),
        echoJob('in-folder', { homeDir: workDir }),
        echoJob('relative-folder', { homeDir: path.relative(process.cwd(), path.join(workDir, 'sub')) }),
      ],
    },
  });
});
afterAll(async () => {
  delete process.env[SECRET];
  await server.stop();
});

const seen = async (job: string) => {
  const response = await server.query(job, { type: 'run', args: {} });
  expect(response.status, response.text).toBe(200);
  return echoed(response.json);
};

describe("the program's environment", () => {
  it("holds only PATH, HOME, LANG and TZ of the server's environment by default", async () => {
    const { env } = await seen('plain');
    expect(env[SECRET]).toBeUndefined();
    expect(env.PATH).toBe(process.env.PATH);
    for (const name of Object.keys(env)) expect(['PATH', 'HOME', 'LANG', 'TZ']).toContain(name);
  });

  it('gets no store details unless the job uses cacheArg', async () => {
    const { env } = await seen('plain');
    expect(Object.keys(env).filter((name) => name.startsWith('SCHEDULER_'))).toEqual([]);
  });

  it("sets the original's envVars list of NAME=value, values kept whole", async () => {
    const { env } = await seen('listed');
    expect(env).toMatchObject({ GREETING: 'hello world', EMPTY: '', WITH_EQUALS: 'a=b' });
  });

  it('sets envVars given as a map, over inherited variables', async () => {
    const { env } = await seen('mapped');
    expect(env).toMatchObject({ GREETING: 'hi', PATH: '/opt/tools/bin' });
  });

  it('sets envVars given comma-separated, as a properties file would', async () => {
    expect((await seen('comma-listed')).env).toMatchObject({ A: '1', B: '2' });
  });

  it('passes exactly the variables inheritEnv names', async () => {
    const { env } = await seen('inheriting');
    expect(env[SECRET]).toBe('do-not-leak');
    expect(Object.keys(env).sort()).toEqual(['PATH', SECRET].sort());
  });
});

describe("the program's working directory", () => {
  it("is the configuration's folder by default", async () => {
    expect((await seen('plain')).cwd).toBe(process.cwd());
  });

  it('is homeDir, absolute or relative to the configuration', async () => {
    expect((await seen('in-folder')).cwd).toBe(workDir);
    expect((await seen('relative-folder')).cwd).toBe(path.join(workDir, 'sub'));
  });
});
