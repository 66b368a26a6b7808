/**
 * The result the store scenarios write and serve: ROWS rows of six columns (a time, three
 * numbers, a short text, a boolean), the same for every dialect and for the raw yardsticks.
 *
 * This file is also a custom executor module (`type: module`, see docs/custom-executors.md):
 * the bench's Scheduler loads it as the job `rows`, whose rows come from {@link resultRows} —
 * so the server stores exactly what the raw scripts (store-raw-paths.ts) write.
 */
import type { Column, Row } from '../../src/domain.js';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const START = Date.UTC(2024, 0, 1);

export const RESULT_COLUMNS: Column[] = [
  { name: 'time', type: 'time' },
  { name: 'id', type: 'number' },
  { name: 'count', type: 'number' },
  { name: 'value', type: 'number' },
  { name: 'label', type: 'string' },
  { name: 'ok', type: 'boolean' },
];

/** The rows, made as they are read: a million rows never sit in memory at once. */
export function* resultRows(count: number): Generator<Row> {
  for (let i = 0; i < count; i++) {
    yield [START + i * 1000, i, (i * 7919) % 100_000, ((i * 37) % 100_000) / 1000, `${WORDS[i % 8]} ${WORDS[(i >> 3) % 8]} ${i % 1000}`, i % 3 === 0];
  }
}

/** The JSON of the rows array as Scheduler answers it, measured without building it whole. */
export function rowsJsonLength(count: number): number {
  let length = 2; // [ and ]
  let index = 0;
  for (const row of resultRows(count)) length += JSON.stringify(row).length + (index++ > 0 ? 1 : 0);
  return length;
}

/** The executor module: `config.rows` rows, as a plain iterable (the fast path of the writers). */
export function create(config: unknown): { execute(): Promise<{ columns: Column[]; rows: Iterable<Row> }> } {
  const count = Number((config as { rows?: unknown }).rows);
  return { execute: async () => ({ columns: RESULT_COLUMNS, rows: resultRows(count) }) };
}
