/**
 * `module`: an executor written by the user, loaded from `config.module` (a path relative to the
 * configuration file, or a package name) without changing Scheduler. The module exports — as
 * `default`, as `executor`, or as its own named exports — the same shape as a built-in
 * definition, minus the type:
 *
 *   { configSchema?, argumentSpecs?(config), create(config, environment) }
 *
 * Its other `config.*` keys are its own; when it exports a `configSchema` with `safeParse`
 * (a zod schema, or any object answering `{ success, data }` / `{ success: false, error: { issues } }`),
 * they are validated at start and reported like every other configuration problem.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import type { ArgumentSpecs } from '../jobs/argument-spec.js';
import type { Executor, ExecutorDefinition, ExecutorEnvironment } from './executor.js';

const moduleConfigSchema = z.object({ module: z.string().min(1, 'name the module file or package') }).catchall(z.unknown());
type ModuleConfig = z.infer<typeof moduleConfigSchema>;

/** What a custom executor module exports. */
export interface CustomExecutorModule {
  configSchema?: { safeParse(input: unknown): SafeParseResult };
  argumentSpecs?(config: unknown): ArgumentSpecs;
  create(config: unknown, environment: ExecutorEnvironment): Executor | Promise<Executor>;
}

type SafeParseResult = { success: true; data: unknown } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };

export const moduleExecutor: ExecutorDefinition<ModuleConfig> = {
  type: 'module',
  description: 'a custom executor loaded from config.module (see docs/custom-executors.md)',
  configSchema: moduleConfigSchema,
  async create({ module: specifier, ...options }, environment) {
    const where = `${environment.configPath}.config`;
    const loaded = await loadExecutorModule(specifier, environment.baseDir, where);
    let config: unknown = options;
    if (loaded.configSchema) {
      const parsed = loaded.configSchema.safeParse(options);
      if (!parsed.success) {
        throw new ConfigError(parsed.error.issues.map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`));
      }
      config = parsed.data;
    }
    const executor = await loaded.create(config, environment);
    if (!executor || typeof executor.execute !== 'function') {
      throw new ConfigError([`${where}.module: the create() of "${specifier}" returned no executor (an object with an execute(context) method)`]);
    }
    return {
      execute: (context) => executor.execute(context),
      close: async () => executor.close?.(),
      argumentSpecs: loaded.argumentSpecs?.(config) ?? executor.argumentSpecs,
    };
  },
};

async function loadExecutorModule(specifier: string, baseDir: string, where: string): Promise<CustomExecutorModule> {
  const isPath = specifier.startsWith('.') || path.isAbsolute(specifier);
  let url: string;
  try {
    url = isPath ? pathToFileURL(path.resolve(baseDir, specifier)).href : pathToFileURL(createRequire(path.join(baseDir, 'scheduler-config')).resolve(specifier)).href;
  } catch {
    url = specifier; // a package only resolvable as ESM from here: let import() try
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const shown = isPath ? path.resolve(baseDir, specifier) : specifier;
    throw new ConfigError([`${where}.module: cannot load "${shown}": ${(error as Error).message.split('\n')[0]}`]);
  }
  // `export default {…}`, `export const executor = {…}`, or the module's own named exports.
  const candidate = [loaded.default, loaded.executor, loaded].find(
    (exported): exported is CustomExecutorModule => typeof (exported as Partial<CustomExecutorModule> | undefined)?.create === 'function',
  );
  if (!candidate) {
    throw new ConfigError([
      `${where}.module: "${specifier}" exports no executor: export default { create(config, environment) { return { execute(context) {…} } } } (see docs/custom-executors.md)`,
    ]);
  }
  return candidate;
}
