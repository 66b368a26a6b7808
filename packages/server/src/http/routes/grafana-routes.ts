/**
 * The Grafana-facing routes under /scheduler: the original's SimpleJSON protocol and simpod's
 * JSON datasource protocol side by side (they share `/query`, told apart per target by `data`
 * versus `payload`).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Caller, Table, TableStream } from '../../domain.js';
import type { Job } from '../../jobs/job.js';
import { BadRequestError } from '../../errors.js';
import type { RequestManager } from '../../requests/request-manager.js';
import { canExecute, canRead } from '../../requests/permissions.js';
import { answerTarget, prepareTarget, readTimeRange } from '../answer-target.js';
import { callerOf } from '../caller.js';
import { simpodMetric } from '../job-description.js';
import { readQueryTarget, REQUEST_TYPES } from '../query-target.js';
import { labelChoices, parseLabelsQuery } from '../search-target.js';
import { tablesJson } from '../table-json.js';

export interface GrafanaRoutesOptions {
  manager: RequestManager;
  maxTargetsPerQuery: number;
}

const QueryBody = Type.Object({
  targets: Type.Array(Type.Object({}, { additionalProperties: true })),
  range: Type.Optional(Type.Unknown()),
});
const SearchBody = Type.Object({ target: Type.Optional(Type.Unknown()) }, { additionalProperties: true });
const MetricsBody = Type.Object({ metric: Type.Optional(Type.Unknown()), payload: Type.Optional(Type.Unknown()) }, { additionalProperties: true });
const PayloadOptionsBody = Type.Object({ metric: Type.String(), name: Type.String(), payload: Type.Optional(Type.Unknown()) }, { additionalProperties: true });
const VariableBody = Type.Object({ payload: Type.Optional(Type.Unknown()), range: Type.Optional(Type.Unknown()) }, { additionalProperties: true });

export const grafanaRoutes: FastifyPluginAsync<GrafanaRoutesOptions> = async (app, { manager, maxTargetsPerQuery }) => {
  const readableJobs = (caller: Caller): Job[] => manager.jobs.list().filter((job) => canRead(job, caller.user));

  app.get('/', { schema: { tags: ['grafana'], summary: "Grafana's Test connection" } }, async () => 'Scheduler is up');

  app.post('/query', { schema: { tags: ['grafana'], summary: 'Answer every target of a panel query', body: QueryBody } }, async (request, reply) => {
    const body = request.body as { targets: Record<string, unknown>[]; range?: unknown };
    const active = body.targets.filter((target) => target.hide !== true);
    if (active.length > maxTargetsPerQuery) {
      throw new BadRequestError(`a query may have at most ${maxTargetsPerQuery} targets (maxTargetsPerQuery), got ${active.length}`);
    }
    const targets = active.map(readQueryTarget); // all read before any runs: one bad target runs nothing
    const caller = callerOf(request);
    const range = readTimeRange(body.range);
    const tagged = (error: Error, index: number): Error => {
      if (targets.length > 1 && targets[index]?.refId) error.message = `${targets[index].refId}: ${error.message}`;
      return error;
    };
    // Every target is checked before any is answered: a bad one among good ones runs nothing.
    const prepared = targets.map((target, index) => {
      try {
        return prepareTarget(manager, caller, target, range);
      } catch (error) {
        throw tagged(error as Error, index);
      }
    });
    const settled = await Promise.allSettled(prepared.map((target) => answerTarget(manager, target)));
    const failure = settled.findIndex((outcome) => outcome.status === 'rejected');
    if (failure >= 0) throw tagged((settled[failure] as PromiseRejectedResult).reason as Error, failure);
    const tables = settled.map((outcome, index) => ({ refId: targets[index]!.refId, table: (outcome as PromiseFulfilledResult<Table | TableStream>).value }));
    return reply.type('application/json').send(tablesJson(tables));
  });

  app.post('/search', { schema: { tags: ['grafana'], summary: 'Job names, or the caller\'s labels', body: SearchBody } }, async (request) => {
    const caller = callerOf(request);
    const labelsQuery = parseLabelsQuery((request.body as { target?: unknown }).target);
    if (labelsQuery) return labelChoices(await manager.labels(caller, labelsQuery.source), labelsQuery.tempLabel);
    return readableJobs(caller).map((job) => job.name);
  });

  app.post('/metrics', { schema: { tags: ['grafana'], summary: 'simpod: jobs with their payload inputs', body: MetricsBody } }, async (request) =>
    readableJobs(callerOf(request)).map(simpodMetric),
  );

  const payloadOptions = async (request: FastifyRequest) => {
    const { metric, name } = request.body as { metric: string; name: string };
    const caller = callerOf(request);
    const job = manager.jobs.get(metric);
    if (!canRead(job, caller.user)) return [];
    if (name === 'type') return (canExecute(job, caller.user) ? REQUEST_TYPES : ['get', 'status']).map((value) => ({ label: value, value }));
    if (name === 'label') return (await manager.labels(caller, undefined)).map((value) => ({ label: value, value }));
    const values = job.argumentSpecs?.[name]?.values ?? [];
    return values.map((value) => ({ label: String(value), value: String(value) }));
  };
  const payloadOptionsSchema = { tags: ['grafana'], summary: 'simpod: the choices of one payload input', body: PayloadOptionsBody };
  app.post('/metric-payload-options', { schema: payloadOptionsSchema }, payloadOptions);
  app.post('/options', { schema: { ...payloadOptionsSchema, summary: 'simpod (older versions): same as /metric-payload-options' } }, payloadOptions);

  app.post('/variable', { schema: { tags: ['grafana'], summary: 'simpod: dashboard variable values', body: VariableBody } }, async (request) => {
    const caller = callerOf(request);
    const payload = (request.body as { payload?: unknown }).payload;
    const target = typeof payload === 'object' && payload !== null ? (payload as { target?: unknown }).target : payload;
    const labelsQuery = parseLabelsQuery(target);
    const values = labelsQuery
      ? labelChoices(await manager.labels(caller, labelsQuery.source), labelsQuery.tempLabel)
      : readableJobs(caller).map((job) => job.name);
    return values.map((value) => ({ __text: value, __value: value }));
  });

  app.post('/tag-keys', { schema: { tags: ['grafana'], summary: 'simpod: ad hoc filter keys (none)' } }, async () => []);
  app.post('/tag-values', { schema: { tags: ['grafana'], summary: 'simpod: ad hoc filter values (none)' } }, async () => []);
};
