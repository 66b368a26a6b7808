/**
 * A SQL job whose URL asks for TLS is never run in clear text: against this machine's servers,
 * which do not offer TLS, the start is refused naming `jobsConfigList[N].config.url` and the
 * option that asked — never the password. TLS turned off keeps working; a bad TLS value is a
 * configuration problem naming the option and the values it accepts.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseDialect } from '../../../src/database/database-url.js';
import { refusedStart, runJob, tableRows, useSqlFixture } from './sql-fixture.js';

const PASSWORD = 'Tls-pa55-41c7';
const demo = { name: 'demo', type: 'dummy' };
const sqlJob = (name: string, url: string) => ({ name, type: 'sql', config: { statement: 'SELECT 1 AS one', connectTimeoutSec: 3, url } });

/** The URL with options added and a password that must not show up anywhere. */
function withOptions(url: string, options: string, password?: string): string {
  const parsed = new URL(url);
  if (password) parsed.password = password;
  return `${parsed.toString()}${parsed.search ? '&' : '?'}${options}`;
}

const CLEAR_TEXT: Record<'mysql' | 'postgres', string[]> = {
  mysql: ['useSSL=false', 'sslMode=DISABLED', 'characterEncoding=utf8'],
  postgres: ['sslmode=disable', 'ssl=false', 'application_name=x'],
};

for (const dialect of ['mysql', 'postgres'] as const) {
  describe(`${dialect}: TLS options of a SQL job's URL`, () => {
    const fixture = useSqlFixture(dialect, {
      jobs: (url: string, _dialect: DatabaseDialect) => CLEAR_TEXT[dialect].map((options, index) => sqlJob(`clear${index}`, withOptions(url, options))),
    });

    it('TLS turned off, or not mentioned, runs the job', async (context) => {
      const { server } = fixture(context);
      for (const index of CLEAR_TEXT[dialect].keys()) {
        const response = await runJob(server, `clear${index}`);
        expect(response.status, response.text).toBe(200);
        expect(tableRows(response)).toEqual([{ one: 1 }]);
      }
    });

    it.for(dialect === 'mysql' ? ['sslMode=REQUIRED', 'useSSL=true', 'requireSSL=true&verifyServerCertificate=false'] : ['sslmode=require', 'sslmode=verify-full', 'ssl=true'])(
      '%s is refused at start: the server does not offer TLS',
      async (options, context) => {
        const { db } = fixture(context);
        // MariaDB's root has no password here, so only PostgreSQL (trust) can carry one that must stay hidden.
        const message = await refusedStart([demo, sqlJob('sales', withOptions(db.url, options, dialect === 'postgres' ? PASSWORD : undefined))]);
        expect(message.startsWith('jobsConfigList[1].config.url: cannot connect to '), message).toBe(true);
        expect(message).toContain(`the server does not offer TLS, but ${options.split('&')[0]} in the URL asks for it`);
        expect(message).not.toContain(PASSWORD);
      },
    );
  });
}

describe('TLS values that cannot be read', () => {
  it('an unknown sslMode names the key, the option and the accepted values, without the password', async () => {
    const message = await refusedStart([demo, sqlJob('sales', `jdbc:mysql://scheduler:${PASSWORD}@127.0.0.1:3306/sales?sslMode=MANDATORY`)]);
    expect(message).toContain('jobsConfigList[1].config.url: sslMode="MANDATORY" is not a TLS mode; accepted: disable, allow, prefer, require, verify-ca, verify-full');
    expect(message).not.toContain(PASSWORD);
  });

  it('contradicting options name both', async () => {
    const message = await refusedStart([demo, sqlJob('sales', 'jdbc:postgresql://127.0.0.1:5432/sales?sslmode=disable&ssl=true')]);
    expect(message).toContain('jobsConfigList[1].config.url: sslmode=disable and ssl=true contradict each other; keep one');
  });

  it('a CA file that cannot be read is named, relative to the configuration', async () => {
    const message = await refusedStart([demo, sqlJob('sales', 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=verify-ca&sslrootcert=no-such-ca.pem')]);
    expect(message).toMatch(/^jobsConfigList\[1\]\.config\.url: sslrootcert: cannot read the CA file \/.*no-such-ca\.pem \(ENOENT\)/);
  });
});
