/**
 * Turns a program's stdout into the result table, by `outputFormat`:
 * - `lines`: one row per line, in one string column `Output` (the original's captureOutput);
 * - `csv`: a header row then data, column types inferred (numbers, ISO or epoch times, booleans);
 * - `ndjson`: one JSON object per line (blank lines skipped), columns from their keys;
 * - `json`: one JSON document — an array of objects, an object of columns, a Grafana table or
 *   frame — read whole once the program has exited (it is bounded by the output cap).
 * All but `json` stream: rows flow to the store as the program prints them, so a result larger
 * than memory is fine and a slow store slows the program down instead of filling memory.
 */
import type { Readable } from 'node:stream';
import type { Row, TableStream } from '../../domain.js';
import { describeJsonSyntaxError } from '../../json-syntax-problem.js';
import { csvToTable } from '../../tables/csv-table.js';
import { jsonToTable } from '../../tables/json-table.js';
import { recordsToTable } from '../../tables/records-table.js';
import { linesOf } from './line-splitter.js';
import type { OutputFormat } from './process-config.js';
import type { ProcessRun } from './process-run.js';
import { rowsUntilExit } from './rows-until-exit.js';

export async function stdoutTable(format: Exclude<OutputFormat, 'none'>, run: ProcessRun): Promise<TableStream> {
  if (format === 'json') {
    const text = await readAll(run.stdout);
    await run.succeeded();
    return jsonToTable(parseJsonOutput(text));
  }
  let table: TableStream;
  try {
    table = await streamedTable(format, run.stdout);
  } catch (error) {
    throw await run.failureAfter(error);
  }
  return { columns: table.columns, rows: rowsUntilExit(table.rows, run) };
}

function streamedTable(format: 'lines' | 'csv' | 'ndjson', stdout: Readable): Promise<TableStream> {
  switch (format) {
    case 'csv':
      return csvToTable(stdout);
    case 'ndjson':
      return recordsToTable(ndjsonRecords(stdout));
    case 'lines':
      return Promise.resolve({ columns: [{ name: 'Output', type: 'string' }], rows: lineRows(stdout) });
  }
}

async function* lineRows(stdout: Readable): AsyncGenerator<Row> {
  for await (const line of linesOf(stdout)) yield [line];
}

async function* ndjsonRecords(stdout: Readable): AsyncGenerator<Record<string, unknown>> {
  let lineNumber = 0;
  for await (const line of linesOf(stdout)) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new Error(`stdout line ${lineNumber} is not valid JSON (outputFormat ndjson): ${describeJsonSyntaxError(error, line, 'the line')}`, { cause: error });
    }
    yield typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  }
}

async function readAll(stdout: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdout) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonOutput(text: string): unknown {
  const document = text.replace(/^\uFEFF/, '');
  if (document.trim() === '') throw new Error('stdout is empty, but outputFormat json expects one JSON document');
  try {
    return JSON.parse(document);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new Error(`stdout is not valid JSON (outputFormat json): ${describeJsonSyntaxError(error, document, 'stdout')}`, { cause: error });
  }
}
