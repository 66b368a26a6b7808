/**
 * Argument specs: what a job accepts from a request, used both to validate requests and to
 * describe the job to Grafana's query builder.
 *
 * A job's `argSet` is either the original's list of allowed names (each then a free string
 * matching {@link DEFAULT_VALUE_PATTERN}) or a map of name → spec.
 */
import { z } from 'zod';

export const ARGUMENT_TYPES = ['string', 'number', 'boolean', 'enum'] as const;
export type ArgumentType = (typeof ARGUMENT_TYPES)[number];

export interface ArgumentSpec {
  type: ArgumentType;
  description?: string;
  required: boolean;
  /** Used when the request leaves the argument out. */
  default?: string | number | boolean | Array<string | number | boolean>;
  /** Accepts a list (Grafana multi-value variables) and passes each value on. */
  multiple: boolean;
  /** The allowed values: required for `enum`, a restriction for `string` and `number`. */
  values?: Array<string | number>;
  /** A regular expression the whole string value must match. */
  pattern?: string;
  min?: number;
  max?: number;
  /** Longest accepted string, in characters. */
  maxLength: number;
  /**
   * Lets a string start with `-` for executors whose arguments reach a command line, where such
   * a value could be read as an option (`--output=/etc/passwd`).
   */
  allowLeadingDash?: boolean;
  /** Lets a string hold line breaks and tabs (SQL text, say); other control characters stay refused. */
  multiline?: boolean;
}

export type ArgumentSpecs = Record<string, ArgumentSpec>;

/** The original's rule for names and free string values: letters, digits, `.`, `-`, `_`, space. */
export const DEFAULT_VALUE_PATTERN = '^[a-zA-Z0-9.\\-_ ]*$';
export const ARGUMENT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9._-]{0,63}$/;
/** Long enough for any sane dashboard value, short enough that nobody ships a file through it. */
export const DEFAULT_MAX_LENGTH = 4096;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Properties files give every value as text: accept "true"/"false" and numeric strings. */
export const booleanish = z.preprocess((value) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}, z.boolean());

export const numberish = z.preprocess((value) => {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}, z.number());

/** A list given as a YAML/JSON array, a properties `[i]` list, or a comma-separated string. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
    return value;
  }, z.array(item));
}

const specSchema = z
  .object({
    type: z.enum(ARGUMENT_TYPES).default('string'),
    description: z.string().optional(),
    required: booleanish.default(false),
    default: z.union([scalar, z.array(scalar)]).optional(),
    multiple: booleanish.default(false),
    values: listOf(z.union([z.string(), z.number()])).optional(),
    pattern: z
      .string()
      .refine(isValidRegExp, { message: 'must be a valid regular expression' })
      .optional(),
    min: numberish.optional(),
    max: numberish.optional(),
    maxLength: numberish.pipe(z.number().int().positive()).default(DEFAULT_MAX_LENGTH),
    allowLeadingDash: booleanish.default(false),
    multiline: booleanish.default(false),
  })
  .strict()
  .refine((spec) => spec.type !== 'enum' || (spec.values?.length ?? 0) > 0, {
    message: 'an enum argument needs a non-empty `values` list',
    path: ['values'],
  });

const argumentName = z.string().regex(ARGUMENT_NAME_PATTERN, {
  message: 'argument names start with a letter or _ and use letters, digits, ., -, _ (at most 64)',
});

/** `argSet` in config: a list of names (the original) or a map of name → spec. */
export const argSetSchema = z.union([
  listOf(argumentName).transform((names) => Object.fromEntries(names.map((name) => [name, freeStringSpec()]))),
  z.record(argumentName, specSchema),
]);

export function freeStringSpec(): ArgumentSpec {
  return { type: 'string', required: false, multiple: false, pattern: DEFAULT_VALUE_PATTERN, maxLength: DEFAULT_MAX_LENGTH };
}

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
