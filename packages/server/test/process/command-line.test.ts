/**
 * The `scheduler` command as an operator meets it: a bad configuration, or a store it cannot open,
 * stops it with exit code 2 and one line per problem; --help explains the flags.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduler } from '../helpers/scheduler-process.js';
import { createTestDatabase } from '../helpers/test-databases.js';

const PASSWORD = 'Sekret-Pa55word';

let dir: string;
const servers = { mysql: await createTestDatabase('mysql'), postgres: await createTestDatabase('postgres') };
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await Promise.all(Object.values(servers).map((server) => server?.drop()));
});

describe('scheduler command', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await runScheduler(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--config');
  });

  it('refuses a bad configuration with exit code 2 and one line per problem', async () => {
    const file = path.join(dir, 'bad.properties');
    await writeFile(
      file,
      ['cacheTTLMins=soon', 'jobsConfigList[0].name=etl', 'jobsConfigList[0].type=proces', 'jobsConfigList[1].name=etl', 'jobsConfigList[1].type=dummy'].join('\n'),
    );
    const { code, stderr } = await runScheduler([`--spring.config.location=file://${file}`]);
    expect(code).toBe(2);
    expect(stderr).toContain('cacheTTLMins');
    expect(stderr).toContain('"soon"');
    expect(stderr).toContain('jobsConfigList[0].type');
    expect(stderr).toMatch(/dummy/);
    expect(stderr).toMatch(/jobsConfigList\[1\]\.name/);
  });

  it('refuses a store path it cannot use, naming the key', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const { code, stderr } = await runScheduler([`--cacheSqliteConfig.path=${path.join(blocker, 'data')}`]);
    expect(code).toBe(2);
    expect(stderr).toContain('cacheSqliteConfig.path');
  });

  it.skipIf(!servers.mysql)('refuses a MySQL store that rejects the login with exit code 2, naming the keys and never the password', async () => {
    const { host, pathname } = new URL(servers.mysql!.url);
    const { code, stderr } = await runScheduler([
      `--cacheJdbcConfig.url=jdbc:mysql://${host}${pathname}?characterEncoding=latin1`,
      '--cacheJdbcConfig.user=scheduler_nobody',
      `--cacheJdbcConfig.password=${PASSWORD}`,
      '--cacheJdbcConfig.driver=com.mysql.cj.jdbc.Driver',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Scheduler did not start: cacheJdbcConfig\.url: cannot connect to the result store at mysql:\/\/scheduler_nobody@/);
    expect(stderr).toContain('cacheJdbcConfig.user / cacheJdbcConfig.password');
    expect(stderr).not.toContain(PASSWORD);
  });

  it.skipIf(!servers.postgres)('refuses a PostgreSQL store whose database does not exist, or where nothing listens, with exit code 2', async () => {
    const missing = new URL(servers.postgres!.url);
    missing.pathname = '/scheduler_no_such_database';
    missing.password = PASSWORD;
    const noDatabase = await runScheduler([`--store.url=${missing}`]);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain('store.url: cannot connect to the result store at postgres://');
    expect(noDatabase.stderr).toContain('the database "scheduler_no_such_database" does not exist');
    expect(noDatabase.stderr).not.toContain(PASSWORD);

    const wrongPort = new URL(servers.postgres!.url);
    wrongPort.port = '1';
    const nothingThere = await runScheduler([`--store.url=${wrongPort}`]);
    expect(nothingThere.code).toBe(2);
    expect(nothingThere.stderr).toContain('nothing accepts connections at 127.0.0.1:1');
  });
});
