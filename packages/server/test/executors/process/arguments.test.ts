/**
 * How request arguments reach a program: each one its own argv entry in the job's argStyle,
 * never through a shell — and what must not reach it at all is refused with a 400 that names the
 * argument, before anything starts (record-and-echo.mjs records every start to prove it).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type TestScheduler } from '../../helpers/start-scheduler.js';
import { echoed, fixture, nodeJob, StartRecord, tempDir } from './process-jobs.js';

let server: TestScheduler;
let record: StartRecord;

const echoJob = (name: string, config: Record<string, unknown> = {}) =>
  nodeJob(name, fixture('record-and-echo.mjs'), [record.file], { captureOutput: true, ...config });

beforeAll(async () => {
  record = new StartRecord(path.join(await tempDir(), 'starts.log'));
  server = await startScheduler({
    config: {
      jobsConfigList: [
        echoJob('echo'),
        echoJob('permissive', { argSet: { q: { type: 'string', pattern: '.*' }, n: { type: 'number' } } }),
        echoJob('dashed', { argStyle: '--name value', argSet: { file: { type: 'string', pattern: '.*' } } }),
        echoJob('dashed-allowed', { argStyle: '--name value', argSet: { file: { type: 'string', pattern: '.*', allowLeadingDash: true } } }),
        echoJob('equals-style', { argStyle: '--name=value' }),
        echoJob('space-style', { argStyle: '--name value' }),
        echoJob('positional', { argStyle: 'positional', argOrder: ['region', 'day', 'tags'] }),
        echoJob('fixed', { fixedArgs: { mode: 'fast', verbose: '' } }),
        echoJob('cached', { cacheArg: 'table' }),
      ],
    },
  });
});
afterAll(() => server.stop());

const run = (job: string, args: Record<string, unknown>) => server.query(job, { type: 'run', args }, { user: 'tester' });

/** Sends the request, expects a 400 naming `argument`, and that the script did not start. */
async function refusedWithoutStarting(job: string, args: Record<string, unknown>, argument: string): Promise<string> {
  const before = record.count();
  const response = await run(job, args);
  expect(response.status, response.text).toBe(400);
  expect(response.json.message).toContain(`"${argument}"`);
  expect(record.count()).toBe(before);
  return response.json.message as string;
}

describe('what never reaches the program', () => {
  it('a valid request starts the script exactly once (the start record works)', async () => {
    const before = record.count();
    const response = await run('echo', { region: 'eu-west 1' });
    expect(response.status, response.text).toBe(200);
    expect(echoed(response.json).args).toEqual(['region=eu-west 1']);
    expect(record.count()).toBe(before + 1);
  });

  it.each([
    ['a semicolon', 'x; rm -rf /'],
    ['a pipe', 'x | cat /etc/passwd'],
    ['&&', 'x && reboot'],
    ['$(...)', '$(touch /tmp/pwned)'],
    ['backticks', '`id`'],
    ['a newline', 'x\nid'],
    ['a NUL', 'x\u0000y'],
    ['a redirect', 'x > /tmp/out'],
  ])('a value with %s is refused by the default pattern', async (_, value) => {
    await refusedWithoutStarting('echo', { region: value }, 'region');
  });

  it('a name with shell characters is refused', async () => {
    const before = record.count();
    const response = await run('echo', { 'a;b': 'x' });
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('a;b');
    expect(record.count()).toBe(before);
  });

  it('option injection is refused, even where the pattern allows anything', async () => {
    const message = await refusedWithoutStarting('echo', { output: '--output=/etc/passwd' }, 'output');
    expect(message).toContain('must not start with "-"');
    await refusedWithoutStarting('dashed', { file: '--output=/etc/passwd' }, 'file');
    await refusedWithoutStarting('dashed', { file: '-rf' }, 'file');
  });

  it('a leading dash passes as one literal entry when the spec sets allowLeadingDash', async () => {
    const response = await run('dashed-allowed', { file: '--output=/etc/passwd' });
    expect(response.status, response.text).toBe(200);
    expect(echoed(response.json).args).toEqual(['--file', '--output=/etc/passwd']);
  });

  it('unknown arguments, huge values and wrong types are refused', async () => {
    const unknown = await refusedWithoutStarting('permissive', { q: 'ok', nope: 1 }, 'nope');
    expect(unknown).toContain('"q"');
    await refusedWithoutStarting('echo', { region: 'x'.repeat(5000) }, 'region');
    await refusedWithoutStarting('permissive', { q: 'y'.repeat(5000) }, 'q');
    await refusedWithoutStarting('permissive', { n: 'twelve' }, 'n');
    await refusedWithoutStarting('echo', { region: { nested: true } }, 'region');
  });

  it('control characters are refused even where the pattern allows anything', async () => {
    await refusedWithoutStarting('permissive', { q: 'a\nb' }, 'q');
    await refusedWithoutStarting('permissive', { q: 'a\u0000b' }, 'q');
  });

  it('the argument that carries the result table name cannot be given', async () => {
    const before = record.count();
    const response = await run('cached', { table: 'scheduler_requests' });
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('argument "table" is set by Scheduler');
    expect(record.count()).toBe(before);
  });
});

describe('what reaches the program, literally', () => {
  it('with a permissive spec, shell syntax arrives as one literal argv entry and is not run', async () => {
    const value = 'a;b $(touch /tmp/pwned) `id` | cat && echo "hi" > out \'q\' *';
    const response = await run('permissive', { q: value });
    expect(response.status, response.text).toBe(200);
    expect(echoed(response.json).args).toEqual([`q=${value}`]);
  });

  it('name=value (the default) passes an empty value as the bare name, and numbers as text', async () => {
    const response = await run('echo', { region: 'eu', debug: '', count: 3 });
    expect(echoed(response.json).args).toEqual(['region=eu', 'debug', 'count=3']);
  });

  it('--name=value', async () => {
    const response = await run('equals-style', { region: 'eu', debug: '' });
    expect(echoed(response.json).args).toEqual(['--region=eu', '--debug']);
  });

  it('--name value', async () => {
    const response = await run('space-style', { region: 'eu west', debug: '' });
    expect(echoed(response.json).args).toEqual(['--region', 'eu west', '--debug']);
  });

  it('positional follows argOrder, keeps places for missing arguments and spreads a multi-value last', async () => {
    const response = await run('positional', { tags: ['a', 'b'], day: 'mon' });
    expect(response.status, response.text).toBe(200);
    expect(echoed(response.json).args).toEqual(['', 'mon', 'a', 'b']);
  });

  it('positional fails, naming argOrder, for an argument without a position', async () => {
    const response = await run('positional', { region: 'eu', extra: 'x' });
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('"extra" has no position');
    expect(response.json.message).toContain('argOrder');
  });

  it('a multi-value argument repeats its entry in every style', async () => {
    expect(echoed((await run('echo', { tag: ['a', 'b'] })).json).args).toEqual(['tag=a', 'tag=b']);
    expect(echoed((await run('equals-style', { tag: ['a', 'b'] })).json).args).toEqual(['--tag=a', '--tag=b']);
    expect(echoed((await run('space-style', { tag: ['a', 'b'] })).json).args).toEqual(['--tag', 'a', '--tag', 'b']);
  });

  it('fixedArgs come after the request arguments and cannot be overridden', async () => {
    const response = await run('fixed', { region: 'eu' });
    expect(echoed(response.json).args).toEqual(['region=eu', 'mode=fast', 'verbose']);
    const before = record.count();
    const overridden = await run('fixed', { mode: 'slow' });
    expect(overridden.status).toBe(400);
    expect(overridden.json.message).toContain('"mode"');
    expect(record.count()).toBe(before);
  });
});
