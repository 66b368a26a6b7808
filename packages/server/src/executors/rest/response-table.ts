/**
 * Turns a successful answer into a table, by its content type:
 * - JSON (`application/json`, `text/json`, `*+json`, or any type when the job sets `json: true`):
 *   read whole (JSON cannot be parsed in parts), parsed, `rootSelector` applied, then shaped by
 *   the shared JSON reader (arrays of records, one object, Grafana tables and frames);
 * - CSV (`text/csv`, `application/csv`): streamed through the shared CSV reader, so a big
 *   export is stored as it arrives and never sits in memory whole;
 * - anything else (an HTML login or error page, typically): a failure naming the content type.
 */
import { Readable } from 'node:stream';
import type { ColumnType, TableStream } from '../../domain.js';
import { csvToTable } from '../../tables/csv-table.js';
import { jsonToTable, rootOf, selectJsonPath, type JsonColumn } from '../../tables/json-table.js';
import { parseJsonAnswer } from './json-answer.js';
import { bodyChunks, readWholeText, type BodyReading } from './response-body.js';
import { targetName } from './target-name.js';

export interface TableShaping {
  /** Read the answer as JSON whatever its content type says. */
  json: boolean;
  rootSelector?: string;
  columns?: readonly JsonColumn[];
}

const JSON_TYPE = /^(?:application\/json|text\/json|application\/[\w.+-]+\+json)$/;
const CSV_TYPE = /^(?:text\/csv|application\/csv)$/;

export async function responseToTable(reading: BodyReading, shaping: TableShaping): Promise<TableStream> {
  const { response, url } = reading;
  const contentType = response.headers.get('content-type');
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (response.status === 204) {
    reading.deadline.clear();
    return { columns: [], rows: [] };
  }
  if (shaping.json || JSON_TYPE.test(mediaType)) {
    const text = await readWholeText(reading);
    return jsonAnswerToTable(parseJsonAnswer(text, targetName(url)), shaping, targetName(url));
  }
  if (CSV_TYPE.test(mediaType)) {
    return csvToTable(Readable.from(bodyChunks(reading), { objectMode: false }), { columnTypes: declaredTypes(shaping.columns) });
  }
  await reading.response.body?.cancel().catch(() => undefined);
  reading.deadline.clear();
  const got = contentType === null ? 'no content type' : `content type ${JSON.stringify(contentType.slice(0, 100))}`;
  throw new Error(`expected JSON or CSV from ${targetName(url)}, got ${got}; if the API sends JSON under another content type, set json: true`);
}

function jsonAnswerToTable(document: unknown, shaping: TableShaping, target: string): Promise<TableStream> {
  const { rootSelector, columns } = shaping;
  if (rootSelector === undefined) return jsonToTable(document, { columns });
  let found: unknown[];
  try {
    found = selectJsonPath(document, rootSelector);
  } catch (error) {
    throw new Error(`rootSelector ${JSON.stringify(rootSelector)} could not be applied to the answer from ${target}: ${(error as Error).message}`, { cause: error });
  }
  // An API that changed shape should fail loudly, not answer an empty table.
  if (found.length === 0) throw new Error(`rootSelector ${JSON.stringify(rootSelector)} matched nothing in the answer from ${target}`);
  return jsonToTable(rootOf(found), { columns });
}

/** CSV has no selectors: declared columns only fix the types of the columns they name. */
function declaredTypes(columns: readonly JsonColumn[] | undefined): Record<string, ColumnType> | undefined {
  if (!columns) return undefined;
  return Object.fromEntries(columns.flatMap((column) => (column.type ? [[column.name, column.type]] : [])));
}
