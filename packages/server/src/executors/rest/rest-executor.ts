/**
 * `rest` (alias `uri`, the original's names): calls an HTTP API and answers its JSON or CSV as a
 * table. The configured `uri` fixes scheme, host, port and path; request arguments only fill
 * `{name}` path placeholders (one safe segment each) and otherwise become URL-encoded query
 * parameters (GET) or a JSON body (POST). See docs/http-executor.md.
 *
 * The arguments a job accepts come from its `argSet`; without one, the default rule applies
 * (names and values of letters, digits, `.`, `-`, `_` and spaces), as in the original.
 */
import type { TableStream } from '../../domain.js';
import type { ExecutionContext, ExecutorDefinition } from '../executor.js';
import { buildHttpRequest } from './http-request.js';
import { jobHeaders } from './job-headers.js';
import { fetchFollowingRedirects } from './redirects.js';
import { RequestDeadline } from './request-deadline.js';
import { restConfigSchema, type RestConfig } from './rest-config.js';
import { responseToTable } from './response-table.js';
import { statusFailure } from './status-failure.js';
import { targetName } from './target-name.js';

export const restExecutor: ExecutorDefinition<RestConfig> = {
  type: 'rest',
  aliases: ['uri'],
  description: 'calls an HTTP API (GET or POST) and answers its JSON or CSV as a table',
  configSchema: restConfigSchema,
  create(config, environment) {
    const headers = jobHeaders(config.headers, environment.configPath);
    const shaping = { json: config.json, rootSelector: config.rootSelector, columns: config.columns };
    const policy = { maxRedirects: config.maxRedirects, allowRedirectHosts: config.allowRedirectHosts };

    return {
      checkArguments(args) {
        try {
          buildHttpRequest(config.uri, config.method, headers, args);
          return [];
        } catch (error) {
          return [(error as Error).message];
        }
      },
      async execute({ args, signal, progress, log }: ExecutionContext): Promise<TableStream> {
        const request = buildHttpRequest(config.uri, config.method, headers, args);
        const deadline = new RequestDeadline(config.requestTimeoutSec, signal);
        let url = request.url;
        try {
          progress(0, `waiting for ${targetName(url)}`);
          log.debug({ method: request.method, target: targetName(url) }, 'HTTP request');
          const answer = await fetchFollowingRedirects(request, policy, deadline.signal);
          url = answer.url;
          const reading = { response: answer.response, url, maxResponseBytes: config.maxResponseBytes, deadline };
          if (!answer.response.ok) throw await statusFailure(reading);
          progress(50, `reading the answer from ${targetName(url)}`);
          // From here the body reader ends the deadline, possibly after execute has returned (CSV).
          return await responseToTable(reading, shaping);
        } catch (error) {
          deadline.clear();
          throw deadline.explain(error, targetName(url));
        }
      },
    };
  },
};
