/**
 * The keys of a `process` job's `config`, their defaults and how they combine. The original's
 * keys (`process`, `homeDir`, `envVars`, `captureOutput`, `cacheArg`) keep their meaning; the
 * others are new. See docs/process-executor.md for the reference.
 */
import { z } from 'zod';
import { ARGUMENT_NAME_PATTERN, listOf } from '../../jobs/argument-spec.js';
import { booleanSetting, choiceSetting, numberSetting, optional, textSetting, withDefault } from '../../config/setting-schemas.js';
import { byteSizeSetting } from './byte-size-setting.js';
import { ENV_NAME_PATTERN, envVarsSchema } from './env-vars-setting.js';

/**
 * How each request argument becomes argv entries. `name=value` is the original's; an empty value
 * gives the bare name (`name`, `--name`) in every style, so `fixedArgs` can pass flags.
 */
export const ARG_STYLES = ['name=value', '--name=value', '--name value', 'positional'] as const;
export type ArgStyle = (typeof ARG_STYLES)[number];

/** How stdout becomes the result table; `none` ignores it (an empty table, as the original). */
export const OUTPUT_FORMATS = ['lines', 'csv', 'json', 'ndjson', 'none'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * What a program sees of the server's environment unless told otherwise: enough to find other
 * programs and format text and times, and nothing that could carry the server's secrets.
 */
export const DEFAULT_INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'TZ'] as const;

/** Enough for any reasonable result, small enough that a runaway script cannot fill the disk. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

const argumentName = textSetting({ expected: 'an argument name (letters, digits, ., -, _; starting with a letter or _)', pattern: ARGUMENT_NAME_PATTERN });
const envName = textSetting({ expected: 'an environment variable name (letters, digits, _)', pattern: ENV_NAME_PATTERN });
const nullAsAbsent = (value: unknown) => (value === null ? undefined : value);

export const processConfigSchema = z
  .object({
    process: listOf(textSetting({ expected: 'text: the executable, then its fixed arguments' })).pipe(
      z
        .array(z.string())
        .min(1, { message: 'expected a list: the executable, then its fixed arguments' })
        .refine((command) => command[0] !== '', { message: 'the first entry must be the executable', path: [0] }),
    ),
    homeDir: optional(textSetting({ expected: 'a folder path' })),
    envVars: z.preprocess(nullAsAbsent, envVarsSchema),
    inheritEnv: z.preprocess(nullAsAbsent, listOf(envName).default([...DEFAULT_INHERITED_ENV])),
    argStyle: withDefault(choiceSetting(ARG_STYLES), 'name=value'),
    argOrder: z.preprocess(nullAsAbsent, listOf(argumentName).optional()),
    captureOutput: withDefault(booleanSetting(), false),
    outputFormat: optional(choiceSetting(OUTPUT_FORMATS)),
    cacheArg: optional(argumentName),
    maxOutputBytes: withDefault(byteSizeSetting(1), DEFAULT_MAX_OUTPUT_BYTES),
    killGraceSec: withDefault(numberSetting({ min: 0, max: 3600 }), 5),
    stderrTailLines: withDefault(numberSetting({ integer: true, min: 0, max: 1000 }), 20),
  })
  .strict()
  .superRefine((config, context) => {
    const problem = (key: string, message: string) => context.addIssue({ code: 'custom', message, path: [key] });
    if (config.argStyle === 'positional') {
      if (!config.argOrder?.length) problem('argOrder', 'argStyle positional needs argOrder: the argument names in the order the program reads them');
      else if (config.cacheArg && !config.argOrder.includes(config.cacheArg)) problem('argOrder', `must include the cacheArg "${config.cacheArg}" to give it a position`);
    } else if (config.argOrder) {
      problem('argOrder', 'only used with argStyle positional; remove it or set argStyle: positional');
    }
    const duplicates = config.argOrder?.filter((name, index, names) => names.indexOf(name) !== index) ?? [];
    if (duplicates.length > 0) problem('argOrder', `names each argument once; repeated: ${[...new Set(duplicates)].join(', ')}`);
    if (config.cacheArg && config.outputFormat && config.outputFormat !== 'none') {
      problem('outputFormat', 'with cacheArg the program writes the result table itself, so stdout is not read; remove outputFormat or cacheArg');
    }
  });

export type ProcessConfig = z.output<typeof processConfigSchema>;

/** outputFormat decides; without it the original's captureOutput picks `lines` or `none`. */
export function effectiveOutputFormat(config: ProcessConfig): OutputFormat {
  if (config.cacheArg) return 'none';
  return config.outputFormat ?? (config.captureOutput ? 'lines' : 'none');
}
