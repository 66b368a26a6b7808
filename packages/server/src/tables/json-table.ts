/**
 * Turns a parsed JSON document into a table. Understood shapes, after an optional JSONPath
 * `rootSelector` picks the part to read:
 * - an array of objects (one row each; columns = union of keys over the first rows);
 * - an array of scalars (one column `value`);
 * - a Grafana table `{ columns: [{ text, type }], rows }`;
 * - a Grafana data frame `{ fields: [{ name, type, values }] }` or `{ schema: { fields }, data: { values } }`;
 * - an object of columns `{ a: [...], b: [...] }` (arrays of equal length);
 * - any other object (one row).
 */
import { JSONPath } from 'jsonpath-plus';
import { COLUMN_TYPES, type Column, type ColumnType, type TableStream } from '../domain.js';
import { cellConverter } from './cell-types.js';
import { recordsToTable, type DeclaredColumn } from './records-table.js';

export interface JsonColumn {
  name: string;
  /** JSONPath into each record (e.g. `$.address.city`); default: the key `name`. */
  selector?: string;
  type?: ColumnType;
}

export interface JsonTableOptions {
  /** JSONPath to the part of the document holding the rows, e.g. `$.data.items`. */
  rootSelector?: string;
  columns?: readonly JsonColumn[];
}

export async function jsonToTable(document: unknown, options: JsonTableOptions = {}): Promise<TableStream> {
  const root = options.rootSelector ? rootOf(selectJsonPath(document, options.rootSelector)) : document;
  const declared = options.columns?.map(toDeclaredColumn);
  if (Array.isArray(root)) {
    const records = root.every(isObject) ? (root as Record<string, unknown>[]) : root.map((item) => (isObject(item) ? item : { value: item }));
    return recordsToTable(records, declared);
  }
  if (isObject(root)) {
    const shaped = grafanaShapedTable(root);
    if (shaped && !declared) return shaped;
    const columnar = objectOfColumns(root);
    return recordsToTable(columnar ?? [root], declared);
  }
  return recordsToTable(root === null || root === undefined ? [] : [{ value: root }], declared);
}

/** Every value a JSONPath matches (jsonpath-plus answers `undefined`, not none, for a `null` document). */
export function selectJsonPath(document: unknown, path: string): unknown[] {
  return (JSONPath({ path, json: document as object, wrap: true }) as unknown[] | undefined) ?? [];
}

/**
 * The part to read, from what a `rootSelector` found: a path naming one array means that
 * array; a path matching many items means those items.
 */
export function rootOf(found: unknown[]): unknown {
  return found.length === 1 && Array.isArray(found[0]) ? found[0] : found;
}

function toDeclaredColumn(column: JsonColumn): DeclaredColumn {
  const selector = column.selector;
  if (!selector) return { name: column.name, type: column.type };
  const simple = /^\$?\.?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)$/.exec(selector);
  if (simple) {
    const keys = simple[1]!.split('.');
    return { name: column.name, type: column.type, select: (record) => followKeys(record, keys) };
  }
  return { name: column.name, type: column.type, select: (record) => JSONPath({ path: selector, json: record, wrap: false }) };
}

/** The value at a key path, through objects only; undefined where the path leaves them. */
function followKeys(record: Record<string, unknown>, keys: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of keys) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function columnType(type: unknown): ColumnType {
  return (COLUMN_TYPES as readonly unknown[]).includes(type) ? (type as ColumnType) : 'string';
}

/** Grafana's own table and frame shapes, which carry their column types. */
function grafanaShapedTable(root: Record<string, unknown>): TableStream | null {
  if (Array.isArray(root.columns) && Array.isArray(root.rows)) {
    const columns: Column[] = root.columns.map((column: { text?: unknown; name?: unknown; type?: unknown }) => ({
      name: String(column.text ?? column.name ?? ''),
      type: columnType(column.type),
    }));
    const converters = columns.map((column) => cellConverter(column.type));
    const rows = (root.rows as unknown[][]).map((row) => converters.map((convert, index) => convert(row[index])));
    return { columns, rows };
  }
  const schema = isObject(root.schema) ? root.schema : null;
  const fields = (Array.isArray(root.fields) ? root.fields : schema && Array.isArray(schema.fields) ? schema.fields : null) as
    | Array<{ name?: unknown; type?: unknown; values?: unknown[] }>
    | null;
  if (!fields) return null;
  const data = isObject(root.data) && Array.isArray(root.data.values) ? (root.data.values as unknown[][]) : fields.map((field) => field.values ?? []);
  const columns: Column[] = fields.map((field) => ({ name: String(field.name ?? ''), type: columnType(field.type) }));
  const length = Math.max(0, ...data.map((values) => values.length));
  const converters = columns.map((column) => cellConverter(column.type));
  const rows = Array.from({ length }, (_, index) => converters.map((convert, field) => convert(data[field]?.[index])));
  return { columns, rows };
}

/** `{ a: [1, 2], b: [3, 4] }` as records, when every value is an array of one length. */
function objectOfColumns(root: Record<string, unknown>): Record<string, unknown>[] | null {
  const entries = Object.entries(root);
  if (entries.length === 0 || !entries.every(([, values]) => Array.isArray(values))) return null;
  const length = (entries[0]![1] as unknown[]).length;
  if (!entries.every(([, values]) => (values as unknown[]).length === length)) return null;
  return Array.from({ length }, (_, index) => Object.fromEntries(entries.map(([key, values]) => [key, (values as unknown[])[index]])));
}
