/**
 * Nested values in string columns are kept as their JSON text: exactly what JSON.stringify writes
 * for the value, whatever it holds, and the same whether the records arrived in memory (a parsed
 * answer) or as a stream (NDJSON lines).
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/domain.js';
import { recordsToTable } from '../../src/tables/records-table.js';
import { randomSequence } from '../helpers/random-sequence.js';

const TRICKY_STRINGS = ['', '\u0000', ',"\\u0000",', '","', 'a\\', '\\"', 'quote " inside', 'søren 😀', '\ud800', 'line\nbreak', '\u2028', '}{', '[', '\u0000\u0000'];

/** A value as JSON.parse could make it: objects, arrays, strings, numbers, booleans, null. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth > 0 && pick < 0.3) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  if (depth > 0 && pick < 0.6) {
    const entries = Array.from({ length: Math.floor(random() * 4) }, (_, index) => [random() < 0.2 ? TRICKY_STRINGS[index]! : `k${index}`, randomValue(random, depth - 1)]);
    return Object.fromEntries(entries);
  }
  if (pick < 0.75) return TRICKY_STRINGS[Math.floor(random() * TRICKY_STRINGS.length)];
  if (pick < 0.85) return [0, -0, 1.5, -1e21, 1e-7, 123456789012345680000, Number.MAX_VALUE][Math.floor(random() * 7)];
  if (pick < 0.95) return random() < 0.5;
  return null;
}

async function rowsOf(records: Record<string, unknown>[], streamed: boolean): Promise<Row[]> {
  async function* stream() {
    yield* records;
  }
  const table = await recordsToTable(streamed ? stream() : records);
  if (Array.isArray(table.rows)) return table.rows;
  const rows: Row[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

describe('nested values as JSON text', () => {
  it('a string column mixing text, numbers, objects and arrays gives the same rows in memory and streamed', async () => {
    const random = randomSequence(11);
    const records = Array.from({ length: 1_500 }, (_, index) => ({
      id: index,
      // The first record is text, so the column is typed string; the rest mixes everything.
      detail: index === 0 ? 'plain' : randomValue(random, 2),
      owner: { name: `user${index % 7}`, teams: [index % 3, '\u0000'] },
    }));
    const inMemory = await rowsOf(records, false);
    expect(inMemory).toEqual(await rowsOf(records, true));
    expect(inMemory[0]).toEqual([0, 'plain', '{"name":"user0","teams":[0,"\\u0000"]}']);
    for (const [index, row] of inMemory.entries()) {
      const detail = records[index]!.detail;
      const expected = typeof detail === 'object' && detail !== null ? JSON.stringify(detail) : detail === '' || detail === null ? null : String(detail);
      expect(row[1]).toBe(expected);
    }
  });
});
