/**
 * Custom executor modules: loaded from the configuration, validated with their own schema, and
 * refused at start — naming the key — when they cannot be used.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { buildConfig, loadConfig } from '../../src/config/load-config.js';
import { createScheduler } from '../../src/scheduler.js';
import { runScheduler } from '../helpers/scheduler-process.js';

const COUNTDOWN = fileURLToPath(new URL('../../../../examples/custom-executor/countdown-executor.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-module-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function startWith(moduleConfig: Record<string, unknown>) {
  const config = buildConfig({ inMemoryCache: true, logLevel: 'silent', jobsConfigList: [{ name: 'custom', type: 'module', config: moduleConfig }] });
  return createScheduler(config, pino({ level: 'silent' }));
}

async function problemsOf(start: Promise<unknown>): Promise<string[]> {
  const error = await start.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('a custom executor module', () => {
  it('resolves a relative module path against the configuration file', async () => {
    await writeFile(
      path.join(dir, 'hello.mjs'),
      `export default { create: () => ({ execute: async ({ args }) => ({ columns: [{ name: 'greeting', type: 'string' }], rows: [['hello ' + args.who]] }) }) };\n`,
    );
    await writeFile(path.join(dir, 'scheduler.yaml'), 'inMemoryCache: true\nlogLevel: silent\njobsConfigList:\n  - { name: hello, type: module, config: { module: ./hello.mjs } }\n');
    const config = await loadConfig(['--config', path.join(dir, 'scheduler.yaml'), '--server.port=0', '--server.host=127.0.0.1'], {});
    expect(config.baseDir).toBe(dir);
    const scheduler = await createScheduler(config, pino({ level: 'silent' }));
    try {
      const { url } = await scheduler.start();
      const response = await fetch(`${url}/scheduler/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ targets: [{ refId: 'A', target: 'hello', data: { type: 'run', args: { who: 'world' } } }] }),
      });
      const answer = (await response.json()) as Array<{ rows: unknown[][] }>;
      expect(answer[0]!.rows).toEqual([['hello world']]);
    } finally {
      await scheduler.stop();
    }
  });

  it("reports the module's own config problems with their full key", async () => {
    expect(await problemsOf(startWith({ module: COUNTDOWN, stepMs: -1, colour: 'red' }))).toEqual([
      'jobsConfigList[0].config.colour: unknown key; the countdown executor takes only stepMs',
      'jobsConfigList[0].config.stepMs: expected a positive whole number of milliseconds (got -1)',
    ]);
  });

  it('refuses a module that cannot be loaded, naming the file', async () => {
    const [problem] = await problemsOf(startWith({ module: path.join(dir, 'missing.mjs') }));
    expect(problem).toContain('jobsConfigList[0].config.module: cannot load');
    expect(problem).toContain('missing.mjs');
  });

  it('refuses a module that exports no executor, saying what to export', async () => {
    await writeFile(path.join(dir, 'empty.mjs'), 'export const nothing = 1;\n');
    const [problem] = await problemsOf(startWith({ module: path.join(dir, 'empty.mjs') }));
    expect(problem).toContain('exports no executor');
    expect(problem).toContain('export default { create(config, environment)');
  });

  it('a broken module stops the command with exit code 2', async () => {
    await writeFile(path.join(dir, 'broken.mjs'), 'export default { create( ;\n');
    const { code, stderr } = await runScheduler(['--inMemoryCache', '--jobsConfigList[0].name=x', '--jobsConfigList[0].type=module', `--jobsConfigList[0].config.module=${path.join(dir, 'broken.mjs')}`]);
    expect(code).toBe(2);
    expect(stderr).toContain('jobsConfigList[0].config.module: cannot load');
  });
});
