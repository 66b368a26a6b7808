/**
 * simpod's JSON datasource protocol, as its query builder uses it: /metrics describes each job's
 * inputs, /metric-payload-options fills the selects, /query sends `targets[].payload`, /variable
 * fills dashboard variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../helpers/start-scheduler.js';

interface Payload {
  name: string;
  label?: string;
  type: string;
  options?: Array<{ label: string; value: string }>;
}
interface Metric {
  label: string;
  value: string;
  payloads: Payload[];
}

let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({
    config: {
      jobsConfigList: [
        { name: 'demo', type: 'dummy' },
        {
          name: 'regional',
          type: 'dummy',
          config: {
            argSet: {
              region: { type: 'enum', values: ['eu', 'us'], multiple: true },
              tier: { type: 'enum', values: ['gold', 'silver'] },
              delaySec: { type: 'number', default: 0 },
              numberOfMetrics: { type: 'number', default: 1 },
              note: { type: 'string', maxLength: 20 },
            },
          },
        },
        { name: 'viewonly', type: 'dummy', config: { executeUsers: ['boss'], readUsers: ['viewer'] } },
        { name: 'secret', type: 'dummy', config: { executeUsers: ['boss'], readUsers: [] } },
      ],
    },
  });
});
afterAll(() => server.stop());

/** One simpod target in a /scheduler/query body. */
function simpodQuery(target: string, payload: unknown, user?: string) {
  return server.post('/scheduler/query', { targets: [{ refId: 'A', target, payload }] }, user === undefined ? {} : { user });
}

const ALL_TYPES = ['run', 'submit', 'get', 'status', 'cancel'];

describe('GET /scheduler', () => {
  it("answers simpod's Test connection with 200", async () => {
    const response = await server.get('/scheduler');
    expect(response.status).toBe(200);
  });
});

describe('POST /scheduler/metrics', () => {
  it('lists each job the caller may read, and no other', async () => {
    const anonymous = await server.post('/scheduler/metrics', {});
    expect(anonymous.status).toBe(200);
    const names = (anonymous.json as Metric[]).map((metric) => metric.value);
    expect(names).toEqual(expect.arrayContaining(['demo', 'regional', 'requests']));
    expect(names).not.toContain('viewonly');
    expect(names).not.toContain('secret');

    const viewer = (await server.post('/scheduler/metrics', {}, { user: 'viewer' })).json as Metric[];
    expect(viewer.map((metric) => metric.value)).toContain('viewonly');
    expect(viewer.map((metric) => metric.value)).not.toContain('secret');

    const boss = (await server.post('/scheduler/metrics', { metric: 'secret', payload: {} }, { user: 'boss' })).json as Metric[];
    expect(boss.map((metric) => metric.value)).toEqual(expect.arrayContaining(['secret', 'viewonly']));
  });

  it('advertises type, label and one input per declared argument', async () => {
    const metrics = (await server.post('/scheduler/metrics', {})).json as Metric[];
    const regional = metrics.find((metric) => metric.value === 'regional');
    expect(regional).toBeDefined();
    expect(regional!.label).toContain('regional');
    const byName = new Map(regional!.payloads.map((payload) => [payload.name, payload]));
    expect([...byName.keys()]).toEqual(['type', 'label', 'region', 'tier', 'delaySec', 'numberOfMetrics', 'note']);

    const type = byName.get('type')!;
    expect(type.type).toBe('select');
    expect(type.options!.map((option) => option.value)).toEqual(ALL_TYPES);

    expect(byName.get('label')!.type).toBe('input');

    const region = byName.get('region')!;
    expect(region.type).toBe('multi-select');
    expect(region.options).toEqual([
      { label: 'eu', value: 'eu' },
      { label: 'us', value: 'us' },
    ]);

    const tier = byName.get('tier')!;
    expect(tier.type).toBe('select');
    expect(tier.options!.map((option) => option.value)).toEqual(['gold', 'silver']);

    expect(byName.get('delaySec')!.type).toBe('input');
    expect(byName.get('note')!.type).toBe('input');
  });

  it("describes the dummy's own arguments when the job declares no argSet", async () => {
    const metrics = (await server.post('/scheduler/metrics', {})).json as Metric[];
    const demo = metrics.find((metric) => metric.value === 'demo')!;
    const names = demo.payloads.map((payload) => payload.name);
    expect(names.slice(0, 2)).toEqual(['type', 'label']);
    expect(names).toEqual(expect.arrayContaining(['delaySec', 'numberOfMetrics', 'metricMax', 'startTime', 'endTime', 'failWith']));
  });
});

describe('POST /scheduler/metric-payload-options and /options', () => {
  for (const route of ['/scheduler/metric-payload-options', '/scheduler/options']) {
    it(`${route} gives the request types and an enum argument's values`, async () => {
      const types = await server.post(route, { metric: 'regional', name: 'type', payload: {} });
      expect(types.status).toBe(200);
      expect(types.json).toEqual(ALL_TYPES.map((value) => ({ label: value, value })));

      const region = await server.post(route, { metric: 'regional', name: 'region', payload: { type: 'run' } });
      expect(region.status).toBe(200);
      expect(region.json).toEqual([
        { label: 'eu', value: 'eu' },
        { label: 'us', value: 'us' },
      ]);

      const tier = await server.post(route, { metric: 'regional', name: 'tier', payload: {} });
      expect(tier.json.map((option: { value: string }) => option.value)).toEqual(['gold', 'silver']);
    });
  }

  it('offers only get and status to a user who may read but not execute', async () => {
    const response = await server.post('/scheduler/metric-payload-options', { metric: 'viewonly', name: 'type', payload: {} }, { user: 'viewer' });
    expect(response.status).toBe(200);
    expect(response.json.map((option: { value: string }) => option.value)).toEqual(['get', 'status']);
  });

  it('offers nothing for a job the caller may not read', async () => {
    const response = await server.post('/scheduler/metric-payload-options', { metric: 'secret', name: 'type', payload: {} }, { user: 'nobody' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual([]);
  });

  it('an unknown metric is a 404 naming it', async () => {
    const response = await server.post('/scheduler/metric-payload-options', { metric: 'regionl', name: 'type', payload: {} });
    expect(response.status).toBe(404);
    expect(response.json.message).toContain('unknown job "regionl"');
    expect(response.json.message).toContain('"regional"');
  });
});

describe('POST /scheduler/query with targets[].payload', () => {
  it('runs a job with its arguments given inline as payload keys', async () => {
    const response = await simpodQuery('regional', { type: 'run', region: ['eu', 'us'], tier: 'gold', numberOfMetrics: 2 });
    expect(response.status).toBe(200);
    const [table] = response.json;
    expect(table.type).toBe('table');
    expect(table.refId).toBe('A');
    expect(table.columns.map((column: { text: string }) => column.text)).toEqual(['time', 'metric0', 'metric1']);
    expect(table.rows).toHaveLength(20);
  });

  it('runs a job with its arguments under args', async () => {
    const response = await simpodQuery('regional', { type: 'run', args: { numberOfMetrics: 3, tier: 'silver' } });
    expect(response.status).toBe(200);
    expect(response.json[0].columns).toHaveLength(4);
  });

  it('runs when no type is given, as the query builder does before one is picked', async () => {
    const response = await simpodQuery('demo', { numberOfMetrics: 2 });
    expect(response.status).toBe(200);
    expect(response.json[0].columns).toHaveLength(3);
  });

  it('ignores empty inputs the query builder sends for arguments left blank', async () => {
    const response = await simpodQuery('regional', { type: 'run', label: '', tier: '', note: '', numberOfMetrics: 2 });
    expect(response.status).toBe(200);
    expect(response.json[0].columns).toHaveLength(3);
  });

  it('accepts a multi-value variable for a multiple argument and shows it in the status Arguments column', async () => {
    const submitted = await simpodQuery('regional', { type: 'submit', region: ['eu', 'us'], tier: 'silver', note: 'multi' }, 'mia');
    expect(submitted.status).toBe(200);
    const [row] = statusRows(submitted.json);
    expect(row!.Job).toBe('regional');
    expect(row!.User).toBe('mia');
    const shown = JSON.parse(row!.Arguments as string);
    expect(shown.region).toEqual(['eu', 'us']);
    expect(shown.tier).toBe('silver');
    expect(shown.note).toBe('multi');

    const status = await simpodQuery('regional', { type: 'status', region: ['eu', 'us'], tier: 'silver', note: 'multi' }, 'mia');
    expect(status.status).toBe(200);
    expect(statusRows(status.json)[0]!['Request ID']).toBe(row!['Request ID']);
  });

  it('a single value for a multiple argument is kept as a one-value list', async () => {
    const submitted = await simpodQuery('regional', { type: 'submit', region: 'eu', note: 'single' });
    expect(submitted.status).toBe(200);
    expect(JSON.parse(statusRows(submitted.json)[0]!.Arguments as string).region).toEqual(['eu']);
  });

  it('several values for an argument that takes one is a 400 naming it, and nothing is submitted', async () => {
    const response = await simpodQuery('regional', { type: 'submit', tier: ['gold', 'silver'], note: 'two-tiers' }, 'nils');
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('"tier"');
    expect(response.json.message).toContain('takes one value');
    const listed = await server.get('/api/v1/requests', { user: 'nils' });
    expect(listed.json).toEqual([]);
  });

  it('parses a payload given as JSON text (the raw editor)', async () => {
    const response = await simpodQuery('regional', JSON.stringify({ type: 'run', numberOfMetrics: 2, region: ['us'] }));
    expect(response.status).toBe(200);
    expect(response.json[0].columns).toHaveLength(3);
  });

  it('a payload that is not valid JSON text is a 400 saying so', async () => {
    const response = await simpodQuery('regional', '{"type": "run", ');
    expect(response.status).toBe(400);
    expect(response.json.message).toBe('targets[0] (refId A).payload is not valid JSON: it ends in the middle of a JSON value, at line 1, column 17 (after 16 characters): it looks truncated; it starts with "{\\"type\\": \\"run\\", "');
  });

  it('submit, get and status work through the payload with a label', async () => {
    const submitted = await simpodQuery('regional', { type: 'submit', label: 'weekly', source: 'ops', numberOfMetrics: 2 }, 'olga');
    expect(submitted.status).toBe(200);
    expect(statusRows(submitted.json)[0]!.Label).toBe('weekly');
    const table = await eventually(async () => {
      const got = await simpodQuery('regional', { type: 'get', label: 'weekly', source: 'ops' }, 'olga');
      return got.status === 200 && got.json[0].columns[0].text === 'time' ? got.json[0] : undefined;
    });
    expect(table.columns).toHaveLength(3);
    const status = await simpodQuery('regional', { type: 'status', label: 'weekly', source: 'ops' }, 'olga');
    expect(statusRows(status.json)[0]!.Status).toBe('COMPLETE');
  });
});

describe('POST /scheduler/variable', () => {
  it('returns the job names as {__text, __value}', async () => {
    const response = await server.post('/scheduler/variable', { payload: { target: '' }, range: {} });
    expect(response.status).toBe(200);
    expect(response.json).toEqual(expect.arrayContaining([
      { __text: 'demo', __value: 'demo' },
      { __text: 'regional', __value: 'regional' },
    ]));
    expect(response.json.map((entry: { __value: string }) => entry.__value)).not.toContain('secret');
  });

  it("returns the caller's labels for requests.labels?source=S", async () => {
    await simpodQuery('demo', { type: 'submit', label: 'nightly', source: 'board' }, 'pia');
    await simpodQuery('demo', { type: 'submit', label: 'other-source', source: 'elsewhere' }, 'pia');
    await simpodQuery('demo', { type: 'submit', label: 'not-mine', source: 'board' }, 'quinn');

    const response = await server.post('/scheduler/variable', { payload: { target: 'requests.labels?source=board' } }, { user: 'pia' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual([
      { __text: '*', __value: '*' },
      { __text: 'nightly', __value: 'nightly' },
    ]);

    const asText = await server.post('/scheduler/variable', { payload: 'requests.labels?source=board&tempLabel=draft' }, { user: 'pia' });
    expect(asText.json.map((entry: { __value: string }) => entry.__value)).toEqual(['*', 'nightly', 'draft']);
  });
});

describe('ad hoc filters', () => {
  it('/tag-keys and /tag-values return empty lists', async () => {
    const keys = await server.post('/scheduler/tag-keys', {});
    expect(keys.status).toBe(200);
    expect(keys.json).toEqual([]);
    const values = await server.post('/scheduler/tag-values', { key: 'City' });
    expect(values.status).toBe(200);
    expect(values.json).toEqual([]);
  });
});
