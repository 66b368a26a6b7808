/**
 * Checks a request's arguments against its job and turns them into the canonical form every
 * later step uses: coerced to their declared types, defaults applied, multi-value arguments as
 * arrays. Every problem is reported at once, each naming the argument, so a dashboard author
 * fixes them in one go. Nothing is executed or stored before this passes.
 */
import type { ArgScalar, ArgValue, Args } from '../domain.js';
import { BadRequestError } from '../errors.js';
import { ARGUMENT_NAME_PATTERN, DEFAULT_VALUE_PATTERN, freeStringSpec, type ArgumentSpec } from './argument-spec.js';
import type { Job } from './job.js';

// Control characters never belong in an argument: they are how log and terminal injection starts.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const defaultValuePattern = new RegExp(DEFAULT_VALUE_PATTERN);
const patternCache = new Map<string, RegExp>();

/** What one validation collects and how strict it is. */
interface Check {
  problems: string[];
  /** Refuse strings starting with `-`: the job hands them to a program. */
  guardOptions: boolean;
}

/** What of a job its arguments are checked against. */
export type ArgumentRules = Pick<Job, 'name' | 'argumentSpecs' | 'fixedArgs' | 'argumentsReachCommandLine'>;

export function validateArgs(job: ArgumentRules, raw: unknown): Args {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestError(`args must be a JSON object of argument names to values, got ${describe(raw)}`);
  }
  const given = raw as Record<string, unknown>;
  const problems: string[] = [];
  const check: Check = { problems, guardOptions: job.argumentsReachCommandLine };
  const args: Args = {};

  // Loops over keys rather than filtered copies of them: this runs for every request, and a
  // request with good arguments should allocate nothing for the problems it does not have.
  const specs = job.argumentSpecs;
  let fixed: string[] | undefined;
  let unknown: string[] | undefined;
  for (const name in given) {
    if (name in job.fixedArgs) (fixed ??= []).push(name);
    else if (specs && !(name in specs)) (unknown ??= []).push(name);
  }
  if (fixed) problems.push(`${list(fixed)} ${fixed.length === 1 ? 'is' : 'are'} fixed by the configuration of job "${job.name}" and cannot be given`);

  if (specs) {
    if (unknown) {
      const accepted = Object.keys(specs);
      problems.push(`job "${job.name}" does not accept ${list(unknown)}; it accepts ${accepted.length ? list(accepted) : 'no arguments'}`);
    }
    for (const name in specs) {
      const value = checkValue(name, given[name], specs[name]!, check);
      if (value !== undefined) args[name] = value;
    }
  } else {
    for (const [name, value] of Object.entries(given)) {
      if (name in job.fixedArgs) continue;
      if (!ARGUMENT_NAME_PATTERN.test(name)) {
        problems.push(`argument name ${JSON.stringify(name.slice(0, 64))} is not allowed: use letters, digits, ., -, _`);
        continue;
      }
      const checked = checkValue(name, value, { ...freeStringSpec(), multiple: Array.isArray(value) }, check);
      if (checked !== undefined) args[name] = checked;
    }
  }
  if (problems.length > 0) throw new BadRequestError(`invalid arguments: ${problems.join('; ')}`);
  return args;
}

function checkValue(name: string, value: unknown, spec: ArgumentSpec, check: Check): ArgValue | undefined {
  const { problems } = check;
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    if (spec.default !== undefined) return spec.default;
    if (spec.required) problems.push(`argument "${name}" is required`);
    return undefined;
  }
  if (Array.isArray(value)) {
    if (!spec.multiple && value.length > 1) {
      problems.push(`argument "${name}" takes one value, got ${value.length} (its spec needs multiple: true to accept several)`);
      return undefined;
    }
    const values = value.map((item) => checkScalar(name, item, spec, check));
    if (values.some((item) => item === undefined)) return undefined;
    return spec.multiple ? (values as ArgScalar[]) : values[0];
  }
  const single = checkScalar(name, value, spec, check);
  if (single === undefined) return undefined;
  return spec.multiple ? [single] : single;
}

function checkScalar(name: string, value: unknown, spec: ArgumentSpec, { problems, guardOptions }: Check): ArgScalar | undefined {
  const refuse = (expected: string) => {
    problems.push(`argument "${name}" ${expected}, got ${describe(value)}`);
    return undefined;
  };
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return refuse('must be a string, number or boolean');
  switch (spec.type) {
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return refuse('must be a number');
      if (spec.min !== undefined && number < spec.min) return refuse(`must be at least ${spec.min}`);
      if (spec.max !== undefined && number > spec.max) return refuse(`must be at most ${spec.max}`);
      if (spec.values && !spec.values.map(Number).includes(number)) return refuse(`must be one of ${list(spec.values)}`);
      return number;
    }
    case 'boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      return refuse('must be true or false');
    case 'enum': {
      const match = spec.values?.find((allowed) => String(allowed) === String(value));
      return match === undefined ? refuse(`must be one of ${list(spec.values ?? [])}`) : match;
    }
    default: {
      const text = String(value);
      if (text.length > spec.maxLength) return refuse(`must be at most ${spec.maxLength} characters`);
      if ((spec.multiline ? CONTROL_CHARACTERS_BUT_LINES : CONTROL_CHARACTERS).test(text)) {
        return refuse(spec.multiline ? 'must not contain control characters other than line breaks and tabs' : 'must not contain control characters (newlines, tabs, NUL…)');
      }
      if (guardOptions && text.startsWith('-') && !spec.allowLeadingDash) {
        return refuse('must not start with "-": the job passes it to a program, which could read it as an option (its spec can set allowLeadingDash: true)');
      }
      if (spec.pattern !== undefined && !wholeMatch(spec.pattern, text)) {
        return refuse(spec.pattern === DEFAULT_VALUE_PATTERN ? 'may only contain letters, digits, spaces, ".", "-" and "_"' : `must match ${spec.pattern}`);
      }
      if (spec.values && !spec.values.map(String).includes(text)) return refuse(`must be one of ${list(spec.values)}`);
      return text;
    }
  }
}

function wholeMatch(pattern: string, text: string): boolean {
  if (pattern === DEFAULT_VALUE_PATTERN) return defaultValuePattern.test(text);
  let regexp = patternCache.get(pattern);
  if (!regexp) {
    regexp = new RegExp(`^(?:${pattern})$`);
    patternCache.set(pattern, regexp);
  }
  return regexp.test(text);
}

function list(items: ReadonlyArray<string | number>): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
