/**
 * A `rest` job's configuration is checked at start: a bad uri or setting stops the start with a
 * problem line naming the key, and a bad header is reported without showing its value.
 */
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../../src/config/load-config.js';
import { startScheduler } from '../../helpers/start-scheduler.js';
import { configProblems } from '../../config/config-problems.js';

const restJob = (config: Record<string, unknown>) => ({ jobsConfigList: [{ name: 'api', type: 'rest', config }] });
const problemsOf = (config: Record<string, unknown>) => configProblems(() => buildConfig(restJob(config)));

describe('rest job configuration', () => {
  it('requires an absolute http or https uri', async () => {
    expect(await problemsOf({})).toEqual(['jobsConfigList[0].config.uri: required: an absolute http:// or https:// URL (missing)']);
    expect(await problemsOf({ uri: '/api/items' })).toEqual([
      'jobsConfigList[0].config.uri: expected an absolute http:// or https:// URL, such as https://api.example.com/v1/items (got "/api/items")',
    ]);
    expect(await problemsOf({ uri: 'ftp://files.example.com/x' })).toEqual(['jobsConfigList[0].config.uri: expected an http:// or https:// URL, not ftp: (got "ftp://files.example.com/x")']);
  });

  it('refuses placeholders outside the path, bad placeholder names and credentials in the uri', async () => {
    expect((await problemsOf({ uri: 'https://{tenant}.example.com/x' }))[0]).toContain('placeholders are only allowed in the path');
    expect((await problemsOf({ uri: 'https://example.com/x?q={q}' }))[0]).toContain('placeholders are only allowed in the path');
    expect((await problemsOf({ uri: 'https://example.com/x/{bad name}' }))[0]).toContain('the placeholder {bad name} is not an argument name');
    expect((await problemsOf({ uri: 'https://user:pw@example.com/x' }))[0]).toContain('credentials in the URL (user:password@) are not supported');
  });

  it('reads settings given as text, as properties files give them', () => {
    const config = buildConfig(
      restJob({ uri: 'https://example.com/x', method: 'post', requestTimeoutSec: '2.5', maxResponseBytes: '1000', maxRedirects: '0', json: 'true', allowRedirectHosts: 'A.example.com, b.example.com:8443' }),
    );
    expect(config.jobs[0]!.executorConfig).toMatchObject({
      method: 'POST',
      requestTimeoutSec: 2.5,
      maxResponseBytes: 1000,
      maxRedirects: 0,
      json: true,
      allowRedirectHosts: ['a.example.com', 'b.example.com:8443'],
      headers: {},
    });
  });

  it('names bad settings and suggests close key names', async () => {
    const problems = await problemsOf({
      uri: 'https://example.com/x',
      method: 'DELETE',
      requestTimeoutSecs: 5,
      maxResponseBytes: 0,
      rootSelector: 'data.items',
      columns: [{ name: 'x', type: 'date' }],
    });
    expect(problems).toEqual([
      'jobsConfigList[0].config.method: expected one of GET, POST (got "DELETE")',
      'jobsConfigList[0].config.maxResponseBytes: expected a whole number of at least 1 (got 0)',
      'jobsConfigList[0].config.rootSelector: expected a JSONPath starting with $, such as $.data.items (got "data.items")',
      'jobsConfigList[0].config.columns[0].type: expected one of time, number, string, boolean (got "date")',
      'jobsConfigList[0].config.requestTimeoutSecs: unknown key; did you mean timeoutSec or requestTimeoutSec? (got 5)',
    ]);
  });

  it('refuses a header that HTTP cannot carry without showing its value', async () => {
    const secret = 'Bearer abc\r\nX-Injected: 1';
    const problems = await configProblems(() => startScheduler({ config: restJob({ uri: 'https://example.com/x', headers: { 'X-Custom': secret, 'Bad Name': 'v' } }) }));
    expect(problems).toEqual([
      'jobsConfigList[0].config.headers.X-Custom: the value contains a line break, NUL or a character beyond Latin-1, which HTTP headers cannot carry (value not shown: header values may be secrets)',
      "jobsConfigList[0].config.headers.Bad Name: not a valid header name (letters, digits and !#$%&'*+.^_`|~- only)",
    ]);
    expect(problems.join('\n')).not.toContain('abc');
  });
});
