/**
 * Writes a result table into PostgreSQL with COPY … FROM STDIN, in one transaction on one pooled
 * connection: CREATE TABLE, COPY, COMMIT. Measured here with six columns: COPY ≈ 200k rows/s,
 * multi-row INSERTs ≈ 60k rows/s whatever the batch size. PostgreSQL's DDL is transactional, so a
 * failure (the executor's rows broke, the connection dropped) rolls the table back with the rows:
 * nothing is left behind. And since the table is new in this transaction, COPY can FREEZE its
 * rows: they are written as already visible to all, so neither the first reads nor VACUUM
 * rewrite every page later to mark them so.
 *
 * COPY's text format: one line per row, tab-separated, `\N` for NULL, and backslash escapes for
 * backslash, tab, newline and carriage return inside values — so no value can end a field, a
 * row, or the data (`\.`). PostgreSQL text cannot hold NUL; it is stored as U+FFFD.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quotePostgresId } from './postgres-identifiers.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';
import type { NewResultTable } from './store-dialect.js';
import { tabSeparatedChunks, tabSeparatedEscaper, type RowsRead, type TextCellSpelling } from './text-cells.js';
import { guardError, unreachableError, type UnreachableStoreGuard } from './unreachable-store-guard.js';
import type { WriteGate } from './write-gate.js';

export function postgresCopyWriter(pool: pg.Pool, gate: WriteGate, guard: UnreachableStoreGuard): (target: NewResultTable) => Promise<number> {
  return ({ table, columns, create, rows }) =>
    gate.run(async () => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw unreachableError(guard, error);
      }
      let broken: Error | undefined;
      const source: RowsRead = { rows: 0, error: undefined };
      try {
        await client.query('begin');
        await client.query(create.compile().sql);
        const names = [ROW_ORDER_COLUMN, ...columns.map((column) => column.sqlName)].map(quotePostgresId).join(', ');
        const copy = client.query(copyFrom(`copy ${quotePostgresId(table)} (${names}) from stdin with (freeze)`));
        await pipeline(Readable.from(tabSeparatedChunks(rows, columns, COPY_SPELLING, source)), copy);
        await client.query('commit');
        return source.rows;
      } catch (error) {
        await client.query('rollback').catch((rollbackFailed: Error) => {
          broken = rollbackFailed; // a connection that cannot roll back must not go back to the pool
        });
        // The executor's own failure (which may well be a network error of its own) stays as it is.
        throw error === source.error ? error : guardError(guard, error);
      } finally {
        client.release(broken);
      }
    });
}

/** COPY's text format: `\N` for null, t/f for booleans, backslash escapes. */
const COPY_SPELLING: TextCellSpelling = { nullText: '\\N', trueText: 't', falseText: 'f', quote: tabSeparatedEscaper('\uFFFD') };
