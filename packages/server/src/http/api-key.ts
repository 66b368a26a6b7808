/**
 * The API key check: with `apiKeyValue` set, every route but the health checks needs the key,
 * in the original's `schedulerKey` header or as `Authorization: Bearer <key>`. Compared as
 * SHA-256 digests with timingSafeEqual, so neither the key's content nor its length leaks
 * through response times.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function apiKeyCheck(apiKey: string, openPaths: ReadonlySet<string>) {
  const expected = digest(apiKey);
  return async (request: FastifyRequest): Promise<void> => {
    if (request.method === 'GET' && openPaths.has(request.routeOptions.url ?? '')) return;
    const given = presentedKey(request);
    if (given === undefined) {
      throw new UnauthorizedError('this Scheduler requires an API key: send it in the schedulerKey header (Grafana: datasource > custom HTTP headers) or as Authorization: Bearer <key>');
    }
    if (!timingSafeEqual(digest(given), expected)) throw new UnauthorizedError('the API key is wrong: check the schedulerKey header against the server\'s apiKeyValue');
  };
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.schedulerkey;
  if (typeof header === 'string' && header !== '') return header;
  const authorization = request.headers.authorization;
  const match = typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1];
}
