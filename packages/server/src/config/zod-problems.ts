/**
 * Turns zod issues — ours and those of every executor's config schema — into problem lines, so
 * that an executor's mistake reads like any other: full key path, the value, what was expected.
 */
import type { z } from 'zod';
import { closestNames } from './closest-names.js';
import { valueAt } from './config-tree.js';
import type { KeyPath } from './key-path.js';
import { formatKeyPath } from './key-path.js';
import { problemLine } from './problem-line.js';

type Issue = z.core.$ZodIssue;

/** Where the parsed value sits, and what helps explain its issues. */
export interface IssueScope {
  /** The value that was parsed: issue paths are relative to it. */
  input: unknown;
  /** The key path of `input` in the whole config. */
  at: KeyPath;
  /** The keys accepted in the section at a full path, to suggest one for an unknown key. */
  knownKeys?: (path: KeyPath) => readonly string[] | undefined;
  /** Full paths (formatted) already reported elsewhere — a missing variable — to skip. */
  skip?: ReadonlySet<string>;
}

/** One problem line per issue (per key, for unknown keys), with full key paths. */
export function zodProblems(issues: readonly Issue[], scope: IssueScope): string[] {
  return issues.flatMap((issue) => issueProblems(issue, scope));
}

function issueProblems(issue: Issue, scope: IssueScope): string[] {
  const relative = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const path = [...scope.at, ...relative];
  if (scope.skip?.has(formatKeyPath(path))) return [];
  const value = valueAt(scope.input, relative);
  switch (issue.code) {
    case 'invalid_union':
      return zodProblems(likeliestBranch(issue.errors), { ...scope, input: value, at: path });
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        problemLine([...path, key], unknownKey(key, scope.knownKeys?.(path) ?? []), valueAt(value, [key])),
      );
    case 'invalid_key':
      return [problemLine(path, `invalid key "${String(relative.at(-1))}": ${issue.issues.map((inner) => inner.message).join('; ')}`, value)];
    default:
      return [problemLine(path, expectation(issue, value), value)];
  }
}

/**
 * A union (such as `argSet`: a list of names or a map of specs) fails in every branch. The branch
 * that got past the type check at the top is the one the user meant, so its issues are shown.
 */
function likeliestBranch(branches: readonly Issue[][]): Issue[] {
  const typeMismatches = (branch: Issue[]) =>
    branch.filter((issue) => issue.path.length === 0 && issue.code === 'invalid_type').length;
  let best = branches[0] ?? [];
  for (const branch of branches) if (typeMismatches(branch) < typeMismatches(best)) best = branch;
  return best;
}

function unknownKey(key: string, known: readonly string[]): string {
  const close = closestNames(key, known);
  if (close.length > 0) return `unknown key; did you mean ${close.join(' or ')}?`;
  return known.length > 0 ? `unknown key; known keys: ${known.join(', ')}` : 'unknown key';
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'text',
  array: 'a list',
  object: 'a section of key: value settings',
  record: 'a section of key: value settings',
};

function expectation(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${value === undefined ? 'required: ' : ''}expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return `expected ${bound(issue.origin, issue.inclusive ? 'at least' : 'more than', issue.minimum)}`;
    case 'too_big':
      return `expected ${bound(issue.origin, issue.inclusive ? 'at most' : 'less than', issue.maximum)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((allowed) => JSON.stringify(allowed)).join(', ')}`;
    default:
      return issue.message;
  }
}

function bound(origin: string, relation: string, limit: number | bigint): string {
  if (origin === 'string') return `${relation} ${limit} characters`;
  if (origin === 'array' || origin === 'set') return `${relation} ${limit} entries`;
  return `a number ${relation} ${limit}`;
}
