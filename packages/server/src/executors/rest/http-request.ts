/**
 * The HTTP request one execution sends: the configured uri with its placeholders filled, the
 * other arguments as query parameters (GET) or as a JSON object body (POST), and the
 * configured headers.
 */
import type { Args } from '../../domain.js';
import { fillPathPlaceholders } from './path-placeholders.js';
import { queryWithArguments } from './query-arguments.js';
import type { JobHeaders } from './job-headers.js';
import type { UriTemplate } from './uri-template.js';

export type HttpMethod = 'GET' | 'POST';

export interface HttpRequest {
  url: URL;
  method: HttpMethod;
  /** The defaults and the configured headers, for the configured origin only. */
  headers: Headers;
  /** The defaults without the configured headers (which may hold secrets), for redirects elsewhere. */
  headersForOtherHosts: Headers;
  body: string | null;
}

/** Built once per execution; throws, naming the argument, when an argument cannot be used. */
export function buildHttpRequest(template: UriTemplate, method: HttpMethod, headers: JobHeaders, args: Readonly<Args>): HttpRequest {
  const url = new URL(template.base);
  const path = fillPathPlaceholders(template, args);
  url.pathname = path;
  // Belt and braces: the filled path is all percent-encoded, so the URL parser must keep it
  // as it is and the origin cannot move. If either changed, something above is wrong.
  if (url.pathname !== path || url.origin !== template.base.origin) {
    throw new Error("the job's uri could not be filled safely with the request's arguments");
  }
  const rest = Object.fromEntries(Object.entries(args).filter(([name]) => !template.placeholders.includes(name)));
  if (method === 'GET') {
    url.search = queryWithArguments(template.base.search, template.configuredQueryNames, rest);
    return { url, method, headers: new Headers(headers.all), headersForOtherHosts: new Headers(headers.defaults), body: null };
  }
  const all = new Headers(headers.all);
  const defaults = new Headers(headers.defaults);
  if (!all.has('content-type')) all.set('content-type', 'application/json');
  defaults.set('content-type', all.get('content-type')!);
  return { url, method, headers: all, headersForOtherHosts: defaults, body: JSON.stringify(rest) };
}
