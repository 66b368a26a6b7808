/**
 * Request arguments as query parameters, added after the query the configuration already has.
 *
 * Names and values are percent-encoded with encodeURIComponent, so `&`, `=`, `#`, `+`, spaces
 * and any Unicode arrive at the API exactly as given. Spaces become `%20` rather than the
 * form-encoding `+`: every URL decoder reads `%20` as a space, not every one reads `+` so.
 * A multi-value argument repeats its parameter (`tag=a&tag=b`), as Grafana multi-value
 * variables expect.
 */
import type { ArgScalar, Args } from '../../domain.js';

/** `?configured&name=value…` for the given arguments (the configured query first, unchanged). */
export function queryWithArguments(configuredSearch: string, configuredNames: ReadonlySet<string>, args: Readonly<Args>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(args)) {
    // A second `api_key=` or `format=` could override the configured one on servers that read
    // the last value: the configured query is part of the job, not of the request.
    if (configuredNames.has(name)) {
      throw new Error(`argument "${name}" is already set in the query of the job's uri and cannot be given by a request`);
    }
    const values: ArgScalar[] = Array.isArray(value) ? value : [value];
    for (const item of values) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  const configured = configuredSearch.replace(/^\?/, '');
  const all = [configured, ...pairs].filter((part) => part !== '');
  return all.length > 0 ? `?${all.join('&')}` : '';
}
