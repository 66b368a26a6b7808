/**
 * Sends the request and follows redirects by hand (`redirect: 'manual'`), because fetch's own
 * following would go anywhere: an API that answers `302 Location: http://10.0.0.5/admin`
 * would make Scheduler fetch from inside the network on a dashboard user's behalf.
 *
 * Rules, checked at every hop before it is requested:
 * - at most `maxRedirects` hops;
 * - the target must have the configured uri's origin (scheme, host and port), or its host
 *   (or host:port) must be listed in `allowRedirectHosts`;
 * - never from https to http, listed or not;
 * - the configured headers (which may hold secrets) go only to the configured origin;
 * - 303, and 301/302 after a POST, continue as a GET without body, as browsers do.
 */
import type { HttpRequest } from './http-request.js';
import { networkFailure } from './network-failure.js';
import { hostAndPort, targetName } from './target-name.js';

export interface RedirectPolicy {
  maxRedirects: number;
  /** Lower-case `host` (any port) or `host:port` entries. */
  allowRedirectHosts: readonly string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The final answer and the URL it came from. */
export async function fetchFollowingRedirects(first: HttpRequest, policy: RedirectPolicy, signal: AbortSignal): Promise<{ response: Response; url: URL }> {
  let request = first;
  for (let hops = 0; ; hops++) {
    const response = await send(request, signal);
    if (!REDIRECT_STATUSES.has(response.status)) return { response, url: request.url };
    await response.body?.cancel().catch(() => undefined);
    const from = `HTTP ${response.status} from ${targetName(request.url)}`;
    if (hops >= policy.maxRedirects) throw new Error(`${from} would be redirect number ${hops + 1}, more than maxRedirects=${policy.maxRedirects}`);
    const location = response.headers.get('location');
    if (location === null) throw new Error(`${from} redirects without a Location header`);
    let next: URL;
    try {
      next = new URL(location, request.url);
    } catch {
      throw new Error(`${from} redirects to a Location that is not a URL`);
    }
    refuseForbiddenHop(request.url, next, first.url, policy, from);
    request = nextRequest(first, request, next, response.status);
  }
}

/** One fetch; a network failure (fetch's TypeError) becomes a message naming host and port. */
async function send(request: HttpRequest, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal });
  } catch (error) {
    throw error instanceof TypeError ? networkFailure(error, request.url) : error;
  }
}

function refuseForbiddenHop(current: URL, next: URL, configured: URL, policy: RedirectPolicy, from: string): void {
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`${from} redirects to a ${next.protocol} URL; only http and https are followed`);
  if (current.protocol === 'https:' && next.protocol === 'http:') throw new Error(`${from} redirects from https to http (${hostAndPort(next)}), which is never followed`);
  if (next.origin === configured.origin) return;
  const host = next.hostname.toLowerCase();
  if (policy.allowRedirectHosts.includes(host) || policy.allowRedirectHosts.includes(hostAndPort(next).toLowerCase())) return;
  throw new Error(`${from} redirects to another host (${next.protocol}//${hostAndPort(next)}), which is refused; list "${next.hostname}" in allowRedirectHosts to follow it`);
}

/** The request for the next hop; the headers depend on where it goes, not on where it came from. */
function nextRequest(first: HttpRequest, previous: HttpRequest, url: URL, status: number): HttpRequest {
  const becomesGet = status === 303 || ((status === 301 || status === 302) && previous.method === 'POST');
  const headers = new Headers(url.origin === first.url.origin ? first.headers : first.headersForOtherHosts);
  const headersForOtherHosts = new Headers(first.headersForOtherHosts);
  const body = becomesGet ? null : previous.body;
  if (body === null) {
    headers.delete('content-type');
    headersForOtherHosts.delete('content-type');
  }
  return { url, method: becomesGet ? 'GET' : previous.method, headers, headersForOtherHosts, body };
}
