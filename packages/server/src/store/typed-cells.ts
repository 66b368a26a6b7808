/**
 * Cells as a database server's typed columns accept them. SQLite takes any value in any column;
 * MySQL and PostgreSQL refuse a whole batch for one value their column type cannot hold (NaN in a
 * DOUBLE, 1.5 in a BIGINT, a string in a BOOLEAN), and a result must not fail for one odd cell
 * that an executor let through. So each cell is made to fit its column, or stored as NULL — as
 * the table builders already do for values that do not fit (tables/cell-types.ts).
 */
import type { Cell, ColumnType } from '../domain.js';

/** The largest magnitude a BIGINT holds, rounded down to what a double can say exactly. */
const BIGINT_LIMIT = 9_223_372_036_854_774_784;

export type TypedCell = number | string | boolean | null;

/** The converter for one column type, picked once per column: results have millions of cells. */
export function typedCell(type: ColumnType): (value: Cell | undefined) => TypedCell {
  switch (type) {
    case 'time':
      return toEpochInteger;
    case 'number':
      return toFiniteNumber;
    case 'boolean':
      return toBoolean;
    default:
      return toText;
  }
}

/** Times are stored in BIGINT columns: whole milliseconds. */
function toEpochInteger(value: Cell | undefined): number | null {
  const number = toFiniteNumber(value);
  return number === null || Math.abs(number) > BIGINT_LIMIT ? null : Math.round(number);
}

/** DOUBLE columns hold no NaN (MySQL) and JSON has no Infinity: both become NULL. */
function toFiniteNumber(value: Cell | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') return toFiniteNumber(Number(value));
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function toBoolean(value: Cell | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return /^(?:true|t|1|yes)$/i.test(value.trim()) ? true : /^(?:false|f|0|no)$/i.test(value.trim()) ? false : null;
  return null;
}

function toText(value: Cell | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
