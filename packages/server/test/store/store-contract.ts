/**
 * What every store must do, whatever database is behind it. Each dialect's test file calls
 * `describeStoreContract` with a database of its own (fresh per suite, from test-databases.ts),
 * or null when that dialect's server is absent here and not required: the suite is then skipped.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Column, Request, Row } from '../../src/domain.js';
import { resultTableName } from '../../src/store/result-table-name.js';
import type { Store } from '../../src/store/store.js';
import type { TestDatabase } from '../helpers/test-databases.js';
import { openStore, runAsScript, tableExists } from './open-store.js';
import { allRows } from '../helpers/row-streams.js';

export interface ContractDatabase {
  database: TestDatabase;
  /**
   * The statements a script would run to write `table` itself in this dialect's SQL: columns
   * `time` (a timestamp type), `metric` (text), `value` (a double), `ok` (a boolean), and the rows
   * 2024-01-01T00:00:00Z / 'cpu' / 1.5 / true, then all NULLs.
   */
  scriptWrites(table: string): string[];
}

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
    owner: null,
    ...overrides,
  };
}

export function describeStoreContract(dialect: string, contract: ContractDatabase | null): void {
  describe.skipIf(contract === null)(`${dialect} store`, () => {
    const opened: Store[] = [];
    const createStore = async () => {
      const store = await openStore(contract!.database.url);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    afterAll(() => contract?.database.drop());

    it('round-trips every column type, nulls, long strings and awkward column names, in order', async () => {
      const store = await createStore();
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
      expect(await allRows(store.readResult('d2401010000_abcdefgh_demo', written.columns))).toEqual(rows);
    });

    it('streams a result larger than one page in the order it was written', async () => {
      const store = await createStore();
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
      const store = await createStore();
      async function* failing() {
        yield [1] as Row;
        throw new Error('source broke');
      }
      await expect(store.writeResult('d2401010000_failfail_demo', [{ name: 'i', type: 'number' }], failing())).rejects.toThrow('source broke');
      await expect(allRows(store.readResult('d2401010000_failfail_demo', [{ name: 'i', type: 'number', sqlName: 'i' }]))).rejects.toThrow();
    });

    it('records runs ending together, each once; a row the database refuses fails alone', async () => {
      const store = await createStore();
      const runs = Array.from({ length: 200 }, () => aRequest({ kind: 'run', job: 'together', state: 'complete' }));
      // Refused by every database whatever order the INSERTs run in (on a server store they run
      // on several connections at once): a NOT NULL column left empty.
      const refused = { ...aRequest({ kind: 'run', state: 'complete' }), job: null as unknown as string };
      const outcomes = await Promise.allSettled([...runs.slice(0, 100), refused, ...runs.slice(100)].map((run) => store.insertRequest(run)));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
      expect(outcomes[100]!.status).toBe('rejected');
      const stored = await store.listRequests({ job: 'together', limit: 1_000 });
      expect(stored.map((request) => request.id).sort()).toEqual(runs.map((run) => run.id).sort());
      expect(await store.getRequest(runs[10]!.id)).toEqual(runs[10]);
    });

    it('one key holds one request even under concurrent inserts', async () => {
      const store = await createStore();
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, () => store.insertUnlessKeyHeld('a:same', aRequest(), (existing) => existing.state === 'queued')),
      );
      expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.request.id)).size).toBe(1);
    });

    it('a key whose request is refused for reuse points at the new request', async () => {
      const store = await createStore();
      const first = await store.insertUnlessKeyHeld('a:k', aRequest(), () => false);
      await store.updateRequest(first.request.id, { state: 'failed', error: 'boom' });
      const second = await store.insertUnlessKeyHeld('a:k', aRequest(), (existing) => existing.state !== 'failed');
      expect(second.created).toBe(true);
      expect((await store.findByKey('a:k'))!.id).toBe(second.request.id);
    });

    it('updates only the fields given and reads requests back whole', async () => {
      const store = await createStore();
      const request = aRequest({ label: 'l1', source: 'dash', args: { region: ['eu', 'us'], n: 2, flag: true } });
      await store.insertRequest(request);
      await store.updateRequest(request.id, { state: 'running', startedAt: 5, progress: 40, progressMessage: 'half' });
      await store.updateRequest(request.id, { progress: 50 });
      expect(await store.getRequest(request.id)).toEqual({ ...request, state: 'running', startedAt: 5, progress: 50, progressMessage: 'half' });
      expect(await store.labels('ana', 'dash')).toEqual(['l1']);
    });

    it('expires finished requests past their time, drops their tables, then forgets them', async () => {
      const store = await createStore();
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
      await expect(allRows(store.readResult('d2401010000_expireme_demo', written.columns))).rejects.toThrow();
      expect(await store.purgeExpired(2_000)).toBe(1);
      expect(await store.getRequest(done.id)).toBeUndefined();
    });

    it('expiring a request whose table is already gone, or that is already expired, neither fails nor counts twice', async () => {
      const store = await createStore();
      const written = await store.writeResult('d2401010000_gonegone_demo', [{ name: 'i', type: 'number' }], [[1]]);
      const done = aRequest({ state: 'complete', resultTable: 'd2401010000_gonegone_demo', resultColumns: written.columns, finishedAt: 1_000, expiresAt: 3_000 });
      await store.insertUnlessKeyHeld('a:gone', done, () => false);
      await store.dropResult('d2401010000_gonegone_demo'); // as another process's sweeper would have
      expect(await store.expireRequests(3_000)).toBe(1);
      expect(await store.expireRequests(3_000)).toBe(0);
      expect((await store.getRequest(done.id))!.state).toBe('expired');
    });

    it('drops result tables a crash left — a day old and named by no request — and no other table', async () => {
      const store = await createStore();
      const now = Date.UTC(2030, 0, 10, 12, 0);
      const columns = [{ name: 'i', type: 'number' as const }];
      await store.writeResult('d3001010000_orphanxx_demo', columns, [[1]]);
      const named = await store.writeResult('d3001010000_keptkept_demo', columns, [[1]]);
      await store.insertRequest(aRequest({ state: 'complete', resultTable: 'd3001010000_keptkept_demo', resultColumns: named.columns, finishedAt: now, expiresAt: now + 3_600_000 }));
      await store.writeResult('d3001101100_youngxxx_demo', columns, [[1]]); // an hour old: maybe a run still writing it
      await store.writeResult('daily_sales_2030', columns, [[1]]); // not a name Scheduler makes
      await store.expireRequests(now);
      const url = contract!.database.url;
      expect(await tableExists(url, 'd3001010000_orphanxx_demo')).toBe(false);
      expect(await tableExists(url, 'd3001010000_keptkept_demo')).toBe(true);
      expect(await tableExists(url, 'd3001101100_youngxxx_demo')).toBe(true);
      expect(await tableExists(url, 'daily_sales_2030')).toBe(true);
    });

    it('keeps column names a query builder could misread, and values that look like SQL or placeholders', async () => {
      const store = await createStore();
      const columns: Column[] = [
        { name: 'cpu.load', type: 'number' },
        { name: 'a as b', type: 'string' },
        { name: 'x"; drop table y; --', type: 'string' },
        { name: 'c1_a', type: 'string' },
        { name: 'a', type: 'string' },
        { name: 'A', type: 'string' },
      ];
      const rows: Row[] = [
        [1, '?', '$1', ':name', '\\', 'tab\there'],
        [2, 'line\nbreak\r\n', '\\N', '\\.', "'; drop table scheduler_requests; --", '`'],
      ];
      const written = await store.writeResult('d2401010000_oddnames_demo', columns, rows);
      expect(written.columns.map((column) => column.name)).toEqual(columns.map((column) => column.name));
      expect(new Set(written.columns.map((column) => column.sqlName.toLowerCase())).size).toBe(columns.length);
      expect(await allRows(store.readResult('d2401010000_oddnames_demo', written.columns))).toEqual(rows);
      expect(await store.listRequests({ limit: 1 })).toBeDefined(); // the registry is intact
    });

    it('writes and reads back 50,000 rows in batches and pages, in order', async () => {
      const store = await createStore();
      const count = 50_000;
      async function* produce() {
        for (let index = 0; index < count; index++) yield [1_700_000_000_000 + index, index / 4, `row ${index}`, index % 2 === 0, index, 'cpu'] as Row;
      }
      const columns: Column[] = [
        { name: 'time', type: 'time' },
        { name: 'value', type: 'number' },
        { name: 'label', type: 'string' },
        { name: 'even', type: 'boolean' },
        { name: 'n', type: 'number' },
        { name: 'metric', type: 'string' },
      ];
      const written = await store.writeResult('d2401010000_fiftyk00_demo', columns, produce());
      expect(written.rowCount).toBe(count);
      let expected = 0;
      for await (const row of store.readResult('d2401010000_fiftyk00_demo', written.columns)) {
        if (expected % 9_973 === 0 || expected === count - 1) expect(row).toEqual([1_700_000_000_000 + expected, expected / 4, `row ${expected}`, expected % 2 === 0, expected, 'cpu']);
        expected++;
      }
      expect(expected).toBe(count);
    });

    it('writes values larger than one statement may carry (300 rows of 100 KB)', async () => {
      const store = await createStore();
      const big = (index: number) => `${index}:`.padEnd(100_000, 'é');
      async function* produce() {
        for (let index = 0; index < 300; index++) yield [index, big(index)] as Row;
      }
      const written = await store.writeResult('d2401010000_bigvalue_demo', [{ name: 'i', type: 'number' }, { name: 'text', type: 'string' }], produce());
      expect(written.rowCount).toBe(300);
      let expected = 0;
      for await (const row of store.readResult('d2401010000_bigvalue_demo', written.columns)) {
        expect(row[0]).toBe(expected);
        expect(row[1]).toBe(big(expected));
        expected++;
      }
      expect(expected).toBe(300);
    });

    it('stores odd cells as their column allows: NaN and infinities as null, fractional times rounded', async () => {
      const store = await createStore();
      const written = await store.writeResult(
        'd2401010000_oddcells_demo',
        [
          { name: 'n', type: 'number' },
          { name: 't', type: 'time' },
        ],
        [
          [Number.NaN, 1.4],
          [Number.POSITIVE_INFINITY, 2.6],
          [-0.5, null],
        ],
      );
      const rows = await allRows(store.readResult('d2401010000_oddcells_demo', written.columns));
      expect(rows.map((row) => row[0])).toEqual([null, contractDialectInfinity(dialect), -0.5]);
      expect(rows.map((row) => (row[1] === null ? null : Math.round(row[1] as number)))).toEqual([1, 3, null]);
    });

    it('adopts a table a script wrote: columns typed from the database, rows in order, row order added', async () => {
      const store = await createStore();
      const table = 'd2401010000_scripted_demo';
      await runAsScript(contract!.database.url, contract!.scriptWrites(table));
      const adopted = await store.adoptResult(table);
      expect(adopted).not.toBeNull();
      expect(adopted!.rowCount).toBe(2);
      expect(adopted!.columns.map(({ name, type }) => ({ name, type }))).toEqual([
        { name: 'time', type: 'time' },
        { name: 'metric', type: 'string' },
        { name: 'value', type: 'number' },
        { name: 'ok', type: 'boolean' },
      ]);
      expect(await allRows(store.readResult(table, adopted!.columns))).toEqual([
        [Date.UTC(2024, 0, 1), 'cpu', 1.5, true],
        [null, null, null, null],
      ]);
      await store.dropResult(table);
      expect(await tableExists(contract!.database.url, table)).toBe(false);
    });

    it('result tables named for a long job name work whole: written, read, adopted, dropped', async () => {
      const store = await createStore();
      const table = resultTableName('a_job_with_a_name_much_longer_than_any_database_keeps_for_tables');
      expect(table.length).toBeLessThanOrEqual(63);
      const written = await store.writeResult(table, [{ name: 'i', type: 'number' }], [[1]]);
      expect(await allRows(store.readResult(table, written.columns))).toEqual([[1]]);
      await store.dropResult(table);
      expect(await tableExists(contract!.database.url, table)).toBe(false);
      const scripted = resultTableName('another_job_with_a_name_much_longer_than_any_database_keeps');
      await runAsScript(contract!.database.url, contract!.scriptWrites(scripted));
      expect((await store.adoptResult(scripted))!.rowCount).toBe(2);
    });

    it('adopting a table nobody wrote answers null', async () => {
      const store = await createStore();
      expect(await store.adoptResult('d2401010000_nothere0_demo')).toBeNull();
    });
  });
}

/**
 * What an infinite number reads back as. SQLite keeps infinities (a JSON answer shows them as
 * null anyway); the server stores store null, as MySQL's DOUBLE cannot hold one.
 */
function contractDialectInfinity(dialect: string): number | null {
  return dialect === 'sqlite' ? Number.POSITIVE_INFINITY : null;
}
