/**
 * The job's `uri` as a template: a fixed scheme, host, port and path, an optional fixed query,
 * and `{name}` placeholders in the path that arguments fill. Parsed once at start, so a bad
 * `uri` stops the start with a config problem instead of failing every request.
 *
 * Placeholders are only allowed in the path: the scheme, host and port are never built from
 * request arguments, whatever they contain.
 */
import { ARGUMENT_NAME_PATTERN } from '../../jobs/argument-spec.js';

/** One piece of the configured path: literal text (already URL-encoded) or a placeholder. */
export type PathPart = { literal: string } | { argument: string };

export interface UriTemplate {
  /** The configured URL without fragment; its path still holds the placeholders. */
  base: URL;
  /** The path split at its placeholders. */
  pathParts: readonly PathPart[];
  /** Names of the arguments the path needs, in order of appearance, without repeats. */
  placeholders: readonly string[];
  /** Names of the query parameters the configuration already sets (arguments cannot add to them). */
  configuredQueryNames: ReadonlySet<string>;
}

/** `{name}` as the URL parser leaves it in a path: the braces percent-encoded. */
const ENCODED_PLACEHOLDER = /%7B([^/]*?)%7D/gi;
const ANY_BRACE = /[{}]|%7B|%7D/i;

/** Parses the configured uri; returns the problem (without the value) when it cannot be used. */
export function parseUriTemplate(text: string): UriTemplate | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { problem: 'expected an absolute http:// or https:// URL, such as https://api.example.com/v1/items' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `expected an http:// or https:// URL, not ${url.protocol}` };
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses them, and a password in a URL ends up in every log line that shows it.
    return { problem: 'credentials in the URL (user:password@) are not supported; send them in headers (Authorization) instead' };
  }
  if (ANY_BRACE.test(url.host) || ANY_BRACE.test(url.search)) {
    return { problem: '{name} placeholders are only allowed in the path, never in the host, port or query' };
  }
  url.hash = '';
  const pathParts: PathPart[] = [];
  const placeholders: string[] = [];
  let last = 0;
  for (const match of url.pathname.matchAll(ENCODED_PLACEHOLDER)) {
    const name = safeDecode(match[1]!);
    if (!ARGUMENT_NAME_PATTERN.test(name)) {
      return { problem: `the placeholder {${name}} is not an argument name (letters, digits, ., -, _; starting with a letter or _)` };
    }
    pathParts.push({ literal: url.pathname.slice(last, match.index) }, { argument: name });
    if (!placeholders.includes(name)) placeholders.push(name);
    last = match.index + match[0].length;
  }
  pathParts.push({ literal: url.pathname.slice(last) });
  return {
    base: url,
    pathParts: pathParts.filter((part) => !('literal' in part) || part.literal !== ''),
    placeholders,
    configuredQueryNames: new Set(url.searchParams.keys()),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
