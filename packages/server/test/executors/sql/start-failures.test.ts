/**
 * A SQL job whose database cannot be used stops the start — wrong credentials, an unknown host,
 * a database that does not exist, a URL of a kind Scheduler does not read, a driver that does not
 * fit it — with a message naming the key (`jobsConfigList[N].config.url`) and never showing the
 * password. The command exits with code 2, as for every configuration problem.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduler } from '../../helpers/scheduler-process.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-databases.js';
import { refusedStart, withUrlParts } from './sql-fixture.js';

const PASSWORD = 'Secr3t-pa55-7f3a';

/** A working first job, so the failing one is jobsConfigList[1]. */
const demo = { name: 'demo', type: 'dummy' };
const sqlJob = (config: Record<string, unknown>) => ({ name: 'sales', type: 'sql', config: { statement: 'SELECT 1 AS one', connectTimeoutSec: 3, ...config } });

function expectRefusal(message: string, key = 'jobsConfigList[1].config.url'): void {
  expect(message.startsWith(`${key}: `), message).toBe(true);
  expect(message).not.toContain(PASSWORD);
}

for (const dialect of ['mysql', 'postgres'] as const) {
  describe(`${dialect}: a database that cannot be used stops the start`, () => {
    let db: TestDatabase | null = null;
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
    });
    afterAll(() => db?.drop());
    const url = (context: { skip: (note: string) => never }) => db?.url ?? context.skip(`${dialect} is not available`);

    it('wrong credentials (in the URL)', async (context) => {
      const message = await refusedStart([demo, sqlJob({ url: withUrlParts(url(context), { user: 'scheduler_nobody', password: PASSWORD }) })]);
      expectRefusal(message);
      expect(message).toContain(`cannot connect to ${dialect}://scheduler_nobody@127.0.0.1:`);
      expect(message).toMatch(dialect === 'mysql' ? /Access denied for user 'scheduler_nobody'.*check user and password/ : /role "scheduler_nobody" does not exist/);
    });

    it('wrong credentials (in the user and password keys, as the original)', async (context) => {
      const message = await refusedStart([demo, sqlJob({ url: `jdbc:${url(context).replace(/^postgres:/, 'postgresql:').replace(/\/\/[^@]*@/, '//')}`, user: 'scheduler_nobody', password: PASSWORD })]);
      expectRefusal(message);
      expect(message).toContain('scheduler_nobody');
    });

    it('an unknown host', async (context) => {
      const message = await refusedStart([demo, sqlJob({ url: withUrlParts(url(context), { host: 'no-such-host.invalid', password: PASSWORD }) })]);
      expectRefusal(message);
      expect(message).toMatch(/no-such-host\.invalid.*(ENOTFOUND|EAI_AGAIN)/);
    });

    it('a database that does not exist', async (context) => {
      const message = await refusedStart([demo, sqlJob({ url: withUrlParts(url(context), { database: 'scheduler_no_such_db', password: dialect === 'postgres' ? PASSWORD : undefined }) })]);
      expectRefusal(message);
      expect(message).toContain('scheduler_no_such_db');
      expect(message).toContain('check the database name in the URL');
    });
  });
}

describe('URLs and settings that cannot work', () => {
  it('a JDBC URL of an unsupported kind names the key and the kinds Scheduler reads', async () => {
    const message = await refusedStart([demo, sqlJob({ url: `jdbc:oracle:thin:scott/${PASSWORD}@db:1521:orcl` })]);
    expectRefusal(message);
    expect(message).toContain('unsupported kind of database URL "oracle:"; use one of jdbc:mysql://');
  });

  it('a driver class that does not fit the URL names the driver key', async () => {
    const message = await refusedStart([demo, sqlJob({ url: 'jdbc:mysql://127.0.0.1:3306/db', driver: 'org.postgresql.Driver' })]);
    expectRefusal(message, 'jobsConfigList[1].config.driver');
    expect(message).toContain('driver org.postgresql.Driver is for postgres, but the URL is mysql');
  });

  it('a SQLite file that does not exist', async () => {
    const message = await refusedStart([demo, sqlJob({ url: 'sqlite:/nonexistent/folder/sales.db' })]);
    expectRefusal(message);
    expect(message).toContain('cannot connect to sqlite:/nonexistent/folder/sales.db');
  });

  it('a statement with positional placeholders or two statements names the statement key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scheduler-sql-'));
    try {
      const file = path.join(dir, 'sales.db');
      const { default: Database } = await import('better-sqlite3');
      new Database(file).close();
      const positional = await refusedStart([demo, sqlJob({ url: `sqlite:${file}`, statement: 'SELECT ? AS one' })]);
      expect(positional).toContain('jobsConfigList[1].config.statement: uses positional placeholders (?); name each parameter instead');
      const two = await refusedStart([demo, sqlJob({ url: `sqlite:${file}`, statement: 'SELECT 1; SELECT 2' })]);
      expect(two).toContain('jobsConfigList[1].config.statement: holds more than one statement');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the scheduler command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scheduler-sql-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("exits 2 naming the key, without the password, for the original's jdbc properties", async () => {
    const file = path.join(dir, 'app.properties');
    await writeFile(
      file,
      [
        'inMemoryCache=true',
        'jobsConfigList[0].type=jdbc',
        'jobsConfigList[0].name=sales',
        'jobsConfigList[0].config.url=jdbc:mysql://127.0.0.1:3306/scheduler_no_such_db',
        'jobsConfigList[0].config.user=scheduler_nobody',
        'jobsConfigList[0].config.password=${SALES_DB_PASSWORD}',
        'jobsConfigList[0].config.connectTimeoutSec=3',
        'jobsConfigList[0].config.statement=SELECT region, sum(amount) AS total FROM sales WHERE region = :region GROUP BY region',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await runScheduler([`--spring.config.location=file://${file}`, '--server.port=0'], { SALES_DB_PASSWORD: PASSWORD });
    expect(code, stderr).toBe(2);
    expect(stderr).toContain('Scheduler did not start: jobsConfigList[0].config.url: cannot connect to mysql://scheduler_nobody@127.0.0.1:3306/scheduler_no_such_db');
    expect(stderr + stdout).not.toContain(PASSWORD);
  });
});
