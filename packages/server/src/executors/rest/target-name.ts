/**
 * How a URL is named in messages and logs: host (with port) and path, nothing else. The query
 * may carry API keys from the configuration and the request's own values, so it never appears.
 */
export function targetName(url: URL): string {
  return `${url.host}${url.pathname}`;
}

/** `host:port`, the port spelled out even when it is the scheme's default. */
export function hostAndPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}
