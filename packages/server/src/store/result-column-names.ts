/**
 * Maps result column names to SQL column names. Names from data are kept as they are (always as
 * quoted identifiers) unless the database cannot hold them: too long, equal to another column
 * once case is folded (MySQL and SQLite compare names without case), empty, containing NUL, or
 * equal to our row-order column. Those get `c<position>_<readable part>` instead; the original
 * name is kept in the registry and shown to Grafana.
 */
import type { Column, StoredColumn } from '../domain.js';

/** The column that keeps a result's row order: SQL tables have none of their own. */
export const ROW_ORDER_COLUMN = 'scheduler_row';

export function assignSqlNames(columns: Column[], maxLength: number): StoredColumn[] {
  const taken = new Set<string>([ROW_ORDER_COLUMN]);
  return columns.map((column, position) => {
    let sqlName = column.name;
    if (!isStorable(sqlName, maxLength) || taken.has(sqlName.toLowerCase())) {
      sqlName = fallbackName(column.name, position, maxLength);
    }
    taken.add(sqlName.toLowerCase());
    return { ...column, sqlName };
  });
}

function isStorable(name: string, maxLength: number): boolean {
  // Trailing spaces are dropped by MySQL; keep names that survive every dialect unchanged.
  return name.length > 0 && name.length <= maxLength && !name.includes('\0') && name.trimEnd() === name;
}

function fallbackName(name: string, position: number, maxLength: number): string {
  const readable = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return `c${position}_${readable}`.slice(0, maxLength);
}
