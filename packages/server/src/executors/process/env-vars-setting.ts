/**
 * `config.envVars`: environment variables a process job sets for its program.
 *
 * The original's spelling is a list of `NAME=value` entries (`envVars[0]=LANG=C`, or
 * comma-separated `envVars=A=1,B=2`); a map (`envVars: { LANG: C }`) is accepted too. Each bad
 * entry is reported on its own.
 */
import { z } from 'zod';
import { isSection } from '../../config/config-tree.js';

/** POSIX's portable variable names; anything else is a typo or an attempt at something odd. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = 'variable names use letters, digits and _, not starting with a digit';

export const envVarsSchema = z.unknown().transform((value, context): Record<string, string> => {
  const variables: Record<string, string> = {};
  const problem = (message: string, path: Array<string | number> = []) => context.addIssue({ code: 'custom', message, path });
  const add = (name: string, text: string, path: Array<string | number>) => {
    if (ENV_NAME_PATTERN.test(name)) variables[name] = text;
    else problem(`invalid variable name "${name}": ${NAME_RULE}`, path);
  };
  if (value === undefined || value === null) return variables;
  if (isSection(value)) {
    for (const [name, raw] of Object.entries(value)) {
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') add(name, String(raw), [name]);
      else if (raw === null) add(name, '', [name]);
      else problem('expected a value: text, a number or true/false', [name]);
    }
    return variables;
  }
  if (typeof value !== 'string' && !Array.isArray(value)) {
    problem('expected a list of "NAME=value" entries or a map of NAME: value');
    return variables;
  }
  const entries: unknown[] = typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '') : value;
  entries.forEach((entry, index) => {
    const path = typeof value === 'string' ? [] : [index];
    const equals = typeof entry === 'string' ? entry.indexOf('=') : -1;
    if (typeof entry !== 'string' || equals === -1) return problem('expected a "NAME=value" entry', path);
    add(entry.slice(0, equals).trim(), entry.slice(equals + 1), path);
  });
  return variables;
});
