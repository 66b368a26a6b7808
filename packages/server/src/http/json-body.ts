/**
 * Request bodies are JSON, read as Fastify's own parser reads them — secure-json-parse, which
 * refuses a `__proto__` or `constructor.prototype` key (such keys poison objects that code later
 * merges the body into) — but a body that is not JSON is answered with what is wrong and where
 * (json-syntax-problem.ts), where Fastify's parser says only "Body is not valid JSON".
 */
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { BadRequestError } from '../errors.js';
import { describeJsonSyntaxError, SENT_TEXT_LOCATE_LIMIT } from '../json-syntax-problem.js';

/** How secure-json-parse's SyntaxError for a forbidden key starts. */
const FORBIDDEN_KEY = 'Object contains forbidden';

export function parseJsonBody(text: string): unknown {
  if (text === '') throw new BadRequestError('the request body is empty; send a JSON object');
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    if (error.message.startsWith(FORBIDDEN_KEY)) throw new BadRequestError('the request body holds a "__proto__" or "constructor.prototype" key, which no Scheduler request has; remove it');
    throw new BadRequestError(`the request body is not valid JSON: ${describeJsonSyntaxError(error, text, 'the body', SENT_TEXT_LOCATE_LIMIT)}`);
  }
}

/** Replaces Fastify's JSON body parser by {@link parseJsonBody}. */
export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
