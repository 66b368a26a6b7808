/**
 * One place that turns errors into answers: `{ "message", "code", "statusCode" }`. Grafana shows
 * `message` in the panel, so it must say what to fix. Scheduler's own errors carry their status
 * (bodies that are not JSON are refused by json-body.ts); Fastify's (schema violations,
 * oversized bodies) keep theirs with a clearer text; anything else is a bug: logged whole,
 * answered 500 without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SchedulerError } from '../errors.js';

interface ErrorBody {
  message: string;
  code: string;
  statusCode: number;
}

export function registerErrorHandling(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = describeError(error, bodyLimitBytes);
    if (body.statusCode >= 500 && !(error instanceof SchedulerError)) request.log.error({ err: error }, 'unexpected error');
    else request.log.info({ code: body.code, statusCode: body.statusCode, msg: body.message }, 'request refused');
    return reply.status(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      message: `no endpoint ${request.method} ${request.url.split('?')[0]}: Grafana's datasource URL is http://HOST:PORT/scheduler; the native API is under /api/v1 (GET /api/v1/openapi.json describes it)`,
      code: 'NOT_FOUND',
      statusCode: 404,
    }),
  );
}

function describeError(error: FastifyError, bodyLimitBytes: number): ErrorBody {
  if (error instanceof SchedulerError) return { message: error.message, code: error.code, statusCode: error.statusCode };
  if (error.validation) {
    const context = error.validationContext ?? 'request';
    const problems = error.validation.map((issue) => `${context}${issue.instancePath || ''} ${issue.message ?? 'is invalid'}`);
    return { message: `invalid ${context}: ${problems.join('; ')}`, code: 'BAD_REQUEST', statusCode: 400 };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { message: `the request body is larger than the ${bodyLimitBytes} bytes allowed (bodyLimitBytes)`, code: 'BODY_TOO_LARGE', statusCode: 413 };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { message: 'send the body as JSON with Content-Type: application/json', code: 'UNSUPPORTED_MEDIA_TYPE', statusCode: 415 };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return { message: error.message, code: 'BAD_REQUEST', statusCode: error.statusCode };
  return { message: 'internal error in Scheduler; the server log has the details', code: 'INTERNAL', statusCode: 500 };
}
