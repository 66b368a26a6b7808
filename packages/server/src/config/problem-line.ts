/**
 * How one config problem reads: `path: what was expected (got value)`. Every problem about a
 * setting goes through here so that they all look alike and none of them leaks a secret into a
 * log or a terminal scrollback.
 */
import type { KeyPath } from './key-path.js';
import { formatKeyPath } from './key-path.js';

/**
 * Keys whose values are never shown. Deliberately broad (it also masks, say, `sortKey`): showing
 * `"***"` for a harmless value costs a glance, printing a password costs a rotation.
 */
export const SECRET_KEY_PATTERN = /password|passwd|secret|key|token|credential|auth/i;

/** Values longer than this are cut: enough to recognise the value, short enough to stay one line. */
const MAX_VALUE_LENGTH = 80;
const MASK = '***';

/** `jobsConfigList[1].config.timeoutSec: expected a number greater than 0 (got "abc")`. */
export function problemLine(path: KeyPath, expected: string, value: unknown): string {
  return `${formatKeyPath(path)}: ${expected} (${value === undefined ? 'missing' : `got ${describeValue(path, value)}`})`;
}

/** The value as JSON, truncated, with secrets — by its own key or nested ones — shown as `"***"`. */
export function describeValue(path: KeyPath, value: unknown): string {
  const secret = path.some((segment) => typeof segment === 'string' && SECRET_KEY_PATTERN.test(segment));
  const json = secret
    ? JSON.stringify(MASK)
    : JSON.stringify(value, (key, nested: unknown) => (key !== '' && SECRET_KEY_PATTERN.test(key) ? MASK : nested));
  const text = json ?? String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...` : text;
}
