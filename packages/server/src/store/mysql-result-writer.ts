/**
 * Writes a result table into MySQL/MariaDB, in one transaction on one pooled connection: by LOAD
 * DATA LOCAL INFILE (mysql-load-data.ts) where the server allows it, else by multi-row INSERTs —
 * which a server that refuses the first is asked for from then on. The INSERTs' statement text is built here with the driver's own escaping rather than
 * compiled by Kysely per batch: Kysely builds a syntax tree of every value, which cost a third of
 * the throughput in measurements (65k against 100k+ rows/s for six columns).
 *
 * MySQL's DDL commits by itself, so CREATE TABLE runs before the transaction and a failure drops
 * the table afterwards.
 */
import { CompiledQuery, sql } from 'kysely';
import mysql, { type Pool } from 'mysql2';
import type { Row } from '../domain.js';
import { quoteMysqlId } from './mysql-identifiers.js';
import { LOAD_DATA_REFUSED, loadDataRows } from './mysql-load-data.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';
import { dropResultTable } from './result-tables.js';
import { isPlainIterable } from './row-source.js';
import type { AnyDb, NewResultTable } from './store-dialect.js';
import { textCellEncoder, type TextCellSpelling } from './text-cells.js';
import type { UnreachableStoreGuard } from './unreachable-store-guard.js';
import type { WriteGate } from './write-gate.js';

/**
 * Rows per INSERT. Measured on MariaDB 10.11 with six columns: 500 rows gave 95k rows/s, 2,000
 * gave 134k, 5,000 no more; bigger statements only cost memory.
 */
const ROWS_PER_INSERT = 2_000;
/**
 * A statement must fit max_allowed_packet. Its text is counted in UTF-16 units, and one unit is
 * at most three bytes of UTF-8, so a third of the packet always fits; a quarter leaves a margin.
 */
const PACKET_SHARE = 1 / 4;
/** Above this, bigger statements are no faster; they only take more memory. */
const MAX_STATEMENT_CHARS = 8_000_000;

export function mysqlResultWriter(pool: Pool, gate: WriteGate, guard: UnreachableStoreGuard): (target: NewResultTable) => Promise<number> {
  let statementChars: number | undefined;
  let loadDataAllowed = true;
  return async ({ db, table, columns, create, rows }) => {
    statementChars ??= await maxStatementChars(db);
    await create.execute();
    try {
      if (loadDataAllowed) {
        const loaded = await gate.run(() => loadDataRows(pool, guard, { table, columns, rows }));
        if (loaded !== LOAD_DATA_REFUSED) return loaded;
        loadDataAllowed = false;
      }
      const limit = statementChars;
      return await gate.run(() => db.transaction().execute((trx) => insertRows(trx, table, columns, rows, limit)));
    } catch (error) {
      await dropResultTable(db, table).catch(() => undefined);
      throw error;
    }
  };
}

async function maxStatementChars(db: AnyDb): Promise<number> {
  const { rows } = await sql<{ packet: number | string }>`select @@max_allowed_packet as packet`.execute(db);
  return Math.min(MAX_STATEMENT_CHARS, Math.floor(Number(rows[0]?.packet ?? 4_194_304) * PACKET_SHARE));
}

async function insertRows(db: AnyDb, table: string, columns: NewResultTable['columns'], rows: NewResultTable['rows'], maxChars: number): Promise<number> {
  const names = [ROW_ORDER_COLUMN, ...columns.map((column) => column.sqlName)];
  const inserts = new PipelinedInserts(db, `insert into ${quoteMysqlId(table)} (${names.map(quoteMysqlId).join(', ')}) values `, columns, maxChars);
  try {
    // `await` only when a statement was sent: awaiting every row would cost a promise per row.
    if (isPlainIterable(rows)) {
      for (const row of rows) {
        const sending = inserts.add(row);
        if (sending) await sending;
      }
    } else {
      for await (const row of rows) {
        const sending = inserts.add(row);
        if (sending) await sending;
      }
    }
    await inserts.finish();
  } finally {
    await inserts.settled();
  }
  return inserts.rowCount;
}

/**
 * Builds multi-row INSERTs and pipelines them: while the server inserts one, the next is built
 * from the executor's rows, so neither side waits for the other. One statement is in flight at
 * most, so memory stays bounded by two statements.
 */
class PipelinedInserts {
  rowCount = 0;
  private statement = '';
  private rowsInStatement = 0;
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly literals: Array<(value: Row[number] | undefined) => string>;

  constructor(
    private readonly db: AnyDb,
    private readonly prefix: string,
    columns: NewResultTable['columns'],
    private readonly maxChars: number,
  ) {
    this.literals = columns.map((column) => textCellEncoder(column.type, LITERAL_SPELLING));
  }

  /** Adds a row; a promise when the statement was full and had to be sent first. */
  add(row: Row): Promise<void> | undefined {
    let tuple = `(${this.rowCount}`;
    for (let index = 0; index < this.literals.length; index++) tuple += `,${this.literals[index]!(row[index])}`;
    tuple += ')';
    this.rowCount++;
    const full = this.rowsInStatement >= ROWS_PER_INSERT || this.statement.length + tuple.length > this.maxChars;
    if (this.rowsInStatement > 0 && full) return this.send().then(() => this.append(tuple));
    this.append(tuple);
    return undefined;
  }

  /** Sends what is left and waits for every statement. */
  async finish(): Promise<void> {
    if (this.rowsInStatement > 0) await this.send();
    await this.inFlight;
  }

  /** Waits for the statement in flight, failed or not: before a rollback, after the rows failed. */
  settled(): Promise<void> {
    return this.inFlight.then(
      () => undefined,
      () => undefined,
    );
  }

  private append(tuple: string): void {
    this.statement = this.rowsInStatement === 0 ? this.prefix + tuple : `${this.statement},${tuple}`;
    this.rowsInStatement++;
  }

  private async send(): Promise<void> {
    await this.inFlight;
    this.inFlight = this.db.executeQuery(CompiledQuery.raw(this.statement));
    this.statement = '';
    this.rowsInStatement = 0;
  }
}

/**
 * Cells as MySQL literals. Strings use the driver's escaping (the session turns off
 * NO_BACKSLASH_ESCAPES, which it relies on).
 */
const LITERAL_SPELLING: TextCellSpelling = { nullText: 'NULL', trueText: 'true', falseText: 'false', quote: (text) => mysql.escape(text) };
