/**
 * How run records are gathered and written (request-insert-batch.ts), with an insert function
 * standing in for the store's: records gather into one write, a refused row fails alone, and a
 * write that never returns holds up neither later records nor a read waiting for them.
 */
import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/domain.js';
import { RequestInsertBatch } from '../../src/store/request-insert-batch.js';
import { aRequest } from './store-contract.js';

describe('run records', () => {
  it('gather into one write of several INSERTs, each caller told once its own row is stored', async () => {
    const inserts: string[][] = [];
    const batch = new RequestInsertBatch(async (requests) => void inserts.push(requests.map((request) => request.id)));
    const requests = Array.from({ length: 45 }, () => aRequest({ kind: 'run', state: 'complete' }));
    await Promise.all(requests.map((request) => batch.add(request)));
    expect(inserts.map((ids) => ids.length)).toEqual([32, 8, 4, 1]);
    expect(inserts.flat()).toEqual(requests.map((request) => request.id));
  });

  it('a row the database refuses fails alone; the others of its INSERT are written', async () => {
    const stored: string[] = [];
    const refused = aRequest({ kind: 'run', job: 'refused' });
    const batch = new RequestInsertBatch(async (requests) => {
      if (requests.some((request) => request.job === 'refused')) throw new Error('value too long for column job');
      stored.push(...requests.map((request) => request.id));
    });
    const others = [aRequest({ kind: 'run' }), aRequest({ kind: 'run' }), aRequest({ kind: 'run' })];
    const outcomes = await Promise.allSettled([...others, refused].map((request) => batch.add(request)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(stored.sort()).toEqual(others.map((request) => request.id).sort());
  });

  it('a write that never returns holds up neither the next records nor a read for longer than its wait', async () => {
    let hang = true;
    const stored: string[] = [];
    const batch = new RequestInsertBatch((requests: Request[]) => {
      if (hang) {
        hang = false;
        return new Promise<void>(() => undefined); // a server gone mid-statement: no answer, ever
      }
      stored.push(...requests.map((request) => request.id));
      return Promise.resolve();
    });
    void batch.add(aRequest({ kind: 'run' }));
    await batch.drain(50); // starts the hanging write, and gives up waiting for it
    const later = aRequest({ kind: 'run' });
    await batch.add(later);
    expect(stored).toEqual([later.id]);
    const started = Date.now();
    await batch.drain(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
