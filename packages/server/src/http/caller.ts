/**
 * Who is asking. Only the `X-Grafana-User` header counts — Grafana sets it when the datasource
 * has `send_user_header` on, and a browser cannot forge it through Grafana's proxy. A `user` in a
 * request body is ignored: trusting it would let anyone act as anyone.
 */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain.js';
import { BadRequestError } from '../errors.js';

export const USER_HEADER = 'x-grafana-user';
const MAX_USER_LENGTH = 256;

export function callerOf(request: FastifyRequest): Caller {
  const header = request.headers[USER_HEADER];
  const user = Array.isArray(header) ? header[0] : header;
  if (user === undefined || user === '') return { user: '*' };
  if (user.length > MAX_USER_LENGTH) throw new BadRequestError(`header X-Grafana-User is longer than ${MAX_USER_LENGTH} characters`);
  return { user };
}
