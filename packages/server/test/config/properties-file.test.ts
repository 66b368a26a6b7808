import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from './config-problems.js';
import { useTempDir } from './temp-dir.js';

// The original's reference block (NOTES.md), with its annotations moved onto comment lines —
// in a .properties file a `#` after a value is part of the value — and a `test` job in place of
// the process job.
const ORIGINAL_FORMAT = `
# results and request history expire after this
cacheTTLMins=60
# true: keep results in memory only
inMemoryCache=false
# default store: SQLite file scheduler.db in this folder
cacheSqliteConfig.path=./
cacheSqliteConfig.timeoutMillis=200
# rows per insert batch
cacheSqliteConfig.batchSize=500
cacheJdbcConfig.driver=com.mysql.jdbc.Driver
cacheJdbcConfig.url=jdbc:mysql://localhost:3306/databaseName?characterEncoding=latin1
cacheJdbcConfig.user=user
cacheJdbcConfig.password=password
cacheJdbcConfig.databaseName=databaseName
apiKeyValue=superSecretKey

jobsConfigList[0].type=test
jobsConfigList[0].name=process1
# arguments added to every call
jobsConfigList[0].config.fixedArgs=
# argument names allowed from Grafana; others are dropped
jobsConfigList[0].config.argSet=
jobsConfigList[0].config.executeUsers[0]=writer
jobsConfigList[0].config.readUsers[0]=reader
`;

describe('a .properties file in the original format', () => {
  const dir = useTempDir();

  it('loads with the values it gives', async () => {
    const file = await dir.write('app.properties', ORIGINAL_FORMAT);
    const config = await loadConfig(['--config', file], {});
    expect(config.cacheTTLMins).toBe(60);
    // The original's MySQL cache settings name the store; the SQLite settings still tune batches.
    expect(config.store).toEqual({
      location: {
        dialect: 'mysql',
        host: 'localhost',
        port: 3306,
        database: 'databaseName',
        user: 'user',
        password: 'password',
        options: { characterEncoding: 'latin1' },
        tls: { mode: 'off' },
      },
      sourceKey: 'cacheJdbcConfig.url',
      poolSize: 10,
      connectTimeoutSec: 10,
      batchSize: 500,
      busyTimeoutMs: 200,
    });
    expect(config.apiKeyValue).toBe('superSecretKey');
    expect(config.jobs).toEqual([
      {
        name: 'process1',
        type: 'dummy',
        description: null,
        executorConfig: {},
        argSet: {},
        fixedArgs: {},
        executeUsers: ['writer'],
        readUsers: ['reader'],
        timeoutSec: null,
        maxConcurrent: null,
        cacheTTLMins: null,
        retryOnRestart: false,
      },
    ]);
  });

  it('keeps the defaults of settings it leaves out', async () => {
    const file = await dir.write('app.properties', ORIGINAL_FORMAT);
    const config = await loadConfig(['--config', file], {});
    expect(config.server).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(config.runTimeoutSec).toBe(25);
    expect(config.logLevel).toBe('info');
  });

  it('reads lists written with [i] and as comma-separated text alike', async () => {
    const file = await dir.write(
      'lists.properties',
      [
        'jobsConfigList[0].type=dummy',
        'jobsConfigList[0].name=indexed',
        'jobsConfigList[0].config.executeUsers[0]=alice',
        'jobsConfigList[0].config.executeUsers[1]=bob',
        'jobsConfigList[0].config.argSet[0]=delaySec',
        'jobsConfigList[0].config.argSet[1]=numberOfMetrics',
        'jobsConfigList[0].config.fixedArgs[0]=metricMax=10',
        'jobsConfigList[1].type=dummy',
        'jobsConfigList[1].name=commas',
        'jobsConfigList[1].config.executeUsers=alice, bob',
        'jobsConfigList[1].config.argSet=delaySec,numberOfMetrics',
        'jobsConfigList[1].config.fixedArgs=metricMax=10',
      ].join('\n'),
    );
    const [indexed, commas] = (await loadConfig([`--config=${file}`], {})).jobs;
    expect(indexed?.executeUsers).toEqual(['alice', 'bob']);
    expect(commas?.executeUsers).toEqual(['alice', 'bob']);
    expect(Object.keys(indexed?.argSet ?? {})).toEqual(['delaySec', 'numberOfMetrics']);
    expect(commas?.argSet).toEqual(indexed?.argSet);
    expect(indexed?.fixedArgs).toEqual({ metricMax: '10' });
    expect(commas?.fixedArgs).toEqual({ metricMax: '10' });
  });

  it('reads fixedArgs written as a map, and bracketed keys with dots as one key', async () => {
    const file = await dir.write(
      'map.properties',
      'jobsConfigList[0].type=dummy\njobsConfigList[0].name=map\n' +
        'jobsConfigList[0].config.fixedArgs.region=eu\njobsConfigList[0].config.fixedArgs[app.mode]=fast\n',
    );
    const [job] = (await loadConfig(['--config', file], {})).jobs;
    expect(job?.fixedArgs).toEqual({ region: 'eu', 'app.mode': 'fast' });
  });

  it('ignores trailing spaces after a value, as Spring Boot did', async () => {
    const file = await dir.write('spaces.properties', 'inMemoryCache=true   \ncacheTTLMins = 5 \n');
    const config = await loadConfig(['--config', file], {});
    expect(config.store.location).toEqual({ dialect: 'sqlite', path: ':memory:', inMemory: true });
    expect(config.cacheTTLMins).toBe(5);
  });

  it('treats a # after a value as part of it, as the original did, and says so through the value', async () => {
    const file = await dir.write('comment.properties', 'cacheTTLMins=60   # expire after this\n');
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      'cacheTTLMins: expected a number greater than 0 (got "60   # expire after this")',
    ]);
  });

  it('refuses a list with a skipped index, naming the key and its line', async () => {
    const file = await dir.write(
      'sparse.properties',
      'jobsConfigList[0].type=dummy\njobsConfigList[0].name=a\njobsConfigList[2].type=dummy\njobsConfigList[2].name=c\n',
    );
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `jobsConfigList[2].type (${file} line 3): list index 2 skips jobsConfigList[1]; number list entries 0, 1, 2… without gaps`,
    ]);
  });

  it('refuses a key that is both a value and a group of settings', async () => {
    const file = await dir.write('clash.properties', 'server=big\nserver.port=9090\n');
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `server.port (${file} line 2): server already has the value "big", so it cannot also hold server.port`,
    ]);
  });

  it('refuses a malformed key, naming its line', async () => {
    const file = await dir.write('malformed.properties', 'cacheTTLMins=5\nserver..port=1\n');
    expect(await configProblems(() => loadConfig(['--config', file], {}))).toEqual([
      `server..port (${file} line 2): malformed key: a key name is missing before "."`,
    ]);
  });
});
