/**
 * Maps result column names to SQL column names. Names from data are kept as they are (always as
 * quoted identifiers) unless the database cannot hold them: too long for it, equal to another
 * column in the database's own comparison of names (MySQL and SQLite compare without case; MySQL
 * also without accents), empty, containing NUL, or equal to our row-order column. Those get
 * `c<position>_<readable part>` instead; the original name is kept in the registry and shown to
 * Grafana.
 */
import type { Column, StoredColumn } from '../domain.js';

/** The column that keeps a result's row order: SQL tables have none of their own. */
export const ROW_ORDER_COLUMN = 'scheduler_row';

/** What a database accepts as a column name, and which names it takes to be the same. */
export interface IdentifierRules {
  /** The longest fallback name; fallback names are ASCII, so characters and bytes agree. */
  maxLength: number;
  /** True when the database keeps `name` exactly as given (length in its own unit, characters it allows). */
  fits(name: string): boolean;
  /** Equal for two names the database takes to be the same column. */
  sameNameKey(name: string): string;
}

/** Names as SQLite keeps them; it has no length limit, but we keep names MySQL could hold too. */
export const SQLITE_IDENTIFIERS: IdentifierRules = {
  maxLength: 64,
  fits: (name) => name.length <= 64 && survivesEveryDialect(name),
  sameNameKey: (name) => name.toLowerCase(),
};

export function assignSqlNames(columns: Column[], rules: IdentifierRules): StoredColumn[] {
  const taken = new Set<string>([rules.sameNameKey(ROW_ORDER_COLUMN)]);
  return columns.map((column, position) => {
    let sqlName = column.name;
    if (!rules.fits(sqlName) || taken.has(rules.sameNameKey(sqlName))) sqlName = fallbackName(column.name, position, rules, taken);
    taken.add(rules.sameNameKey(sqlName));
    return { ...column, sqlName };
  });
}

/** Rules every dialect shares: not empty, no NUL, no trailing spaces (MySQL drops them). */
export function survivesEveryDialect(name: string): boolean {
  return name.length > 0 && !name.includes('\0') && name.trimEnd() === name;
}

function fallbackName(name: string, position: number, rules: IdentifierRules, taken: Set<string>): string {
  const readable = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const base = `c${position}_${readable}`.slice(0, rules.maxLength);
  // Another column may already be called exactly that (a name like "c3_x" in the data).
  let fallback = base;
  for (let attempt = 2; taken.has(rules.sameNameKey(fallback)); attempt++) fallback = `${base.slice(0, rules.maxLength - String(attempt).length - 1)}_${attempt}`;
  return fallback;
}
