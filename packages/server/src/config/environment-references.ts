/**
 * `${NAME}` and Spring's `${NAME:default}` in string values, replaced from the environment before
 * validation — so that secrets such as `apiKeyValue` can stay out of config files, and so that a
 * number written as `${PORT:8080}` is checked as the number it becomes.
 *
 * Only environment variables are looked up, not other settings (Spring also allowed those).
 * A variable that is set but empty counts as set: an empty value is sometimes the intent.
 */
import { isSection } from './config-tree.js';
import type { KeyPath } from './key-path.js';
import { problemLine } from './problem-line.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)(?::([^}]*))?\}/g;

export interface ResolvedReferences {
  /** A copy of the tree with references replaced; the input is left untouched. */
  tree: unknown;
  problems: string[];
  /** Where a variable was missing, so validation does not report the same value twice. */
  unresolved: KeyPath[];
}

/** Replaces references in every string value of `tree`, reporting each missing variable. */
export function resolveEnvironmentReferences(tree: unknown, env: NodeJS.ProcessEnv): ResolvedReferences {
  const problems: string[] = [];
  const unresolved: KeyPath[] = [];
  const resolve = (value: unknown, path: KeyPath): unknown => {
    if (typeof value === 'string') return resolveString(value, path);
    if (Array.isArray(value)) return value.map((item, index) => resolve(item, [...path, index]));
    if (isSection(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, resolve(child, [...path, key])]));
    }
    return value;
  };
  const resolveString = (value: string, path: KeyPath): string => {
    const missing: string[] = [];
    const replaced = value.replace(REFERENCE, (reference, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      missing.push(name);
      return reference;
    });
    for (const name of missing) {
      problems.push(
        problemLine(path, `environment variable ${name} is not set; set it or give a default as \${${name}:default}`, value),
      );
    }
    if (missing.length > 0) unresolved.push(path);
    return replaced;
  };
  return { tree: resolve(tree, []), problems, unresolved };
}
