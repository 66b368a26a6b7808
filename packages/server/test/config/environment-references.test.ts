import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/build-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from './config-problems.js';
import { useTempDir } from './temp-dir.js';

describe('${ENV} references', () => {
  const dir = useTempDir();

  it('take values from the environment, in files and overrides alike', async () => {
    const file = await dir.write('app.properties', 'apiKeyValue=${SCHEDULER_KEY}\nserver.host=${HOST_NAME}-internal\n');
    const config = await loadConfig(['--config', file, '--cacheTTLMins=${TTL}'], {
      SCHEDULER_KEY: 's3cret',
      HOST_NAME: 'box',
      TTL: '15',
    });
    expect(config.apiKeyValue).toBe('s3cret');
    expect(config.server.host).toBe('box-internal');
    expect(config.cacheTTLMins).toBe(15);
  });

  it("fall back to Spring's ${NAME:default} when the variable is not set", async () => {
    const file = await dir.write('app.yaml', 'server:\n  port: ${PORT:9090}\n  host: ${HOST:}\n');
    const config = await loadConfig(['--config', file], { HOST: '127.0.0.1' });
    expect(config.server).toEqual({ port: 9090, host: '127.0.0.1' });
  });

  it('use a variable that is set but empty', () => {
    expect(buildConfig({ apiKeyValue: '${KEY:fallback}' }, { KEY: '' }).apiKeyValue).toBeNull();
  });

  it('reach into job configs', () => {
    const config = buildConfig(
      { jobsConfigList: [{ type: 'dummy', name: 'demo', config: { executeUsers: '${WRITERS}' } }] },
      { WRITERS: 'alice,bob' },
    );
    expect(config.jobs[0]?.executeUsers).toEqual(['alice', 'bob']);
  });

  it('report a missing variable once, naming the key and the variable', async () => {
    expect(await configProblems(() => buildConfig({ cacheTTLMins: '${TTL}', server: { port: '${PORT}' } }, {}))).toEqual([
      'cacheTTLMins: environment variable TTL is not set; set it or give a default as ${TTL:default} (got "${TTL}")',
      'server.port: environment variable PORT is not set; set it or give a default as ${PORT:default} (got "${PORT}")',
    ]);
  });

  it('do not change the tree they were given', () => {
    const tree = { server: { host: '${H}' } };
    buildConfig(tree, { H: 'x' });
    expect(tree.server.host).toBe('${H}');
  });
});
