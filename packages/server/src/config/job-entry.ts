/**
 * Validates one `jobsConfigList[N]` entry: its own keys, its executor type, the common keys
 * inside `config` and — with the executor's schema — the rest of `config`. Every problem of the
 * entry is reported, not only the first.
 */
import { z } from 'zod';
import type { ExecutorDefinition } from '../executors/executor.js';
import { executorTypeNames, findExecutorDefinition } from '../executors/registry.js';
import { closestNames } from './closest-names.js';
import { COMMON_JOB_KEYS, JOB_ENTRY_KEYS, jobCommonSchema, jobEntrySchema } from './config-schema.js';
import type { ConfigSection } from './config-tree.js';
import { isSection } from './config-tree.js';
import type { KeyPath } from './key-path.js';
import { problemLine } from './problem-line.js';
import type { JobConfig } from './scheduler-config.js';
import { zodProblems } from './zod-problems.js';

/** The outcome of validating one job entry. */
export interface JobEntryResult {
  /** The job, or null when the entry has problems. */
  job: JobConfig | null;
  problems: string[];
}

/**
 * Validates `jobsConfigList[index]`. `skip` holds formatted key paths already reported (missing
 * environment variables). Name uniqueness is checked by the caller, which sees all entries.
 */
export function validateJobEntry(entry: unknown, index: number, skip: ReadonlySet<string>): JobEntryResult {
  const at: KeyPath = ['jobsConfigList', index];
  if (!isSection(entry)) {
    return { job: null, problems: [problemLine(at, 'expected a job: a section with type, name and config', entry)] };
  }
  const problems: string[] = [];
  const parsed = jobEntrySchema.safeParse(entry);
  if (!parsed.success) problems.push(...zodProblems(parsed.error.issues, { input: entry, at, knownKeys: () => JOB_ENTRY_KEYS, skip }));

  const definition = executorOf(entry.type, [...at, 'type'], problems);
  const configAt: KeyPath = [...at, 'config'];
  const { common, own } = splitConfig(isSection(entry.config) ? entry.config : {});
  const commonParsed = jobCommonSchema.safeParse(common);
  if (!commonParsed.success) problems.push(...zodProblems(commonParsed.error.issues, { input: common, at: configAt, skip }));
  const ownParsed = definition?.configSchema.safeParse(own);
  if (definition && ownParsed && !ownParsed.success) {
    const knownKeys = (path: KeyPath) => (path.length === configAt.length ? [...COMMON_JOB_KEYS, ...ownKeys(definition)] : undefined);
    problems.push(...zodProblems(ownParsed.error.issues, { input: own, at: configAt, knownKeys, skip }));
  }

  if (problems.length > 0 || !parsed.success || !commonParsed.success || !definition || !ownParsed?.success) {
    return { job: null, problems };
  }
  const settings = commonParsed.data;
  return {
    job: {
      name: parsed.data.name,
      type: definition.type,
      description: parsed.data.description ?? null,
      executorConfig: ownParsed.data,
      argSet: settings.argSet ?? null,
      fixedArgs: settings.fixedArgs ?? {},
      executeUsers: settings.executeUsers ?? null,
      readUsers: settings.readUsers ?? null,
      timeoutSec: settings.timeoutSec ?? null,
      maxConcurrent: settings.maxConcurrent ?? null,
      cacheTTLMins: settings.cacheTTLMins ?? null,
      retryOnRestart: settings.retryOnRestart,
    },
    problems: [],
  };
}

/** Finds the executor for `type`; a missing type is left to the entry schema's "required". */
function executorOf(type: unknown, path: KeyPath, problems: string[]): ExecutorDefinition | undefined {
  if (typeof type !== 'string' || type.trim() === '') return undefined;
  const definition = findExecutorDefinition(type.trim());
  if (!definition) {
    const known = executorTypeNames();
    const close = closestNames(type.trim(), known);
    const hint = close.length > 0 ? `; did you mean ${close.join(' or ')}?` : '';
    problems.push(problemLine(path, `unknown executor type; known types: ${known.join(', ')}${hint}`, type));
  }
  return definition;
}

/** The common keys go to the job; everything else in `config` belongs to the executor. */
function splitConfig(config: ConfigSection): { common: ConfigSection; own: ConfigSection } {
  const common: ConfigSection = {};
  const own: ConfigSection = {};
  for (const [key, value] of Object.entries(config)) {
    if (COMMON_JOB_KEYS.includes(key)) common[key] = value;
    else own[key] = value;
  }
  return { common, own };
}

function ownKeys(definition: ExecutorDefinition): string[] {
  return definition.configSchema instanceof z.ZodObject ? Object.keys(definition.configSchema.shape) : [];
}
