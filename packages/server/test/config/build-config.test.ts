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
      store: {
        location: { dialect: 'sqlite', path: './data' },
        sourceKey: 'cacheSqliteConfig.path',
        poolSize: 10,
        connectTimeoutSec: 10,
        batchSize: 500,
        busyTimeoutMs: 5000,
      },
      maxConcurrentJobs: os.availableParallelism(),
      maxQueuedRequests: 1000,
      runTimeoutSec: 25,
      maxTargetsPerQuery: 50,
      bodyLimitBytes: 1048576,
      sweepIntervalSec: 60,
      instanceHeartbeatSec: 10,
      logLevel: 'info',
      jobs: [],
    });
  });

  it('starts from an in-memory tree, typed or as text', () => {
    const config = buildConfig({ server: { port: '0' }, inMemoryCache: 'TRUE', logLevel: 'Debug', apiKeyValue: 12345 }, {});
    expect(config.server.port).toBe(0);
    expect(config.store.location).toEqual({ dialect: 'sqlite', path: ':memory:', inMemory: true });
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

describe('the result store', () => {
  it('store.url names a database server, with credentials from the URL or beside it', () => {
    const config = buildConfig({ store: { url: 'postgres://sched:s3cret@db.internal:5433/results?sslmode=require', poolSize: 4 } }, {});
    expect(config.store.location).toEqual({
      dialect: 'postgres',
      host: 'db.internal',
      port: 5433,
      database: 'results',
      user: 'sched',
      password: 's3cret',
      options: { sslmode: 'require' },
      tls: { mode: 'unverified', askedBy: 'sslmode=require' },
    });
    expect(config.store.poolSize).toBe(4);
    expect(config.store.sourceKey).toBe('store.url');
    const sqlite = buildConfig({ store: { url: 'sqlite:./results.db' } }, {});
    expect(sqlite.store.location).toEqual({ dialect: 'sqlite', path: './results.db' });
  });

  it("reads the original's JDBC settings, MariaDB and PostgreSQL URLs included", () => {
    const mariadb = buildConfig({ cacheJdbcConfig: { url: 'jdbc:mariadb://127.0.0.1/cache', user: 'root', driver: 'org.mariadb.jdbc.Driver' } }, {});
    expect(mariadb.store.location).toMatchObject({ dialect: 'mysql', host: '127.0.0.1', port: 3306, database: 'cache', user: 'root', password: null });
    const postgres = buildConfig({ cacheJdbcConfig: { url: 'jdbc:postgresql://127.0.0.1:5432/cache', user: 'postgres', password: 'pw' } }, {});
    expect(postgres.store.location).toMatchObject({ dialect: 'postgres', port: 5432, user: 'postgres', password: 'pw' });
  });

  it.each([
    [{ store: { url: 'oracle://db/x' } }, 'store.url: unsupported kind of database URL "oracle:"'],
    [{ store: { url: 'postgres://db.internal' } }, 'store.url: the postgres URL names no database'],
    [{ cacheJdbcConfig: { url: 'jdbc:postgresql://h/db', driver: 'com.mysql.jdbc.Driver' } }, 'cacheJdbcConfig.driver: driver com.mysql.jdbc.Driver is for mysql, but the URL is postgres'],
    [{ store: { url: 'mysql://h/a' }, cacheJdbcConfig: { url: 'jdbc:mysql://h/b' } }, 'store.url: both store.url and cacheJdbcConfig.url name a store; keep one'],
  ])('refuses %j naming the key', (tree, message) => {
    expect(() => buildConfig(tree, {})).toThrow(message);
  });

  it('never shows a password from the URL in a problem', () => {
    expect(() => buildConfig({ store: { url: 'mysql://u:hunter2@h' } }, {})).toThrow(/names no database/);
    try {
      buildConfig({ store: { url: 'mysql://u:hunter2@h' } }, {});
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
