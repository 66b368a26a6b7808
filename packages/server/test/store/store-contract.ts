/**
 * What every store must do, whatever database is behind it. Each dialect's test file calls
 * `describeStoreContract` with a factory for a fresh, migrated store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Column, Request, Row } from '../../src/domain.js';
import type { Store } from '../../src/store/store.js';

export type StoreFactory = () => Promise<Store>;

let nextId = 0;
export function aRequest(overrides: Partial<Request> = {}): Request {
  nextId++;
  return {
    id: `req-${Date.now()}-${nextId}`,
    kind: 'submit',
    job: 'demo',
    args: { n: nextId },
    label: null,
    source: '*',
    user: 'ana',
    state: 'queued',
    progress: null,
    progressMessage: null,
    error: null,
    rowCount: null,
    resultTable: null,
    resultColumns: null,
    submittedAt: Date.now() + nextId,
    startedAt: null,
    finishedAt: null,
    expiresAt: null,
    log: null,
    ...overrides,
  };
}

async function collect(rows: AsyncIterable<Row>): Promise<Row[]> {
  const all: Row[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

export function describeStoreContract(dialect: string, createStore: StoreFactory): void {
  describe(`${dialect} store`, () => {
    let store: Store;
    afterEach(async () => {
      await store?.close();
    });

    it('round-trips every column type, nulls, long strings and awkward column names, in order', async () => {
      store = await createStore();
      const long = 'x'.repeat(100_000);
      const columns: Column[] = [
        { name: 'time', type: 'time' },
        { name: 'select', type: 'number' },
        { name: 'a "quoted" `name`', type: 'string' },
        { name: 'naïve ü 数据', type: 'boolean' },
        { name: 'dup', type: 'string' },
        { name: 'DUP', type: 'string' },
        { name: 'n'.repeat(200), type: 'number' },
        { name: '', type: 'string' },
        { name: 'scheduler_row', type: 'number' },
      ];
      const rows: Row[] = [
        [1_700_000_000_123, 1.5, long, true, 'a', 'b', 42, 'empty-name', 7],
        [null, null, null, null, null, null, null, null, null],
        [0, -0.25, "it's; DROP TABLE x; --", false, '', ' ', 1e300, 'e', 8],
      ];
      const written = await store.writeResult('d2401010000_abcdefgh_demo', columns, rows);
      expect(written.rowCount).toBe(3);
      expect(written.columns.map((column) => column.name)).toEqual(columns.map((column) => column.name));
      expect(new Set(written.columns.map((column) => column.sqlName.toLowerCase())).size).toBe(columns.length);
      expect(await collect(store.readResult('d2401010000_abcdefgh_demo', written.columns))).toEqual(rows);
    });

    it('streams a result larger than one page in the order it was written', async () => {
      store = await createStore();
      const count = 5_123;
      async function* produce() {
        for (let index = 0; index < count; index++) yield [index, `row ${index}`] as Row;
      }
      const written = await store.writeResult('d2401010000_bigbigbi_demo', [{ name: 'i', type: 'number' }, { name: 's', type: 'string' }], produce());
      expect(written.rowCount).toBe(count);
      let expected = 0;
      for await (const row of store.readResult('d2401010000_bigbigbi_demo', written.columns)) {
        expect(row).toEqual([expected, `row ${expected}`]);
        expected++;
      }
      expect(expected).toBe(count);
    });

    it('a failing row source leaves no table behind', async () => {
      store = await createStore();
      async function* failing() {
        yield [1] as Row;
        throw new Error('source broke');
      }
      await expect(store.writeResult('d2401010000_failfail_demo', [{ name: 'i', type: 'number' }], failing())).rejects.toThrow('source broke');
      await expect(collect(store.readResult('d2401010000_failfail_demo', [{ name: 'i', type: 'number', sqlName: 'i' }]))).rejects.toThrow();
    });

    it('one key holds one request even under concurrent inserts', async () => {
      store = await createStore();
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, () => store.insertUnlessKeyHeld('a:same', aRequest(), (existing) => existing.state === 'queued')),
      );
      expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.request.id)).size).toBe(1);
    });

    it('a key whose request is refused for reuse points at the new request', async () => {
      store = await createStore();
      const first = await store.insertUnlessKeyHeld('a:k', aRequest(), () => false);
      await store.updateRequest(first.request.id, { state: 'failed', error: 'boom' });
      const second = await store.insertUnlessKeyHeld('a:k', aRequest(), (existing) => existing.state !== 'failed');
      expect(second.created).toBe(true);
      expect((await store.findByKey('a:k'))!.id).toBe(second.request.id);
    });

    it('updates only the fields given and reads requests back whole', async () => {
      store = await createStore();
      const request = aRequest({ label: 'l1', source: 'dash', args: { region: ['eu', 'us'], n: 2, flag: true } });
      await store.insertRequest(request);
      await store.updateRequest(request.id, { state: 'running', startedAt: 5, progress: 40, progressMessage: 'half' });
      await store.updateRequest(request.id, { progress: 50 });
      expect(await store.getRequest(request.id)).toEqual({ ...request, state: 'running', startedAt: 5, progress: 50, progressMessage: 'half' });
      expect(await store.labels('ana', 'dash')).toEqual(['l1']);
    });

    it('expires finished requests past their time, drops their tables, then forgets them', async () => {
      store = await createStore();
      const written = await store.writeResult('d2401010000_expireme_demo', [{ name: 'i', type: 'number' }], [[1]]);
      const done = aRequest({ state: 'complete', resultTable: 'd2401010000_expireme_demo', resultColumns: written.columns, finishedAt: 1_000, expiresAt: 2_000 });
      const running = aRequest({ state: 'running', expiresAt: null });
      await store.insertUnlessKeyHeld('a:exp', done, () => false);
      await store.insertRequest(running);
      expect(await store.expireRequests(1_999)).toBe(0);
      expect(await store.expireRequests(2_000)).toBe(1);
      const expired = await store.getRequest(done.id);
      expect(expired!.state).toBe('expired');
      expect(expired!.resultTable).toBeNull();
      expect(await store.findByKey('a:exp')).toBeUndefined();
      expect((await store.getRequest(running.id))!.state).toBe('running');
      await expect(collect(store.readResult('d2401010000_expireme_demo', written.columns))).rejects.toThrow();
      expect(await store.purgeExpired(2_000)).toBe(1);
      expect(await store.getRequest(done.id)).toBeUndefined();
    });
  });
}
