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
    expect(Math.max(...limits)).toBe(5_000);
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
