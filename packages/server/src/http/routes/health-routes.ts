/** Health for operators and load balancers: 200 when the store answers, 503 when it does not. */
import type { FastifyPluginAsync } from 'fastify';
import type { RequestQueue } from '../../queue/request-queue.js';
import type { Store } from '../../store/store.js';

export interface HealthRoutesOptions {
  store: Store;
  queue: RequestQueue;
  version: string;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { store, queue, version }) => {
  const health = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    const storeUp = await store.ping();
    return reply.status(storeUp ? 200 : 503).send({ status: storeUp ? 'ok' : 'degraded', version, store: storeUp ? 'up' : 'down', queue: queue.stats() });
  };
  app.get('/health', { schema: { tags: ['operations'], summary: 'Store and queue health' } }, health);
  app.get('/api/v1/health', { schema: { tags: ['operations'], summary: 'Store and queue health' } }, health);
};
