/**
 * A process job's configuration: the original's properties keep working, and mistakes are
 * reported at start with the key path and what was expected, like every other config problem.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildConfig, loadConfig } from '../../../src/config/load-config.js';
import { createScheduler } from '../../../src/scheduler.js';
import { configProblems } from '../../config/config-problems.js';
import { fixture, StartRecord, tempDir } from './process-jobs.js';

const processJob = (config: Record<string, unknown>) => ({ name: 'etl', type: 'process', config: { process: ['/usr/bin/python3', 'etl.py'], ...config } });
const problemsOf = (config: Record<string, unknown>) => configProblems(() => buildConfig({ jobsConfigList: [processJob(config)] }));

describe("the original's properties", () => {
  it('load and run: process[i], blank homeDir, envVars list, captureOutput, fixedArgs', async () => {
    const folder = await tempDir();
    await mkdir(path.join(folder, 'work'));
    const record = new StartRecord(path.join(folder, 'starts.log'));
    const file = path.join(folder, 'app.properties');
    await writeFile(
      file,
      [
        `cacheSqliteConfig.path=${path.join(folder, 'data')}`,
        'jobsConfigList[0].type=process',
        'jobsConfigList[0].name=process1',
        `jobsConfigList[0].config.process[0]=${process.execPath}`,
        `jobsConfigList[0].config.process[1]=${fixture('record-and-echo.mjs')}`,
        `jobsConfigList[0].config.process[2]=${record.file}`,
        'jobsConfigList[0].config.homeDir=',
        'jobsConfigList[0].config.envVars[0]=GREETING=hello',
        'jobsConfigList[0].config.captureOutput=true',
        'jobsConfigList[0].config.cacheArg=',
        'jobsConfigList[0].config.fixedArgs=mode=fast',
        'jobsConfigList[0].config.argSet=day',
        '',
      ].join('\n'),
    );
    const config = await loadConfig(['--config', file], {});
    expect(config.jobs[0]!.executorConfig).toMatchObject({
      process: [process.execPath, fixture('record-and-echo.mjs'), record.file],
      envVars: { GREETING: 'hello' },
      captureOutput: true,
      argStyle: 'name=value',
      maxOutputBytes: 64 * 1024 * 1024,
      killGraceSec: 5,
      stderrTailLines: 20,
      inheritEnv: ['PATH', 'HOME', 'LANG', 'TZ'],
    });
    const scheduler = await createScheduler({ ...config, server: { port: 0, host: '127.0.0.1' } }, pino({ level: 'silent' }));
    const { url } = await scheduler.start();
    try {
      const response = await fetch(`${url}/scheduler/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ targets: [{ target: 'process1', data: { type: 'run', args: { day: 'monday' } } }] }),
      });
      expect(response.status).toBe(200);
      const [table] = (await response.json()) as Array<{ rows: string[][] }>;
      const seen = JSON.parse(table!.rows[0]![0]!) as { args: string[]; env: Record<string, string>; cwd: string };
      expect(seen.args).toEqual(['day=monday', 'mode=fast']);
      expect(seen.env.GREETING).toBe('hello');
      expect(seen.cwd).toBe(folder); // homeDir left blank: the configuration file's folder
    } finally {
      await scheduler.stop();
    }
  });
});

describe('mistakes reported at start', () => {
  it('a missing or empty process list', async () => {
    expect(await configProblems(() => buildConfig({ jobsConfigList: [{ name: 'etl', type: 'process', config: {} }] }))).toEqual([
      expect.stringContaining('jobsConfigList[0].config.process: '),
    ]);
    expect((await problemsOf({ process: [] }))[0]).toContain('jobsConfigList[0].config.process: expected at least 1');
  });

  it('an unknown key, with a suggestion', async () => {
    expect((await problemsOf({ captureOuput: true }))[0]).toContain('jobsConfigList[0].config.captureOuput: unknown key; did you mean captureOutput?');
  });

  it('argStyle and outputFormat outside their choices', async () => {
    const problems = await problemsOf({ argStyle: '-n v', outputFormat: 'xml' });
    expect(problems).toEqual([
      expect.stringContaining('jobsConfigList[0].config.argStyle: expected one of name=value, --name=value, --name value, positional'),
      expect.stringContaining('jobsConfigList[0].config.outputFormat: expected one of lines, csv, json, ndjson, none'),
    ]);
  });

  it('positional without argOrder, and argOrder without positional', async () => {
    expect((await problemsOf({ argStyle: 'positional' }))[0]).toContain('jobsConfigList[0].config.argOrder: argStyle positional needs argOrder');
    expect((await problemsOf({ argOrder: ['a'] }))[0]).toContain('only used with argStyle positional');
    expect((await problemsOf({ argStyle: 'positional', argOrder: ['a', 'b'], cacheArg: 'table' }))[0]).toContain('must include the cacheArg "table"');
  });

  it('cacheArg with an outputFormat that would read stdout', async () => {
    expect((await problemsOf({ cacheArg: 'table', outputFormat: 'csv' }))[0]).toContain('jobsConfigList[0].config.outputFormat: with cacheArg the program writes the result table itself');
  });

  it('envVars entries without "=" or with bad names, each on its own', async () => {
    const problems = await problemsOf({ envVars: ['GOOD=1', 'NO_EQUALS', '1BAD=x'] });
    expect(problems).toEqual([
      expect.stringContaining('jobsConfigList[0].config.envVars[1]: expected a "NAME=value" entry'),
      expect.stringContaining('jobsConfigList[0].config.envVars[2]: invalid variable name "1BAD"'),
    ]);
  });

  it('sizes and limits', async () => {
    const problems = await problemsOf({ maxOutputBytes: '12 parsecs', killGraceSec: -1, stderrTailLines: 2.5 });
    expect(problems).toEqual([
      expect.stringContaining('jobsConfigList[0].config.maxOutputBytes: expected a size in bytes'),
      expect.stringContaining('jobsConfigList[0].config.killGraceSec: expected a number from 0 to 3600'),
      expect.stringContaining('jobsConfigList[0].config.stderrTailLines: expected a whole number from 0 to 1000'),
    ]);
  });

  it('cacheArg with results kept in memory, where no program can reach them', async () => {
    const config = buildConfig({ inMemoryCache: true, jobsConfigList: [processJob({ cacheArg: 'table' })] });
    await expect(createScheduler(config, pino({ level: 'silent' }))).rejects.toThrow(/cacheArg needs a store that programs can reach.*inMemoryCache=true/);
  });
});
