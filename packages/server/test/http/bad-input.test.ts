/**
 * Bad input gets a 4xx whose `message` names the field and the problem — what Grafana shows in
 * the panel — and leaves the store and the queue untouched. A failing job fails its request only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, type TestResponse, type TestScheduler } from '../helpers/start-scheduler.js';

const USER = 'clumsy';
let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({
    config: {
      bodyLimitBytes: 2000,
      maxTargetsPerQuery: 3,
      jobsConfigList: [
        { name: 'demo', type: 'dummy' },
        {
          name: 'typed',
          type: 'dummy',
          config: {
            argSet: {
              delaySec: { type: 'number', default: 0, min: 0, max: 60 },
              numberOfMetrics: { type: 'number', default: 1 },
              region: { type: 'enum', values: ['eu', 'us'] },
              note: { type: 'string', maxLength: 10 },
              verbose: { type: 'boolean' },
            },
            fixedArgs: { metricMax: 5 },
          },
        },
      ],
    },
  });
});
afterAll(() => server.stop());

/** What a user (and the server) could have left behind: the caller's requests, all requests, the queue. */
async function footprint() {
  const own = await server.get('/api/v1/requests', { user: USER });
  expect(own.status).toBe(200);
  const all = await server.scheduler.store.listRequests({ limit: 10_000 });
  const health = await server.get('/health');
  return { own: own.json.length as number, all: all.length, queue: health.json.queue as { queued: number; running: number } };
}

/** Sends a bad request and checks it is refused with `status`, changes nothing, and returns its answer. */
async function refused(status: number, send: () => Promise<TestResponse>): Promise<string> {
  // Work left by earlier tests must settle first, or its end would look like a change.
  const before = await eventually(async () => {
    const settled = await footprint();
    return settled.queue.queued === 0 && settled.queue.running === 0 ? settled : undefined;
  });
  const response = await send();
  expect(response.status, response.text).toBe(status);
  expect(typeof response.json?.message).toBe('string');
  expect(response.json.statusCode).toBe(status);
  const after = await footprint();
  expect(after).toEqual(before);
  return response.json.message as string;
}

const query = (body: unknown, headers?: Record<string, string>) => server.post('/scheduler/query', body, { user: USER, headers });
const target = (data: Record<string, unknown>, job = 'typed') => query({ targets: [{ refId: 'A', target: job, data }] });

describe('the body', () => {
  it('malformed JSON is a 400 saying the body is not valid JSON, what is wrong and where', async () => {
    const cut = await refused(400, () => query('{"targets": [{"target": "demo", '));
    expect(cut).toBe('the request body is not valid JSON: the body ends in the middle of a JSON value, at line 1, column 33 (after 32 characters): it looks truncated; the body starts with "{\\"targets\\": [{\\"target\\": \\"demo\\", "');
    const stray = await refused(400, () => query('{"targets": [\n  {"target": "demo"},\n]}'));
    expect(stray).toMatch(/^the request body is not valid JSON: Unexpected token '\]'.* at line 3, column 1, near /);
  });

  it('a body with a __proto__ or constructor.prototype key is a 400 naming the key', async () => {
    const proto = await refused(400, () => query('{"targets": [], "__proto__": {"isAdmin": true}}'));
    const constructor = await refused(400, () => query('{"targets": [{"constructor": {"prototype": {"isAdmin": true}}}]}'));
    for (const message of [proto, constructor]) expect(message).toBe('the request body holds a "__proto__" or "constructor.prototype" key, which no Scheduler request has; remove it');
  });

  it('an empty JSON body is a 400 saying so', async () => {
    const message = await refused(400, () => query(''));
    expect(message).toMatch(/empty/);
  });

  it('a body that is not an object is a 400', async () => {
    const message = await refused(400, () => query([{ target: 'demo' }]));
    expect(message).toContain('body');
    expect(message).toContain('object');
  });

  it('a body without targets is a 400 naming targets', async () => {
    const message = await refused(400, () => query({ range: {} }));
    expect(message).toContain('targets');
  });

  it('targets that are not an array is a 400 naming targets', async () => {
    const message = await refused(400, () => query({ targets: { target: 'demo' } }));
    expect(message).toContain('targets');
    expect(message).toContain('array');
  });

  it('a target that is not an object is a 400 naming it', async () => {
    const message = await refused(400, () => query({ targets: ['demo'] }));
    expect(message).toContain('targets/0');
  });

  it('data that is not an object is a 400 naming it', async () => {
    const message = await refused(400, () => query({ targets: [{ refId: 'A', target: 'demo', data: 42 }] }));
    expect(message).toContain('targets[0] (refId A).data');
    expect(message).toContain('JSON object');
  });

  it('a wrong content type is a 415 asking for JSON', async () => {
    const message = await refused(415, () => query('targets=demo', { 'content-type': 'application/x-www-form-urlencoded' }));
    expect(message).toContain('application/json');
    const text = await refused(415, () => query(JSON.stringify(RUN_DEMO), { 'content-type': 'text/plain' }));
    expect(text).toContain('Content-Type');
  });

  it('a body over bodyLimitBytes is a 413 naming the limit', async () => {
    const big = { targets: [{ refId: 'A', target: 'demo', data: { type: 'submit', args: { failWith: 'x'.repeat(3000) } } }] };
    const message = await refused(413, () => query(big));
    expect(message).toContain('2000 bytes');
    expect(message).toContain('bodyLimitBytes');
  });

  it('more targets than maxTargetsPerQuery is a 400 naming the limit', async () => {
    const targets = [1, 2, 3, 4].map((n) => ({ refId: `R${n}`, target: 'demo', data: { type: 'submit', args: { numberOfMetrics: n } } }));
    const message = await refused(400, () => query({ targets }));
    expect(message).toContain('at most 3 targets');
    expect(message).toContain('maxTargetsPerQuery');
    expect(message).toContain('got 4');
  });
});

const RUN_DEMO = { targets: [{ refId: 'A', target: 'demo', data: { type: 'run' } }] };

describe('the target', () => {
  it('an unknown job is a 404 naming it and suggesting the close name', async () => {
    const message = await refused(404, () => target({ type: 'submit' }, 'dmeo'));
    expect(message).toContain('unknown job "dmeo"');
    expect(message).toContain('did you mean "demo"');
  });

  it('an unknown job through simpod is the same 404', async () => {
    const message = await refused(404, () => query({ targets: [{ refId: 'A', target: 'tyepd', payload: { type: 'run' } }] }));
    expect(message).toContain('unknown job "tyepd"');
    expect(message).toContain('"typed"');
  });

  it('no job at all is a 400 saying to set the target', async () => {
    const message = await refused(400, () => target({ type: 'submit' }, ''));
    expect(message).toContain('no job given');
  });

  it('an unknown request type is a 400 listing the valid ones', async () => {
    const message = await refused(400, () => target({ type: 'explode' }));
    expect(message).toContain('unknown request type "explode"');
    for (const type of ['run', 'submit', 'get', 'status', 'cancel']) expect(message).toContain(type);
  });

  it('a request type that is not a string is a 400', async () => {
    const message = await refused(400, () => target({ type: 7 }));
    expect(message).toContain('unknown request type 7');
  });

  it('rerun that is not a boolean is a 400 naming it', async () => {
    const message = await refused(400, () => target({ type: 'submit', rerun: 'yes' }));
    expect(message).toContain('rerun');
  });
});

describe('the arguments', () => {
  it('args that are not an object is a 400 naming args', async () => {
    for (const args of [[1, 2], 5, true]) {
      const message = await refused(400, () => target({ type: 'submit', args }));
      expect(message).toContain('args');
      expect(message).toContain('JSON object');
    }
    const text = await refused(400, () => target({ type: 'submit', args: 'delaySec=1' }));
    expect(text).toMatch(/args is not valid JSON: Unexpected token 'd'.* at line 1, column 1, near "delaySec=1"; it starts with "delaySec=1"$/);
  });

  it('unknown argument names are a 400 naming them and listing the accepted ones', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { colour: 'red', size: 2, note: 'ok' } }));
    expect(message).toContain('job "typed" does not accept "colour", "size"');
    for (const name of ['delaySec', 'numberOfMetrics', 'region', 'note', 'verbose']) expect(message).toContain(`"${name}"`);
  });

  it('a word for a number is a 400 naming the argument', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { numberOfMetrics: 'abc' } }));
    expect(message).toBe('invalid arguments: argument "numberOfMetrics" must be a number, got "abc"');
  });

  it('a number outside its range is a 400 naming the argument and the bound', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { delaySec: 61 } }));
    expect(message).toContain('argument "delaySec" must be at most 60');
  });

  it('a bad boolean is a 400 naming the argument', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { verbose: 'maybe' } }));
    expect(message).toContain('argument "verbose" must be true or false');
  });

  it('an enum value outside its values is a 400 listing them', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { region: 'asia' } }));
    expect(message).toContain('argument "region" must be one of "eu", "us", got "asia"');
  });

  it('a string over its maxLength is a 400 naming the argument and the limit', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { note: 'x'.repeat(11) } }));
    expect(message).toContain('argument "note" must be at most 10 characters');
  });

  it('control characters in a string argument are a 400 naming the argument', async () => {
    for (const note of ['two\nlines', 'nul\u0000byte', 'tab\there', 'esc\u001b[31m']) {
      const message = await refused(400, () => target({ type: 'submit', args: { note } }));
      expect(message).toContain('argument "note" must not contain control characters');
    }
  });

  it('control characters in a free argument of a job without argSet are refused too', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { failWith: 'a\nb' } }, 'demo'));
    expect(message).toContain('argument "failWith" must not contain control characters');
  });

  it('several problems are reported together', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { numberOfMetrics: 'many', region: 'mars', extra: 1 } }));
    expect(message).toContain('"extra"');
    expect(message).toContain('"numberOfMetrics"');
    expect(message).toContain('"region"');
  });

  it('a fixed argument given by the request is a 400 saying it is fixed', async () => {
    const message = await refused(400, () => target({ type: 'submit', args: { metricMax: 99 } }));
    expect(message).toContain('"metricMax" is fixed by the configuration of job "typed"');
  });

  it('bad arguments are refused for run, get, status and cancel too', async () => {
    for (const type of ['run', 'get', 'status', 'cancel']) {
      const message = await refused(400, () => target({ type, args: { numberOfMetrics: 'abc' } }));
      expect(message, type).toContain('argument "numberOfMetrics" must be a number');
    }
  });

  it('bad arguments through simpod payload keys are refused the same way', async () => {
    const message = await refused(400, () => query({ targets: [{ refId: 'A', target: 'typed', payload: { type: 'submit', region: 'mars' } }] }));
    expect(message).toContain('argument "region" must be one of "eu", "us"');
  });
});

describe('labels and sources', () => {
  it('a label over 200 characters is a 400 naming the label and the limit', async () => {
    const message = await refused(400, () => target({ type: 'submit', label: 'L'.repeat(201) }));
    expect(message).toContain('label must be at most 200 characters');
  });

  it('a label of exactly 200 characters is accepted', async () => {
    const response = await target({ type: 'submit', label: 'L'.repeat(200), args: { numberOfMetrics: 2 } });
    expect(response.status).toBe(200);
  });

  it('a label with control characters is a 400 naming the label', async () => {
    for (const label of ['line\nbreak', 'nul\u0000', 'bell\u0007']) {
      const message = await refused(400, () => target({ type: 'submit', label }));
      expect(message).toContain('label must not contain control characters');
    }
  });

  it('a label that is not a string is a 400 naming the label', async () => {
    const message = await refused(400, () => target({ type: 'submit', label: 12 }));
    expect(message).toContain('label must be a string');
  });

  it('a source with control characters or too long is a 400 naming the source', async () => {
    const control = await refused(400, () => target({ type: 'submit', label: 'fine', source: 'dash\r\nboard' }));
    expect(control).toContain('source must not contain control characters');
    const long = await refused(400, () => target({ type: 'submit', label: 'fine', source: 's'.repeat(201) }));
    expect(long).toContain('source must be at most 200 characters');
  });

  it('a bad label is refused by get, status and cancel too', async () => {
    for (const type of ['get', 'status', 'cancel']) {
      const message = await refused(400, () => target({ type, label: 'bad\nlabel' }));
      expect(message, type).toContain('label must not contain control characters');
    }
  });
});

describe('one bad target among good ones', () => {
  it('refuses the whole query, naming the bad target, and submits nothing from the good ones', async () => {
    const message = await refused(400, () =>
      query({
        targets: [
          { refId: 'A', target: 'typed', data: { type: 'submit', args: { note: 'good-a' } } },
          { refId: 'B', target: 'typed', data: { type: 'submit', args: { note: 'bad\nnote' } } },
          { refId: 'C', target: 'demo', data: { type: 'run', args: { numberOfMetrics: 2 } } },
        ],
      }),
    );
    expect(message).toContain('B');
    expect(message).toContain('argument "note" must not contain control characters');
    // The good submit was not made: submitting it now creates it.
    const again = await server.post('/api/v1/requests', { job: 'typed', args: { note: 'good-a' } }, { user: USER });
    expect(again.status).toBe(201);
    expect(again.json.created).toBe(true);
  });

  it('an unknown job in one target runs nothing from the others', async () => {
    const message = await refused(404, () =>
      query({
        targets: [
          { refId: 'A', target: 'demo', data: { type: 'submit', args: { numberOfMetrics: 31 } } },
          { refId: 'B', target: 'dmeo', data: { type: 'run' } },
        ],
      }),
    );
    expect(message).toContain('unknown job "dmeo"');
  });

  it('a bad label in one target submits nothing from the others', async () => {
    await refused(400, () =>
      query({
        targets: [
          { refId: 'A', target: 'demo', data: { type: 'submit', args: { numberOfMetrics: 32 } } },
          { refId: 'B', target: 'demo', data: { type: 'submit', label: 'x'.repeat(300) } },
        ],
      }),
    );
  });

  it('a structurally bad target (unknown type) runs nothing from the others', async () => {
    const message = await refused(400, () =>
      query({
        targets: [
          { refId: 'A', target: 'demo', data: { type: 'submit', args: { numberOfMetrics: 33 } } },
          { refId: 'B', target: 'demo', data: { type: 'destroy' } },
        ],
      }),
    );
    expect(message).toContain('refId B');
  });
});

describe('the native API', () => {
  const create = (body: unknown) => server.post('/api/v1/requests', body, { user: USER });

  it('malformed JSON is a 400 saying so, and where', async () => {
    const message = await refused(400, () => create('{"job": "demo", '));
    expect(message).toContain('the request body is not valid JSON: the body ends in the middle of a JSON value, at line 1, column 17');
  });

  it('args that are not an object is a 400 naming args', async () => {
    const message = await refused(400, () => create({ job: 'typed', args: 'delaySec=1' }));
    expect(message).toContain('args');
    expect(message).toContain('object');
  });

  it('argument problems are the same 400s as through Grafana', async () => {
    const unknown = await refused(400, () => create({ job: 'typed', args: { colour: 'red' } }));
    expect(unknown).toContain('job "typed" does not accept "colour"');
    const fixed = await refused(400, () => create({ job: 'typed', args: { metricMax: 1 } }));
    expect(fixed).toContain('"metricMax" is fixed');
    const control = await refused(400, () => create({ job: 'typed', args: { note: 'a\u0000b' } }));
    expect(control).toContain('argument "note" must not contain control characters');
  });

  it('an unknown job is a 404 suggesting the close name', async () => {
    const message = await refused(404, () => create({ job: 'dmeo' }));
    expect(message).toContain('did you mean "demo"');
  });

  it('a bad label is a 400 naming the label', async () => {
    const message = await refused(400, () => create({ job: 'demo', label: 'tab\there' }));
    expect(message).toContain('label must not contain control characters');
  });

  it('a body over bodyLimitBytes is a 413', async () => {
    const message = await refused(413, () => create({ job: 'demo', args: { failWith: 'y'.repeat(2500) } }));
    expect(message).toContain('bodyLimitBytes');
  });
});

describe('the user header', () => {
  it('an X-Grafana-User longer than 256 characters is a 400 naming the header', async () => {
    const response = await server.post('/scheduler/query', RUN_DEMO, { user: 'u'.repeat(257) });
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('X-Grafana-User');
    expect(response.json.message).toContain('256');
  });
});

describe('a job that fails', () => {
  it('fails its own request with its message, and the server keeps serving', async () => {
    const failedRun = await target({ type: 'run', args: { failWith: 'division by zero' } }, 'demo');
    expect(failedRun.status).toBe(422);
    expect(failedRun.json.message).toBe('job "demo" failed: division by zero');

    const next = await target({ type: 'run', args: { numberOfMetrics: 2 } }, 'demo');
    expect(next.status).toBe(200);
    expect(next.json[0].columns).toHaveLength(3);

    const submitted = await server.post('/api/v1/requests', { job: 'demo', args: { failWith: 'out of memory' } }, { user: 'crasher' });
    expect(submitted.status).toBe(201);
    const failed = await eventually(async () => {
      const current = await server.get(`/api/v1/requests/${submitted.json.request.id}`, { user: 'crasher' });
      return current.json.state === 'failed' ? current.json : undefined;
    });
    expect(failed.error).toContain('out of memory');

    const health = await server.get('/health');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    const afterwards = await target({ type: 'run' }, 'demo');
    expect(afterwards.status).toBe(200);
  });

  it('a failed request in a multi-target query fails the query with its message, naming the target', async () => {
    const response = await query({
      targets: [
        { refId: 'A', target: 'demo', data: { type: 'run', args: { numberOfMetrics: 1 } } },
        { refId: 'B', target: 'demo', data: { type: 'run', args: { failWith: 'broken pipe' } } },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe('B: job "demo" failed: broken pipe');
  });
});
