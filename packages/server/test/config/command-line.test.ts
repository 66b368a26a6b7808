import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELP_TEXT, HelpRequested, loadConfig } from '../../src/config/load-config.js';
import { configProblems } from './config-problems.js';
import { useTempDir } from './temp-dir.js';

const FILE = 'cacheTTLMins=60\nserver.port=8081\njobsConfigList[0].type=dummy\njobsConfigList[0].name=demo\njobsConfigList[0].config.executeUsers[0]=writer\n';

describe('the command line', () => {
  const dir = useTempDir();

  it('overrides the file, for any key path', async () => {
    const file = await dir.write('app.properties', FILE);
    const config = await loadConfig(
      ['--config', file, '--cacheTTLMins=5', '--server.port=9090', '--jobsConfigList[0].config.timeoutSec=3'],
      {},
    );
    expect(config.cacheTTLMins).toBe(5);
    expect(config.server.port).toBe(9090);
    expect(config.jobs[0]?.timeoutSec).toBe(3);
  });

  it('replaces a whole list from the file with a comma-separated one', async () => {
    const file = await dir.write('app.properties', FILE);
    const config = await loadConfig(['--config', file, '--jobsConfigList[0].config.executeUsers=alice,bob'], {});
    expect(config.jobs[0]?.executeUsers).toEqual(['alice', 'bob']);
  });

  it('can add a job without any file', async () => {
    const config = await loadConfig(['--jobsConfigList[0].type=test', '--jobsConfigList[0].name=cli'], {});
    expect(config.jobs.map((job) => [job.name, job.type])).toEqual([['cli', 'dummy']]);
  });

  it('uses only defaults and overrides when no file is given', async () => {
    const config = await loadConfig(['--maxConcurrentJobs=3'], {});
    expect(config.maxConcurrentJobs).toBe(3);
    expect(config.cacheTTLMins).toBe(60);
  });

  it('reads a bare --flag as true', async () => {
    expect((await loadConfig(['--inMemoryCache'], {})).store.location).toEqual({ dialect: 'sqlite', path: ':memory:', inMemory: true });
  });

  it('lets the last of repeated settings win', async () => {
    expect((await loadConfig(['--cacheTTLMins=5', '--cacheTTLMins=7'], {})).cacheTTLMins).toBe(7);
  });

  it("accepts the original's --spring.config.location=file:///absolute/path", async () => {
    const file = await dir.write('app.properties', FILE);
    const config = await loadConfig([`--spring.config.location=${pathToFileURL(file).href}`], {});
    expect(config.server.port).toBe(8081);
  });

  it('accepts --spring.config.location=file:relative and a plain path, relative to cwd', async () => {
    await dir.write('app.properties', FILE);
    expect((await loadConfig(['--spring.config.location=file:app.properties'], {}, dir.path)).server.port).toBe(8081);
    expect((await loadConfig(['--spring.config.location=app.properties'], {}, dir.path)).server.port).toBe(8081);
    expect((await loadConfig(['--config=./app.properties'], {}, dir.path)).server.port).toBe(8081);
  });

  it('reads the file given last', async () => {
    const first = await dir.write('first.properties', 'cacheTTLMins=1\n');
    const second = await dir.write('second.yaml', 'cacheTTLMins: 2\n');
    expect((await loadConfig(['--config', first, `--spring.config.location=file://${second}`], {})).cacheTTLMins).toBe(2);
  });

  it('asks for help on --help and -h', async () => {
    await expect(loadConfig(['--help'], {})).rejects.toBeInstanceOf(HelpRequested);
    await expect(loadConfig(['--cacheTTLMins=5', '-h'], {})).rejects.toBeInstanceOf(HelpRequested);
    expect(HELP_TEXT).toContain('--config PATH');
    expect(HELP_TEXT).toContain('--spring.config.location=file:///PATH');
  });

  it('reports every argument it cannot use', async () => {
    expect(await configProblems(() => loadConfig(['serve', '-v', '--', '--a..b=1', '--config'], {}))).toEqual([
      'serve: unexpected argument; give settings as --key=value and the file as --config PATH',
      '-v: unexpected argument; give settings as --key=value and the file as --config PATH',
      '--: unexpected argument; give settings as --key=value and the file as --config PATH',
      '--a..b=1: malformed setting name: a key name is missing before "."',
      '--config: expected a config file path, e.g. --config ./scheduler.yaml',
    ]);
  });

  it('reports a stray argument together with the settings problems', async () => {
    expect(await configProblems(() => loadConfig(['serve', '--cacheTTLMins=0'], {}))).toEqual([
      'serve: unexpected argument; give settings as --key=value and the file as --config PATH',
      'cacheTTLMins: expected a number greater than 0 (got "0")',
    ]);
  });

  it('refuses locations that do not name one file', async () => {
    expect(
      await configProblems(() =>
        loadConfig(['--spring.config.location=classpath:app.properties', '--spring.config.location=a.yaml,b.yaml'], {}),
      ),
    ).toEqual([
      '--spring.config.location=classpath:app.properties: classpath: locations do not exist here; give a file path',
      '--spring.config.location=a.yaml,b.yaml: only one config file can be given',
    ]);
  });

  it('refuses an override that skips a list index', async () => {
    const file = await dir.write('app.properties', FILE);
    expect(await configProblems(() => loadConfig(['--config', file, '--jobsConfigList[2].name=x'], {}))).toEqual([
      '--jobsConfigList[2].name=x: list index 2 skips jobsConfigList[1]; number list entries 0, 1, 2… without gaps',
    ]);
  });

  it('refuses an override below a plain value', async () => {
    expect(await configProblems(() => loadConfig(['--cacheTTLMins=5', '--cacheTTLMins.x=1'], {}))).toEqual([
      '--cacheTTLMins.x=1: cacheTTLMins already has the value "5", so it cannot also hold cacheTTLMins.x',
    ]);
  });
});
