/**
 * Turns a statement with `:name` parameters and the request's values into the driver's
 * placeholders and a list of bind values. Values never become SQL text: each one is sent to the
 * database as a bind parameter, so quotes, `;`, comments or `:other` inside a value are data.
 *
 * - A list value (a multi-value argument) becomes one placeholder per item, separated by commas,
 *   for `IN (:regions)`; an empty list becomes a single NULL, which matches nothing.
 * - Grafana's dashboard range is available as `:__from` and `:__to` (epoch milliseconds) and
 *   `:__from_ts` and `:__to_ts` (timestamps, UTC).
 */
import type { Args, ArgValue, TimeRange } from '../../domain.js';
import type { DatabaseDialect } from '../../database/database-url.js';
import type { ParsedStatement } from './named-parameters.js';
import type { BindValue, BoundStatement } from './sql-database.js';

/** The parameters filled from the request's time range, never from arguments. */
export const TIME_RANGE_PARAMETERS = ['__from', '__to', '__from_ts', '__to_ts'] as const;

export function isTimeRangeParameter(name: string): boolean {
  return (TIME_RANGE_PARAMETERS as readonly string[]).includes(name);
}

/** Parameter names that are neither arguments nor the time range: reserved for Scheduler. */
export function isReservedParameter(name: string): boolean {
  return name.startsWith('__') && !isTimeRangeParameter(name);
}

/** Values of the time-range parameters; throws when the statement needs them and there is no range. */
export function timeRangeValues(parameters: readonly string[], range: TimeRange | null): Record<string, BindValue> {
  const used = parameters.filter(isTimeRangeParameter);
  if (used.length === 0) return {};
  if (!range) {
    throw new Error(
      `the statement uses ${used.map((name) => `:${name}`).join(', ')}, which need a dashboard time range, but the request has none; run it from a Grafana panel or give "range": {"from": …, "to": …}`,
    );
  }
  return { __from: range.from, __to: range.to, __from_ts: new Date(range.from), __to_ts: new Date(range.to) };
}

/**
 * Problems with the arguments a statement needs: each parameter needs a value (an argument,
 * which may come from fixedArgs or a default). Reported before the request is queued.
 */
export function missingParameters(statement: ParsedStatement, args: Readonly<Args>): string[] {
  return statement.parameters
    .filter((name) => !isTimeRangeParameter(name) && !(name in args))
    .map((name) => `the statement's parameter :${name} has no value: give argument "${name}" (in the job's argSet, required or with a default, or in fixedArgs)`);
}

/** The statement in the dialect's placeholder syntax, with one bind value per placeholder. */
export function bindParameters(statement: ParsedStatement, values: Readonly<Record<string, ArgValue | BindValue>>, dialect: DatabaseDialect): BoundStatement {
  const bound: BindValue[] = [];
  const placeholder = () => (dialect === 'postgres' ? `$${bound.length}` : '?');
  let text = '';
  for (const part of statement.parts) {
    if ('text' in part) {
      text += part.text;
      continue;
    }
    const value = values[part.parameter];
    if (value === undefined) throw new Error(`the statement's parameter :${part.parameter} has no value`);
    const items = Array.isArray(value) ? (value.length > 0 ? value : [null]) : [value];
    text += items
      .map((item) => {
        bound.push(item);
        return placeholder();
      })
      .join(', ');
  }
  return { text, values: bound };
}

/**
 * The statement with only Grafana's range as parameters: for SQL text from a request, where any
 * other `:name` is left exactly as written for the database to read.
 */
export function onlyTimeRangeParameters(statement: ParsedStatement): ParsedStatement {
  const parts = statement.parts.map((part) => ('parameter' in part && !isTimeRangeParameter(part.parameter) ? { text: `:${part.parameter}` } : part));
  return { ...statement, parts, parameters: statement.parameters.filter(isTimeRangeParameter) };
}
