import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from './config-problems.js';
import { useTempDir } from './temp-dir.js';

const PROPERTIES = `
server.port=9090
apiKeyValue=k1
cacheTTLMins=30
inMemoryCache=true
logLevel=debug
jobsConfigList[0].type=dummy
jobsConfigList[0].name=demo
jobsConfigList[0].description=random series
jobsConfigList[0].config.timeoutSec=10
jobsConfigList[0].config.maxConcurrent=2
jobsConfigList[0].config.retryOnRestart=true
jobsConfigList[0].config.executeUsers[0]=alice
jobsConfigList[0].config.argSet.region.type=enum
jobsConfigList[0].config.argSet.region.values=eu,us
jobsConfigList[0].config.argSet.region.required=true
`;

const YAML_TEXT = `
server:
  port: 9090
apiKeyValue: k1
cacheTTLMins: 30
inMemoryCache: true
logLevel: debug
jobsConfigList:
  - type: dummy
    name: demo
    description: random series
    config:
      timeoutSec: 10
      maxConcurrent: 2
      retryOnRestart: true
      executeUsers: [alice]
      argSet:
        region: { type: enum, values: [eu, us], required: true }
`;

const JSON_TREE = {
  server: { port: 9090 },
  apiKeyValue: 'k1',
  cacheTTLMins: 30,
  inMemoryCache: true,
  logLevel: 'debug',
  jobsConfigList: [
    {
      type: 'dummy',
      name: 'demo',
      description: 'random series',
      config: {
        timeoutSec: 10,
        maxConcurrent: 2,
        retryOnRestart: true,
        executeUsers: ['alice'],
        argSet: { region: { type: 'enum', values: ['eu', 'us'], required: true } },
      },
    },
  ],
};

describe('config file formats', () => {
  const dir = useTempDir();

  it('give the same config for the same settings in .properties, .yaml, .yml and .json', async () => {
    const fromProperties = await loadConfig(['--config', await dir.write('a.properties', PROPERTIES)], {});
    const fromYaml = await loadConfig(['--config', await dir.write('a.yaml', YAML_TEXT)], {});
    const fromYml = await loadConfig(['--config', await dir.write('a.yml', YAML_TEXT)], {});
    const fromJson = await loadConfig(['--config', await dir.write('a.json', JSON.stringify(JSON_TREE, null, 2))], {});
    expect(fromYaml).toEqual(fromProperties);
    expect(fromYml).toEqual(fromProperties);
    expect(fromJson).toEqual(fromProperties);
    expect(fromProperties.server.port).toBe(9090);
    expect(fromProperties.jobs[0]).toMatchObject({
      name: 'demo',
      description: 'random series',
      timeoutSec: 10,
      maxConcurrent: 2,
      retryOnRestart: true,
      argSet: { region: { type: 'enum', values: ['eu', 'us'], required: true } },
    });
  });

  it('accepts an empty YAML file as a config with only defaults', async () => {
    const config = await loadConfig(['--config', await dir.write('empty.yaml', '# nothing yet\n')], {});
    expect(config.cacheTTLMins).toBe(60);
    expect(config.jobs).toEqual([]);
  });

  it('reports malformed YAML with its line', async () => {
    const file = await dir.write('bad.yaml', 'cacheTTLMins: 5\nserver:\n  port: [9090\nlogLevel: info\n');
    const problems = await configProblems(() => loadConfig(['--config', file], {}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^config file ${file} line 4 column 1: invalid YAML: `));
  });

  it('reports a repeated YAML key with its line', async () => {
    const file = await dir.write('twice.yaml', 'cacheTTLMins: 5\ncacheTTLMins: 6\n');
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `config file ${file} line 2 column 1: invalid YAML: Map keys must be unique`,
    ]);
  });

  it('reports malformed JSON with its line', async () => {
    const file = await dir.write('bad.json', '{\n  "cacheTTLMins": 5,\n}\n');
    const problems = await configProblems(() => loadConfig(['--config', file], {}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^config file ${file} line 3: invalid JSON: `));
  });

  it('reports a missing file', async () => {
    const file = `${dir.path}/nowhere.yaml`;
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `config file ${file}: cannot read it (no such file)`,
    ]);
  });

  it('reports a file whose format it cannot tell', async () => {
    const file = await dir.write('app.conf', 'cacheTTLMins=5\n');
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `config file ${file}: unknown format ".conf"; name it .properties, .yaml, .yml or .json`,
    ]);
  });

  it('reports a file that is a list instead of settings', async () => {
    const file = await dir.write('list.json', '[1, 2]');
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `config file ${file}: expected settings (key: value pairs) at the top level, got a list`,
    ]);
  });
});
