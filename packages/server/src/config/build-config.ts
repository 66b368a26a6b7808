/**
 * Validates a config tree — from files and the command line, or built in memory by tests — into
 * a {@link SchedulerConfig}. `${ENV}` references are replaced first, so what is validated is
 * what will be used.
 */
import { ConfigError } from './config-error.js';
import { knownSettingKeys, settingsSchema } from './config-schema.js';
import { isSection } from './config-tree.js';
import { resolveEnvironmentReferences } from './environment-references.js';
import { validateJobList } from './job-list.js';
import { formatKeyPath } from './key-path.js';
import { problemLine } from './problem-line.js';
import { resolveStoreSettings } from './store-settings.js';
import type { SchedulerConfig } from './scheduler-config.js';
import { zodProblems } from './zod-problems.js';

/** The configuration, or every problem that prevents it. */
export type ConfigValidation = { ok: true; config: SchedulerConfig } | { ok: false; problems: string[] };

/** Validates `tree` and reports all problems instead of throwing. */
export function validateConfigTree(tree: unknown, env: NodeJS.ProcessEnv, baseDir: string = process.cwd()): ConfigValidation {
  const root = tree ?? {};
  if (!isSection(root)) return { ok: false, problems: [problemLine([], 'expected settings as key: value pairs', root)] };
  const resolved = resolveEnvironmentReferences(root, env);
  const problems = [...resolved.problems];
  // A missing variable leaves `${NAME}` in place; its setting would only fail again for that.
  const skip = new Set(resolved.unresolved.map(formatKeyPath));

  const settings = settingsSchema.safeParse(resolved.tree);
  if (!settings.success) {
    problems.push(...zodProblems(settings.error.issues, { input: resolved.tree, at: [], knownKeys: knownSettingKeys, skip }));
  }
  const list = isSection(resolved.tree) ? resolved.tree.jobsConfigList : undefined;
  const jobs = validateJobList(Array.isArray(list) ? list : [], skip);
  problems.push(...jobs.problems);

  if (!settings.success || problems.length > 0) return { ok: false, problems };
  const { jobsConfigList: _entries, apiKeyValue, cacheJdbcConfig, cacheSqliteConfig, inMemoryCache, store: storeSection, ...rest } = settings.data;
  const store = resolveStoreSettings({ store: storeSection, inMemoryCache, cacheSqliteConfig, cacheJdbcConfig });
  if (!store.settings) return { ok: false, problems: store.problems };
  return {
    ok: true,
    config: {
      ...rest,
      baseDir,
      apiKeyValue: apiKeyValue ?? null,
      store: store.settings,
      jobs: jobs.jobs,
    },
  };
}

/**
 * Validates an in-memory config tree (the shape a YAML file would have) and returns the config,
 * or throws a {@link ConfigError} listing every problem. `env` resolves `${NAME}` references and
 * defaults to `process.env`. Tests use it to start an app without files:
 * `buildConfig({ jobsConfigList: [{ type: 'dummy', name: 'demo' }] })`.
 */
export function buildConfig(tree: unknown, env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  const result = validateConfigTree(tree, env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/** The configuration with every default and no jobs. */
export function defaultConfig(): SchedulerConfig {
  return buildConfig({}, {});
}

