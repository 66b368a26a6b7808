/**
 * Tables that scripts write in the database servers' own dialects, adopted as results: the
 * servers' own time and boolean types, and tables with a key column of their own, come back typed
 * and in the order the script inserted the rows.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/test-databases.js';
import { openStore, runAsScript } from './open-store.js';
import { allRows } from '../helpers/row-streams.js';

const databases = { mysql: await createTestDatabase('mysql'), postgres: await createTestDatabase('postgres') };
afterAll(() => Promise.all(Object.values(databases).map((database) => database?.drop())));

const NEW_YEAR = Date.UTC(2024, 0, 1);

/** Per dialect: a script's table with every time type and a key column of its own, rows inserted out of key order. */
const SCRIPTS = {
  mysql: (table: string) => [
    `create table \`${table}\` (id int auto_increment primary key, at_datetime datetime, at_timestamp timestamp(3) null, day date, ok boolean, amount decimal(10,2), note varchar(10))`,
    // The script's own session runs in another time zone: TIMESTAMP values are instants whatever the session's zone.
    `set time_zone = '+05:00'`,
    `insert into \`${table}\` (at_datetime, at_timestamp, day, ok, amount, note) values ('2024-01-01 00:00:00', '2024-01-01 05:00:00.000', '2024-01-01', true, 12.5, 'first'), (null, null, null, false, null, 'second')`,
  ],
  postgres: (table: string) => [
    `create table "${table}" (id serial primary key, at_timestamp timestamp, at_timestamptz timestamptz, day date, ok boolean, amount numeric(10,2), note varchar(10))`,
    `set time zone 'Asia/Tokyo'`,
    `insert into "${table}" (at_timestamp, at_timestamptz, day, ok, amount, note) values ('2024-01-01 00:00:00', '2024-01-01 09:00:00+09', '2024-01-01', true, 12.5, 'first'), (null, null, null, false, null, 'second')`,
  ],
};

describe.each(Object.entries(databases))('%s: adopting a table a script wrote', (dialect, database) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it.skipIf(!database)('reads its date and time types as UTC instants, booleans, decimals, and keeps insertion order', async () => {
    store = await openStore(database!.url);
    const table = 'd2401010000_ownkeys0_demo';
    await runAsScript(database!.url, SCRIPTS[dialect as keyof typeof SCRIPTS](table));
    const adopted = await store.adoptResult(table);
    expect(adopted!.rowCount).toBe(2);
    expect(adopted!.columns.map((column) => column.type)).toEqual(['number', 'time', 'time', 'time', 'boolean', 'number', 'string']);
    expect(await allRows(store.readResult(table, adopted!.columns))).toEqual([
      [1, NEW_YEAR, NEW_YEAR, NEW_YEAR, true, 12.5, 'first'],
      [2, null, null, null, false, null, 'second'],
    ]);
  });

  it.skipIf(!database)('a table already numbered by the script keeps its scheduler_row', async () => {
    store = await openStore(database!.url);
    const table = 'd2401010000_numbered_demo';
    const quote = (name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
    await runAsScript(database!.url, [`create table ${quote(table)} (scheduler_row bigint, v varchar(5))`, `insert into ${quote(table)} values (2, 'c'), (0, 'a'), (1, 'b')`]);
    const adopted = await store.adoptResult(table);
    expect(adopted!.columns.map((column) => column.name)).toEqual(['v']);
    expect(await allRows(store.readResult(table, adopted!.columns))).toEqual([['a'], ['b'], ['c']]);
  });
});
