import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/build-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { executorTypeNames } from '../../src/executors/registry.js';
import { configProblems } from './config-problems.js';
import { useTempDir } from './temp-dir.js';

/** Every executor type the registry accepts, as the message lists them. */
const KNOWN_TYPES = executorTypeNames().join(', ');

const job = (name: string, config: Record<string, unknown> = {}, type = 'dummy') => ({ type, name, config });
const problemsOf = (tree: unknown) => configProblems(() => buildConfig(tree, {}));

describe('a bad configuration', () => {
  const dir = useTempDir();

  it('names an unknown executor type, lists the known ones and suggests the closest', async () => {
    expect(await problemsOf({ jobsConfigList: [job('a', {}, 'dumy')] })).toEqual([
      `jobsConfigList[0].type: unknown executor type; known types: ${KNOWN_TYPES}; did you mean dummy? (got "dumy")`,
    ]);
  });

  it('names a bad number with its full key path', async () => {
    expect(await problemsOf({ jobsConfigList: [job('a'), job('b', { timeoutSec: 'soon' })] })).toEqual([
      'jobsConfigList[1].config.timeoutSec: expected a number greater than 0 (got "soon")',
    ]);
    expect(await problemsOf({ server: { port: '70000' } })).toEqual([
      'server.port: expected a whole number from 0 to 65535 (got "70000")',
    ]);
  });

  it('names both entries of a duplicate job name', async () => {
    expect(await problemsOf({ jobsConfigList: [job('a'), job('b'), job('a')] })).toEqual([
      'jobsConfigList[2].name: duplicate job name, already used by jobsConfigList[0]; names must be unique (got "a")',
    ]);
  });

  it('refuses the reserved name of the built-in job', async () => {
    expect(await problemsOf({ jobsConfigList: [job('requests')] })).toEqual([
      'jobsConfigList[0].name: "requests" is reserved for the built-in job; choose another name (got "requests")',
    ]);
  });

  it('refuses a job name that is not safe to use everywhere', async () => {
    expect(await problemsOf({ jobsConfigList: [job('my job')] })).toEqual([
      'jobsConfigList[0].name: expected a job name of 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (got "my job")',
    ]);
  });

  it('names an unknown top-level key and suggests the known one it resembles', async () => {
    expect(await problemsOf({ cachTTLMins: 5, 'cache-ttl-mins': 5 })).toEqual([
      'cachTTLMins: unknown key; did you mean cacheTTLMins? (got 5)',
      'cache-ttl-mins: unknown key; did you mean cacheTTLMins? (got 5)',
    ]);
  });

  it('names unknown keys in a job, its config and nested settings', async () => {
    expect(
      await problemsOf({ server: { prot: 1 }, jobsConfigList: [{ ...job('a', { timeoutSecs: 3 }), descripton: 'x' }] }),
    ).toEqual([
      'server.prot: unknown key; did you mean port? (got 1)',
      'jobsConfigList[0].descripton: unknown key; did you mean description? (got "x")',
      'jobsConfigList[0].config.timeoutSecs: unknown key; did you mean timeoutSec? (got 3)',
    ]);
  });

  it('requires a type and a name for each job', async () => {
    expect(await problemsOf({ jobsConfigList: [{ config: {} }] })).toEqual([
      'jobsConfigList[0].type: required: expected an executor type (missing)',
      'jobsConfigList[0].name: required: expected a job name of 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (missing)',
    ]);
  });

  it('refuses an enum argument without values', async () => {
    expect(await problemsOf({ jobsConfigList: [job('a', { argSet: { region: { type: 'enum' } } })] })).toEqual([
      'jobsConfigList[0].config.argSet.region.values: an enum argument needs a non-empty `values` list (missing)',
    ]);
  });

  it('refuses an argument pattern that is not a regular expression', async () => {
    expect(await problemsOf({ jobsConfigList: [job('a', { argSet: { code: { pattern: '([a-z]' } } })] })).toEqual([
      'jobsConfigList[0].config.argSet.code.pattern: must be a valid regular expression (got "([a-z]")',
    ]);
  });

  it('refuses a fixed argument with an invalid name', async () => {
    expect(await problemsOf({ jobsConfigList: [job('a', { fixedArgs: ['region=eu', '9lives=1'] })] })).toEqual([
      'jobsConfigList[0].config.fixedArgs[1]: invalid argument name "9lives": argument names start with a letter or _ and use letters, digits, ., -, _ (at most 64) (got "9lives=1")',
    ]);
  });

  it('names a bad log level and lists the levels', async () => {
    expect(await problemsOf({ logLevel: 'verbose' })).toEqual([
      'logLevel: expected one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ]);
  });

  it('masks secret values', async () => {
    const problems = await problemsOf({
      apiKeyValue: ['hunter2'],
      cacheJdbcConfig: { password: { nested: 'hunter2' } },
      cacheJdbcConfg: { url: 'x', password: 'hunter2' },
    });
    expect(problems).toEqual([
      'apiKeyValue: expected text (got "***")',
      'cacheJdbcConfig.password: expected text (got "***")',
      'cacheJdbcConfg: unknown key; did you mean cacheJdbcConfig? (got {"url":"x","password":"***"})',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('shortens long values', async () => {
    const [problem] = await problemsOf({ logLevel: 'x'.repeat(200) });
    expect(problem).toBe(`logLevel: expected one of fatal, error, warn, info, debug, trace, silent (got "${'x'.repeat(76)}...)`);
  });

  it('reports every problem at once', async () => {
    const file = await dir.write(
      'many.properties',
      [
        'cachTTLMins=5',
        'server.port=http',
        'apiKeyValue=${SCHEDULER_KEY}',
        'jobsConfigList[0].type=spreadsheet',
        'jobsConfigList[0].name=a',
        'jobsConfigList[1].type=test',
        'jobsConfigList[1].name=a',
        'jobsConfigList[1].config.maxConcurrent=0',
        'jobsConfigList[2].type=dummy',
        'jobsConfigList[2].name=requests',
      ].join('\n'),
    );
    expect(await configProblems(() => loadConfig(['stray', '--config', file], {}))).toEqual([
      'stray: unexpected argument; give settings as --key=value and the file as --config PATH',
      'apiKeyValue: environment variable SCHEDULER_KEY is not set; set it or give a default as ${SCHEDULER_KEY:default} (got "***")',
      'server.port: expected a whole number from 0 to 65535 (got "http")',
      'cachTTLMins: unknown key; did you mean cacheTTLMins? (got "5")',
      `jobsConfigList[0].type: unknown executor type; known types: ${KNOWN_TYPES} (got "spreadsheet")`,
      'jobsConfigList[1].config.maxConcurrent: expected a whole number of at least 1 (got "0")',
      'jobsConfigList[1].name: duplicate job name, already used by jobsConfigList[0]; names must be unique (got "a")',
      'jobsConfigList[2].name: "requests" is reserved for the built-in job; choose another name (got "requests")',
    ]);
  });
});
