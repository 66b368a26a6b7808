/**
 * The settings' schemas: names, types, limits and defaults of every key Scheduler reads.
 * `jobsConfigList` entries are checked one by one by `validateJobEntry`, which uses the job
 * schemas below together with the executor's own config schema.
 */
import os from 'node:os';
import { z } from 'zod';
import { argSetSchema, listOf } from '../jobs/argument-spec.js';
import { fixedArgsSchema } from './fixed-args-schema.js';
import type { KeyPath } from './key-path.js';
import { LOG_LEVELS } from './scheduler-config.js';
import {
  booleanSetting,
  choiceSetting,
  numberSetting,
  optional,
  section,
  textSetting,
  withDefault,
} from './setting-schemas.js';

const count = (min: number, max?: number) => numberSetting({ integer: true, min, max });
const positive = () => numberSetting({ above: 0 });

const serverShape = {
  port: withDefault(count(0, 65_535), 8080),
  host: withDefault(textSetting(), '0.0.0.0'),
};

const sqliteShape = {
  path: withDefault(textSetting({ expected: 'a folder path' }), './data'),
  timeoutMillis: withDefault(count(0), 5000),
  // Big batches speed up inserts until one batch holds the database lock for too long.
  batchSize: withDefault(count(1, 100_000), 500),
};

const storeShape = {
  url: optional(textSetting({ expected: 'a database URL such as postgres://HOST:5432/DB, mysql://HOST:3306/DB or sqlite:PATH' })),
  user: optional(textSetting()),
  password: optional(textSetting()),
  // Requests write to the store in short statements; a handful of connections keeps up with the
  // queue's default concurrency without crowding a shared database server.
  poolSize: withDefault(count(1, 1000), 10),
  connectTimeoutSec: withDefault(positive(), 10),
};

const jdbcShape = {
  driver: optional(textSetting()),
  url: optional(textSetting()),
  user: optional(textSetting()),
  password: optional(textSetting()),
  databaseName: optional(textSetting()),
};

/** Everything except the jobs, which are validated entry by entry. */
export const settingsSchema = z
  .object({
    server: section(serverShape),
    apiKeyValue: optional(textSetting()),
    cacheTTLMins: withDefault(positive(), 60),
    historyTTLMins: withDefault(numberSetting({ min: 0 }), 1440),
    inMemoryCache: withDefault(booleanSetting(), false),
    cacheSqliteConfig: section(sqliteShape),
    cacheJdbcConfig: optional(z.object(jdbcShape).strict()),
    store: section(storeShape),
    // One job per core by default: jobs are mostly other processes or remote calls, and more
    // would only compete for the same cores.
    maxConcurrentJobs: withDefault(count(1), () => os.availableParallelism()),
    maxQueuedRequests: withDefault(count(1), 1000),
    // Below Grafana's 30 s data-proxy timeout, so a slow run gets our message, not a proxy error.
    runTimeoutSec: withDefault(positive(), 25),
    maxTargetsPerQuery: withDefault(count(1), 50),
    bodyLimitBytes: withDefault(count(1), 1_048_576),
    sweepIntervalSec: withDefault(positive(), 60),
    instanceHeartbeatSec: withDefault(positive(), 10),
    logLevel: withDefault(choiceSetting(LOG_LEVELS), 'info'),
    jobsConfigList: withDefault(z.array(z.unknown()), []),
  })
  .strict();

const SECTION_KEYS: Record<string, readonly string[]> = {
  server: Object.keys(serverShape),
  cacheSqliteConfig: Object.keys(sqliteShape),
  cacheJdbcConfig: Object.keys(jdbcShape),
  store: Object.keys(storeShape),
};

/** The keys accepted at a path outside the jobs, for "did you mean" on unknown ones. */
export function knownSettingKeys(path: KeyPath): readonly string[] | undefined {
  if (path.length === 0) return Object.keys(settingsSchema.shape);
  const key = String(path[0]);
  return path.length === 1 && Object.hasOwn(SECTION_KEYS, key) ? SECTION_KEYS[key] : undefined;
}

/** `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`: safe in URLs, SQL table names and Grafana variables. */
export const JOB_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One `jobsConfigList[N]` entry, apart from what its executor validates. */
export const jobEntrySchema = z
  .object({
    type: textSetting({ expected: 'an executor type' }),
    name: textSetting({
      expected: 'a job name of 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      pattern: JOB_NAME_PATTERN,
    }),
    description: optional(textSetting()),
    config: withDefault(z.record(z.string(), z.unknown()), {}),
  })
  .strict();

/** The keys a job entry accepts, for "did you mean" on unknown ones. */
export const JOB_ENTRY_KEYS = Object.keys(jobEntrySchema.shape);

const nullAsAbsent = (value: unknown) => (value === null ? undefined : value);

/**
 * Keys every job accepts inside `config`, next to the executor's own keys (as in the original).
 * Lists are not blank-as-absent: `executeUsers=` is an empty list, i.e. nobody, as it was in the
 * original — the safe reading of an ambiguous permission.
 */
export const jobCommonSchema = z.object({
  argSet: z.preprocess(nullAsAbsent, argSetSchema.optional()),
  fixedArgs: z.preprocess(nullAsAbsent, fixedArgsSchema.optional()),
  executeUsers: z.preprocess(nullAsAbsent, listOf(z.string()).optional()),
  readUsers: z.preprocess(nullAsAbsent, listOf(z.string()).optional()),
  timeoutSec: optional(positive()),
  maxConcurrent: optional(count(1)),
  cacheTTLMins: optional(positive()),
  retryOnRestart: withDefault(booleanSetting(), false),
});

/** The keys inside `config` that belong to the job rather than to its executor. */
export const COMMON_JOB_KEYS = Object.keys(jobCommonSchema.shape);
