/**
 * Schemas for single settings, shared by the top-level and job schemas.
 *
 * Values arrive as text from properties files and the command line, and typed from YAML/JSON, so
 * each schema converts and then checks — and reports one message that states the whole
 * expectation ("expected a whole number from 0 to 65535") rather than zod's step-by-step ones.
 */
import { z } from 'zod';
import { booleanish, numberish } from '../jobs/argument-spec.js';

/**
 * Null and blank text mean "not set", so the default applies: templates such as the original's
 * leave `timeoutSec=` placeholders, and Spring treated them the same way. Lists are different —
 * a blank list is an empty list — so list settings do not use this.
 */
export function blankAsAbsent(value: unknown): unknown {
  return value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;
}

/** A single setting that falls back to `value` (or what it returns) when unset. */
export function withDefault<T extends z.ZodType>(schema: T, value: z.output<T> | (() => z.output<T>)) {
  return z.preprocess(blankAsAbsent, schema.default(value as never));
}

/** A single setting that is undefined when unset. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankAsAbsent, schema.optional());
}

/** A group of settings such as `server.*`: all inner defaults apply when the group is absent. */
export function section<T extends z.ZodRawShape>(shape: T) {
  // prefault, not default: the empty group is parsed, so each inner default is applied.
  return z.preprocess(blankAsAbsent, z.object(shape).strict().prefault({} as never));
}

/** The limits of a number setting; all optional. */
export interface NumberRule {
  integer?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound, for durations that must be positive but may be fractional. */
  above?: number;
  max?: number;
}

/** A number, from a number or numeric text, within `rule`. */
export function numberSetting(rule: NumberRule) {
  const expected = describeNumberRule(rule);
  return z.unknown().transform((value, context) => {
    const parsed = numberish.safeParse(value);
    if (parsed.success && follows(parsed.data, rule)) return parsed.data;
    context.addIssue({ code: 'custom', message: value === undefined ? `required: ${expected}` : expected });
    return z.NEVER;
  });
}

/** true or false, also as text in any case (`TRUE` from an environment variable, say). */
export function booleanSetting() {
  return z.unknown().transform((value, context) => {
    const parsed = booleanish.safeParse(typeof value === 'string' ? value.trim().toLowerCase() : value);
    if (parsed.success) return parsed.data;
    context.addIssue({ code: 'custom', message: 'expected true or false' });
    return z.NEVER;
  });
}

/** What a text setting must look like. */
export interface TextRule {
  /** What the text should be, for the message; "text" by default. */
  expected?: string;
  pattern?: RegExp;
}

/**
 * Text, trimmed. A YAML number or boolean is accepted as its text: `apiKeyValue: 12345` means
 * the key "12345", not a mistake.
 */
export function textSetting(rule: TextRule = {}) {
  const expected = `expected ${rule.expected ?? 'text'}`;
  return z.unknown().transform((value, context) => {
    const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    if (typeof text === 'string' && (!rule.pattern || rule.pattern.test(text.trim()))) return text.trim();
    context.addIssue({ code: 'custom', message: value === undefined ? `required: ${expected}` : expected });
    return z.NEVER;
  });
}

/** One of `choices`, in any case. */
export function choiceSetting<const T extends readonly string[]>(choices: T) {
  return z.unknown().transform((value, context): T[number] => {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    const found = choices.find((choice) => choice.toLowerCase() === text);
    if (found !== undefined) return found;
    context.addIssue({ code: 'custom', message: `expected one of ${choices.join(', ')}` });
    return z.NEVER;
  });
}

function follows(value: number, rule: NumberRule): boolean {
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && value < rule.min) return false;
  if (rule.above !== undefined && value <= rule.above) return false;
  return rule.max === undefined || value <= rule.max;
}

function describeNumberRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `expected ${kind} from ${rule.min} to ${rule.max}`;
  const bounds: string[] = [];
  if (rule.min !== undefined) bounds.push(`of at least ${rule.min}`);
  if (rule.above !== undefined) bounds.push(`greater than ${rule.above}`);
  if (rule.max !== undefined) bounds.push(`of at most ${rule.max}`);
  return `expected ${kind}${bounds.length > 0 ? ` ${bounds.join(' and ')}` : ''}`;
}
