/**
 * Builds the HTTP server: Grafana's routes under /scheduler, the native API under /api/v1, its
 * OpenAPI document, health, the API key check and the one error handler.
 */
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RequestQueue } from '../queue/request-queue.js';
import type { RequestManager } from '../requests/request-manager.js';
import type { Store } from '../store/store.js';
import { apiKeyCheck } from './api-key.js';
import { registerErrorHandling } from './error-handler.js';
import { useJsonBodyParser } from './json-body.js';
import { apiV1Routes } from './routes/api-v1-routes.js';
import { grafanaRoutes } from './routes/grafana-routes.js';
import { healthRoutes } from './routes/health-routes.js';

export interface AppOptions {
  manager: RequestManager;
  store: Store;
  queue: RequestQueue;
  log: Logger;
  apiKey: string | null;
  bodyLimitBytes: number;
  maxTargetsPerQuery: number;
  version: string;
}

/** Reachable without the API key: Grafana's "Test connection" and load-balancer health checks. */
const OPEN_PATHS = new Set(['/scheduler', '/scheduler/', '/health', '/api/v1/health']);

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const verbose = ['debug', 'trace'].includes(options.log.level);
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    // Per-request log lines cost about a third of the throughput; they are on at debug level.
    logController: new LogController({ disableRequestLogging: !verbose }),
    bodyLimit: options.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { allErrors: true, coerceTypes: true, removeAdditional: false } },
  });
  registerErrorHandling(app, options.bodyLimitBytes);
  // Every body is JSON: without this, Fastify's built-in text/plain parser lets a text body
  // through to fail as "body must be object" instead of a 415 asking for JSON.
  app.removeContentTypeParser('text/plain');
  useJsonBodyParser(app);
  if (options.apiKey) app.addHook('onRequest', apiKeyCheck(options.apiKey, OPEN_PATHS));

  await app.register(swagger, {
    openapi: {
      info: { title: 'Scheduler', version: options.version, description: 'Run jobs from Grafana and cache their results as SQL tables' },
      components: { securitySchemes: { schedulerKey: { type: 'apiKey', in: 'header', name: 'schedulerKey' } } },
    },
  });
  await app.register(grafanaRoutes, { prefix: '/scheduler', manager: options.manager, maxTargetsPerQuery: options.maxTargetsPerQuery });
  await app.register(apiV1Routes, { prefix: '/api/v1', manager: options.manager });
  await app.register(healthRoutes, { store: options.store, queue: options.queue, version: options.version });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
