/**
 * Labels and sources as users type them into dashboards: checked once here so the registry
 * never holds one that would break a table, a log line or a key.
 */
import { BadRequestError } from '../errors.js';

const MAX_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** '' and '*' mean "no label", as in the original. */
export function normalizeLabel(label: unknown): string | null {
  if (label === undefined || label === null || label === '' || label === '*') return null;
  return checkName('label', label);
}

/** Missing means '*', the original's default source. */
export function normalizeSource(source: unknown): string {
  if (source === undefined || source === null || source === '') return '*';
  return checkName('source', source);
}

function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadRequestError(`${field} must be a string, got ${JSON.stringify(value)}`);
  if (value.length > MAX_LENGTH) throw new BadRequestError(`${field} must be at most ${MAX_LENGTH} characters, got ${value.length}`);
  if (CONTROL_CHARACTERS.test(value)) throw new BadRequestError(`${field} must not contain control characters (newlines, tabs, NUL…)`);
  return value;
}
