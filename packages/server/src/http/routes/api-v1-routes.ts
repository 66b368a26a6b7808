/**
 * The native JSON API under /api/v1, for scripts, alerting and our own Grafana plugin. Same
 * request manager, same permissions and errors as the Grafana routes; requests are named by id.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { REQUEST_STATES, type Request } from '../../domain.js';
import type { RequestManager } from '../../requests/request-manager.js';
import { MAX_LISTED_REQUESTS } from '../../requests/request-manager.js';
import { canRead } from '../../requests/permissions.js';
import { readTimeRange } from '../answer-target.js';
import { callerOf } from '../caller.js';
import { jobDescription } from '../job-description.js';
import { tableCsvStream } from '../table-csv.js';
import { grafanaColumns, tableJsonStream } from '../table-json.js';

export interface ApiV1RoutesOptions {
  manager: RequestManager;
}

const CreateRequestBody = Type.Object(
  {
    job: Type.String({ minLength: 1, description: 'the job to run' }),
    type: Type.Union([Type.Literal('run'), Type.Literal('submit')], { default: 'submit' }),
    args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    label: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    rerun: Type.Optional(Type.Boolean({ description: 'run again even when an equal request exists' })),
    range: Type.Optional(Type.Object({ from: Type.Union([Type.String(), Type.Number()]), to: Type.Union([Type.String(), Type.Number()]) })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    label: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    job: Type.Optional(Type.String()),
    state: Type.Optional(Type.Union(REQUEST_STATES.map((state) => Type.Literal(state)))),
    kind: Type.Optional(Type.Union([Type.Literal('run'), Type.Literal('submit')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LISTED_REQUESTS, default: 100 })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ResultQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false });

/** A request as the API shows it: times as ISO 8601, nothing internal. */
export function requestView(request: Request) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: request.id,
    kind: request.kind,
    job: request.job,
    args: request.args,
    label: request.label,
    source: request.source,
    user: request.user,
    state: request.state,
    progress: request.progress,
    progressMessage: request.progressMessage,
    error: request.error,
    rowCount: request.rowCount,
    /** The end of what the job printed (a script's stderr), for diagnosis. */
    log: request.log,
    columns: request.resultColumns ? grafanaColumns(request.resultColumns) : null,
    submittedAt: iso(request.submittedAt),
    startedAt: iso(request.startedAt),
    finishedAt: iso(request.finishedAt),
    expiresAt: iso(request.expiresAt),
  };
}

export const apiV1Routes: FastifyPluginAsync<ApiV1RoutesOptions> = async (app, { manager }) => {
  app.get('/jobs', { schema: { tags: ['api'], summary: 'The jobs the caller may read, with their arguments' } }, async (request) => {
    const { user } = callerOf(request);
    return manager.jobs
      .list()
      .filter((job) => canRead(job, user))
      .map((job) => jobDescription(job, user));
  });

  app.post('/requests', { schema: { tags: ['api'], summary: 'Run a job (waits for its table) or submit it (answers at once)', body: CreateRequestBody } }, async (request, reply) => {
    const body = request.body as { job: string; type: 'run' | 'submit'; args?: unknown; label?: string; source?: string; rerun?: boolean; range?: unknown };
    const caller = callerOf(request);
    if (body.type === 'run') {
      const table = await manager.run(manager.prepareRun(caller, body.job, body.args, readTimeRange(body.range)));
      return { columns: grafanaColumns(table.columns), rows: table.rows };
    }
    const { request: submitted, created } = await manager.submit(manager.prepareSubmit(caller, body.job, body.args, body));
    return reply.status(created ? 201 : 200).send({ created, request: requestView(submitted) });
  });

  app.get('/requests', { schema: { tags: ['api'], summary: "The caller's requests, newest first", querystring: ListQuery } }, async (request) => {
    const query = request.query as { label?: string; source?: string; job?: string; state?: Request['state']; kind?: Request['kind']; limit?: number };
    return (await manager.list(callerOf(request), query)).map(requestView);
  });

  app.get('/requests/:id', { schema: { tags: ['api'], summary: 'One request and its status', params: IdParams } }, async (request) =>
    requestView(await manager.findById(callerOf(request), (request.params as { id: string }).id)),
  );

  app.get(
    '/requests/:id/result',
    { schema: { tags: ['api'], summary: 'The stored result as Grafana table JSON, or CSV (?format=csv or Accept: text/csv)', params: IdParams, querystring: ResultQuery } },
    async (request, reply) => {
      const found = await manager.findById(callerOf(request), (request.params as { id: string }).id);
      const table = manager.result(found);
      const format = (request.query as { format?: string }).format ?? (request.headers.accept?.includes('text/csv') ? 'csv' : 'json');
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${found.job}-${found.id}.csv"`).send(tableCsvStream(table));
      }
      return reply.type('application/json').send(tableJsonStream(table));
    },
  );

  app.post('/requests/:id/cancel', { schema: { tags: ['api'], summary: 'Cancel a queued or running request', params: IdParams } }, async (request) => {
    const caller = callerOf(request);
    return requestView(await manager.cancel(caller, await manager.findById(caller, (request.params as { id: string }).id)));
  });
};
