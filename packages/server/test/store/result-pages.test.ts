/**
 * Reading a result page by page: every row once and in order, pages sized so that wide rows never
 * fill memory, and a reader that stops early leaves nothing unsettled.
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/domain.js';
import { ResultPages } from '../../src/store/result-pages.js';

/** A table of `count` rows, each [row number, text of `width` characters], read as the stores do. */
function fakeTable(count: number, width: number) {
  const text = 'x'.repeat(width);
  const limits: number[] = [];
  const readPage = async (after: number, limit: number) => {
    limits.push(limit);
    const first = after + 1;
    return Array.from({ length: Math.max(0, Math.min(limit, count - first)) }, (_, index) => [first + index, text]);
  };
  const pages = new ResultPages<unknown[]>(readPage, (record) => record[0] as number, (record) => [record[0], record[1]] as Row);
  return { pages, limits };
}

describe('result pages', () => {
  it('hands out every row once, in order, with big pages for narrow rows', async () => {
    const { pages, limits } = fakeTable(20_000, 10);
    let expected = 0;
    for await (const row of pages) expect(row[0]).toBe(expected++);
    expect(expected).toBe(20_000);
    expect(Math.max(...limits)).toBe(2_000);
  });

  it('hands out the rest of each page at once to a reader taking batches, mixed with single rows', async () => {
    const { pages } = fakeTable(7_000, 10);
    const seen: number[] = [];
    const first = await pages.next();
    seen.push(first.value![0] as number);
    const batchSizes: number[] = [];
    for (let batch = await pages.nextBatch(); batch; batch = await pages.nextBatch()) {
      batchSizes.push(batch.length);
      for (const row of batch) seen.push(row[0] as number);
      const single = await pages.next();
      if (!single.done) seen.push(single.value[0] as number);
    }
    expect(seen).toEqual(Array.from({ length: 7_000 }, (_, index) => index));
    expect(batchSizes[0]).toBe(199); // the first page but its first row
    expect(Math.max(...batchSizes)).toBeGreaterThan(1_000);
    expect(await pages.next()).toEqual({ done: true, value: undefined });
  });

  it('reads a table whose row numbers have gaps (a script\'s) whole and in order', async () => {
    const numbers = Array.from({ length: 9_000 }, (_, index) => index * 3 + (index % 7 === 0 ? 1 : 0));
    const asked: number[] = [];
    const pages = new ResultPages<number>(
      async (after, limit) => {
        asked.push(after);
        return numbers.filter((number) => number > after).slice(0, limit);
      },
      (number) => number,
      (number) => [number],
    );
    const seen: number[] = [];
    for await (const row of pages) seen.push(row[0] as number);
    expect(seen).toEqual(numbers);
    expect(asked.length).toBeLessThan(20); // one wrong guess at most, then no more guessing
  });

  it('keeps pages of wide rows to a few megabytes', async () => {
    const { pages, limits } = fakeTable(2_000, 100_000);
    let count = 0;
    for await (const _row of pages) count++;
    expect(count).toBe(2_000);
    expect(limits[0]).toBeLessThanOrEqual(200);
    expect(Math.max(...limits.slice(2))).toBeLessThanOrEqual(40); // 4 M characters / 100 K per row
  });

  it('a reader that stops early settles the page in flight', async () => {
    let failed = false;
    const pages = new ResultPages<unknown[]>(
      async (after) => {
        if (after >= 0) {
          failed = true;
          throw new Error('the next page failed');
        }
        return Array.from({ length: 200 }, (_, index) => [index]);
      },
      (record) => record[0] as number,
      (record) => [record[0]] as Row,
    );
    for await (const row of pages) if (row[0] === 3) break;
    expect(failed).toBe(true); // asked for, failed, and not left unhandled (vitest would report it)
  });
});
