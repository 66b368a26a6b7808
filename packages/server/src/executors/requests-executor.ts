/**
 * `requests`: the original's built-in job that answers the status table of the caller's requests
 * matching the given source, label, target (job) and args. The user is always the caller: it is
 * never taken from the arguments.
 */
import { z } from 'zod';
import type { Args } from '../domain.js';
import { BadRequestError } from '../errors.js';
import type { ArgumentSpecs } from '../jobs/argument-spec.js';
import { DEFAULT_MAX_LENGTH } from '../jobs/argument-spec.js';
import type { ExecutorDefinition } from './executor.js';

function textArgument(description: string) {
  return { type: 'string' as const, description, required: false, multiple: false, maxLength: DEFAULT_MAX_LENGTH };
}

const requestsArguments: ArgumentSpecs = {
  source: textArgument('only requests from this source'),
  label: textArgument('only the request with this label'),
  target: textArgument('only requests of this job'),
  args: textArgument('only requests with these arguments, as a JSON object'),
};

export const requestsExecutor: ExecutorDefinition<Record<string, never>> = {
  type: 'requests',
  description: "built-in: the status table of the caller's requests",
  configSchema: z.object({}).strict() as z.ZodType<Record<string, never>>,
  argumentSpecs: () => requestsArguments,
  runOnly: true,
  create: (_config, { services }) => ({
    async execute({ args, request }) {
      if (!services.requestStatusTable) throw new Error('the request registry is not available to this executor');
      return services.requestStatusTable({
        user: request.user,
        source: optionalText(args.source),
        label: optionalText(args.label),
        job: optionalText(args.target),
        args: parseArgsFilter(args.args),
      });
    },
  }),
};

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '*' ? value : undefined;
}

function parseArgsFilter(value: unknown): Args | undefined {
  const text = optionalText(value);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Args;
  } catch {
    // falls through to the error below
  }
  throw new BadRequestError('argument "args" of job "requests" must be a JSON object, e.g. {"region":"eu"}');
}
