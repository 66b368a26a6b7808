/**
 * Several Scheduler processes on one MySQL/MariaDB or PostgreSQL database: each process is a
 * store instance with a pool of its own, so two instances here race as two processes would.
 * Dedupe and label keys hold because the database enforces them; sweepers do not trip on each
 * other. (SQLite is one process per store: see docs/stores.md.)
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/test-databases.js';
import { openStore, tableExists } from './open-store.js';
import { aRequest } from './store-contract.js';

const databases = { mysql: await createTestDatabase('mysql'), postgres: await createTestDatabase('postgres') };
afterAll(() => Promise.all(Object.values(databases).map((database) => database?.drop())));

describe.each(Object.entries(databases))('%s: two processes on one database', (_dialect, database) => {
  const opened: Store[] = [];
  const twoProcesses = async (): Promise<[Store, Store]> => {
    const stores = await Promise.all([openStore(database!.url), openStore(database!.url)]);
    opened.push(...stores);
    return stores;
  };
  afterEach(() => Promise.all(opened.splice(0).map((store) => store.close())));

  it.skipIf(!database)('two processes starting at once on an empty database both migrate it and open', async () => {
    const empty = (await createTestDatabase(database!.dialect))!;
    try {
      const stores = await Promise.all([openStore(empty.url), openStore(empty.url), openStore(empty.url)]);
      await Promise.all(stores.map((store) => store.insertRequest(aRequest())));
      expect(await stores[0]!.listRequests({ limit: 10 })).toHaveLength(3);
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await empty.drop();
    }
  });

  it.skipIf(!database)('30 concurrent submits of the same work across both create exactly one request', async () => {
    const [one, two] = await twoProcesses();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? one : two).insertUnlessKeyHeld('a:shared', aRequest(), (existing) => existing.state === 'queued')),
    );
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.request.id)).size).toBe(1);
    expect((await one.findByKey('a:shared'))!.id).toBe(outcomes[0]!.request.id);
  });

  it.skipIf(!database)('concurrent reruns across both each replace the key once, and it ends on one of them', async () => {
    const [one, two] = await twoProcesses();
    await one.insertUnlessKeyHeld('l:rerun', aRequest(), () => false);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? one : two).insertUnlessKeyHeld('l:rerun', aRequest(), () => false)));
    expect(outcomes.every((outcome) => outcome.created)).toBe(true);
    const holder = await two.findByKey('l:rerun');
    expect(outcomes.map((outcome) => outcome.request.id)).toContain(holder!.id);
  });

  it.skipIf(!database)('a queued request is claimed by one process only', async () => {
    const [one, two] = await twoProcesses();
    const requests = Array.from({ length: 10 }, () => aRequest());
    for (const request of requests) await one.insertRequest(request);
    const claims = await Promise.all(requests.flatMap((request) => [one.claimQueued(request.id, 1, 'd_one'), two.claimQueued(request.id, 2, 'd_two')]));
    expect(claims.filter(Boolean)).toHaveLength(requests.length);
  });

  it.skipIf(!database)('two sweepers at once expire every request once and drop every table', async () => {
    const [one, two] = await twoProcesses();
    const tables: string[] = [];
    for (let index = 0; index < 40; index++) {
      const table = `d2401010000_sweep${String(index).padStart(3, '0')}_demo`;
      const written = await one.writeResult(table, [{ name: 'i', type: 'number' }], [[index]]);
      await one.insertUnlessKeyHeld(`a:sweep${index}`, aRequest({ state: 'complete', resultTable: table, resultColumns: written.columns, finishedAt: 10, expiresAt: 50 }), () => false);
      tables.push(table);
    }
    const counts = await Promise.all([one.expireRequests(100), two.expireRequests(100), one.expireRequests(100), two.expireRequests(100)]);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(40);
    for (const table of [tables[0]!, tables[39]!]) expect(await tableExists(database!.url, table)).toBe(false);
    const purged = await Promise.all([one.purgeExpired(100), two.purgeExpired(100)]);
    expect(purged[0] + purged[1]).toBe(40);
  });
});
