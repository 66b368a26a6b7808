/**
 * The headers a job sends: Scheduler's defaults (`Accept`, `User-Agent`) and the configured
 * `headers`, which win over the defaults.
 *
 * Configured values often hold secrets (`Authorization: Bearer ${API_TOKEN}`), so they are
 * checked here, at start, with messages that name the header but never show its value — the
 * generic config problem lines would print it — and never reach a log or an error later.
 */
import { ConfigError } from '../../config/config-error.js';
import { SCHEDULER_VERSION } from '../../version.js';

export interface JobHeaders {
  /** Defaults plus configured headers: sent to the configured origin. */
  all: Headers;
  /** Defaults only: sent after a redirect to another (allowed) host. */
  defaults: Headers;
}

/** RFC 9110 token characters: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Line breaks and NUL would split the request; fetch also refuses anything above U+00FF. */
// eslint-disable-next-line no-control-regex
const BAD_VALUE_CHARACTER = /[\u0000\r\n]|[^\u0000-\u00ff]/;

const DEFAULT_HEADERS: Record<string, string> = {
  accept: 'application/json, text/csv;q=0.9',
  'user-agent': `Scheduler/${SCHEDULER_VERSION}`,
};

/** Checks the configured headers; throws a ConfigError listing every bad one (values hidden). */
export function jobHeaders(configured: Readonly<Record<string, unknown>>, configPath: string): JobHeaders {
  const problems: string[] = [];
  const all = new Headers(DEFAULT_HEADERS);
  for (const [name, value] of Object.entries(configured)) {
    const at = `${configPath}.config.headers.${name}`;
    const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    if (!HEADER_NAME.test(name)) problems.push(`${at}: not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`);
    else if (typeof text !== 'string') problems.push(`${at}: expected text (value not shown: header values may be secrets)`);
    else if (BAD_VALUE_CHARACTER.test(text)) {
      problems.push(`${at}: the value contains a line break, NUL or a character beyond Latin-1, which HTTP headers cannot carry (value not shown: header values may be secrets)`);
    } else all.set(name, text.trim());
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { all, defaults: new Headers(DEFAULT_HEADERS) };
}
