import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildConfig, defaultConfig } from '../../src/config/build-config.js';

describe('buildConfig', () => {
  it('gives every default for an empty tree', () => {
    expect(defaultConfig()).toEqual({
      baseDir: process.cwd(),
      server: { port: 8080, host: '0.0.0.0' },
      apiKeyValue: null,
      cacheTTLMins: 60,
      historyTTLMins: 1440,
      inMemoryCache: false,
      cacheSqliteConfig: { path: './data', timeoutMillis: 5000, batchSize: 500 },
      cacheJdbcConfig: null,
      maxConcurrentJobs: os.availableParallelism(),
      maxQueuedRequests: 1000,
      runTimeoutSec: 25,
      maxTargetsPerQuery: 50,
      bodyLimitBytes: 1048576,
      sweepIntervalSec: 60,
      logLevel: 'info',
      jobs: [],
    });
  });

  it('starts from an in-memory tree, typed or as text', () => {
    const config = buildConfig({ server: { port: '0' }, inMemoryCache: 'TRUE', logLevel: 'Debug', apiKeyValue: 12345 }, {});
    expect(config.server.port).toBe(0);
    expect(config.inMemoryCache).toBe(true);
    expect(config.logLevel).toBe('debug');
    expect(config.apiKeyValue).toBe('12345');
  });

  it('treats empty values as unset, so defaults apply', () => {
    const config = buildConfig({ apiKeyValue: '', cacheTTLMins: ' ', server: null }, {});
    expect(config.apiKeyValue).toBeNull();
    expect(config.cacheTTLMins).toBe(60);
    expect(config.server.port).toBe(8080);
  });

  it('resolves executor aliases to the canonical type', () => {
    const config = buildConfig({ jobsConfigList: [{ type: 'test', name: 'demo' }] }, {});
    expect(config.jobs[0]?.type).toBe('dummy');
  });

  it('gives a job without config the common defaults', () => {
    expect(buildConfig({ jobsConfigList: [{ type: 'dummy', name: 'demo' }] }, {}).jobs[0]).toEqual({
      name: 'demo',
      type: 'dummy',
      description: null,
      executorConfig: {},
      argSet: null,
      fixedArgs: {},
      executeUsers: null,
      readUsers: null,
      timeoutSec: null,
      maxConcurrent: null,
      cacheTTLMins: null,
      retryOnRestart: false,
    });
  });

  it('reads an empty user list as nobody, as the original did', () => {
    const config = buildConfig({ jobsConfigList: [{ type: 'dummy', name: 'demo', config: { executeUsers: '' } }] }, {});
    expect(config.jobs[0]?.executeUsers).toEqual([]);
  });

  it('reads fixedArgs as a map, a list or comma-separated text', () => {
    const fixedArgsOf = (fixedArgs: unknown) =>
      buildConfig({ jobsConfigList: [{ type: 'dummy', name: 'demo', config: { fixedArgs } }] }, {}).jobs[0]?.fixedArgs;
    expect(fixedArgsOf({ region: 'eu', limit: 10, tags: ['a', 'b'] })).toEqual({ region: 'eu', limit: 10, tags: ['a', 'b'] });
    expect(fixedArgsOf(['region=eu', 'verbose'])).toEqual({ region: 'eu', verbose: '' });
    expect(fixedArgsOf('region=eu, limit=10')).toEqual({ region: 'eu', limit: '10' });
  });

  it('reads an argSet given as a list of names as free string arguments', () => {
    const config = buildConfig({ jobsConfigList: [{ type: 'dummy', name: 'demo', config: { argSet: ['region'] } }] }, {});
    expect(config.jobs[0]?.argSet?.region).toMatchObject({ type: 'string', required: false });
  });
});
