/**
 * `config.fixedArgs`: arguments added to every call of a job, whatever the request says.
 *
 * Three spellings are accepted: a map (`fixedArgs.region=eu`, or YAML `fixedArgs: {region: eu}`),
 * a list of `name=value` entries (`fixedArgs[0]=region=eu`), or those entries comma-separated
 * (`fixedArgs=region=eu,limit=10`). An entry without `=` is an argument with an empty value,
 * which the process executor passes as the bare name, as the original did.
 */
import { z } from 'zod';
import type { ArgScalar, ArgValue, Args } from '../domain.js';
import { ARGUMENT_NAME_PATTERN } from '../jobs/argument-spec.js';
import { isSection } from './config-tree.js';

const NAME_RULE = 'argument names start with a letter or _ and use letters, digits, ., -, _ (at most 64)';

/** Parses any of the three spellings into {@link Args}; each bad entry is its own issue. */
export const fixedArgsSchema = z.unknown().transform((value, context): Args => {
  const args: Args = {};
  const problem = (message: string, path: Array<string | number> = []) => {
    context.addIssue({ code: 'custom', message, path });
  };
  const add = (name: string, argValue: ArgValue, path: Array<string | number>) => {
    if (ARGUMENT_NAME_PATTERN.test(name)) args[name] = argValue;
    else problem(`invalid argument name "${name}": ${NAME_RULE}`, path);
  };
  if (isSection(value)) {
    for (const [name, raw] of Object.entries(value)) {
      const argValue = toArgValue(raw);
      if (argValue === undefined) problem('expected a value: text, a number, true/false or a list of those', [name]);
      else add(name, argValue, [name]);
    }
  } else if (Array.isArray(value) || typeof value === 'string') {
    const entries = typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '') : value;
    entries.forEach((entry: unknown, index: number) => {
      const path = typeof value === 'string' ? [] : [index];
      if (typeof entry !== 'string') return problem('expected a "name=value" entry', path);
      const equals = entry.indexOf('=');
      const name = (equals === -1 ? entry : entry.slice(0, equals)).trim();
      add(name, equals === -1 ? '' : entry.slice(equals + 1).trim(), path);
    });
  } else {
    problem('expected a map of name: value, a list of "name=value" or "name=value,name=value"');
  }
  return args;
});

function toArgValue(raw: unknown): ArgValue | undefined {
  if (raw === null || raw === undefined) return '';
  if (isScalar(raw)) return raw;
  if (Array.isArray(raw) && raw.every(isScalar)) return raw;
  return undefined;
}

function isScalar(value: unknown): value is ArgScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
