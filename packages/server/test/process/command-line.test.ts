/**
 * The `scheduler` command as an operator meets it: a bad configuration stops it with exit code 2
 * and one line per problem; --help explains the flags.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduler } from '../helpers/scheduler-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scheduler-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

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

  it('refuses the original MySQL cache settings until that store exists, rather than silently using SQLite', async () => {
    const { code, stderr } = await runScheduler(['--cacheJdbcConfig.url=jdbc:mysql://localhost:3306/db', `--cacheSqliteConfig.path=${dir}`]);
    expect(code).toBe(2);
    expect(stderr).toContain('cacheJdbcConfig.url');
  });
});

describe('a port already taken', () => {
  it('stops with exit code 2 saying which setting to change', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await runScheduler([`--server.port=${port}`, '--server.host=127.0.0.1', '--inMemoryCache']);
      expect(code).toBe(2);
      expect(stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(stderr).toContain('--server.port');
    } finally {
      blocker.close();
    }
  });
});
