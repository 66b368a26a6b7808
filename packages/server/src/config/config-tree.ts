/**
 * The config tree: settings as plain nested objects and arrays, before validation. Properties
 * files, YAML, JSON and command-line overrides all become this shape, so merging and validation
 * do not care where a value came from.
 */
import type { KeyPath } from './key-path.js';
import { formatKeyPath } from './key-path.js';

/** A map of settings: what a YAML mapping or a group of `a.b.*` properties becomes. */
export type ConfigSection = Record<string, unknown>;

/** A plain object — not a list, not null — as opposed to a value or a list. */
export function isSection(value: unknown): value is ConfigSection {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(tree: unknown, path: KeyPath): unknown {
  let current = tree;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isSection(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * How an assignment treats a value already at the path:
 * - `merge` (lines of one file): a key that already holds settings cannot also get a value, since
 *   one of the two lines would be silently lost;
 * - `replace` (command-line overrides): the new value wins, so `--x.users=a,b` can replace a list.
 * In both modes an empty value counts as unset, because templates leave placeholders like `argSet=`
 * next to `argSet[0]=…`.
 */
export type AssignMode = 'merge' | 'replace';

/**
 * Sets `value` at `path`, creating sections and lists on the way (a list when the next step is an
 * index). Returns why it could not — a step runs into a plain value or a container of the other
 * kind — or null when done. List gaps are allowed here and reported later by the gap check,
 * because properties lines may come in any order.
 */
export function setValueAt(tree: ConfigSection, path: KeyPath, value: unknown, mode: AssignMode): string | null {
  let container: unknown = tree;
  for (let step = 0; step < path.length; step++) {
    const segment = path[step] as string | number;
    const last = step === path.length - 1;
    const kindProblem = checkContainer(container, segment, path.slice(0, step));
    if (kindProblem) return kindProblem;
    const holder = container as Record<string | number, unknown>;
    const existing = Object.hasOwn(holder, segment) ? holder[segment] : undefined;
    if (last) {
      if (mode === 'merge' && isFilled(existing) && typeof existing === 'object' && existing !== null) {
        if (value === '') return null;
        return `${formatKeyPath(path)} already holds settings (such as ${firstChild(path, existing)}), so it cannot also have a value`;
      }
      holder[segment] = value;
      return null;
    }
    if (existing === undefined || existing === null || existing === '') {
      holder[segment] = typeof path[step + 1] === 'number' ? [] : {};
    } else if (typeof existing !== 'object') {
      const at = formatKeyPath(path.slice(0, step + 1));
      return `${at} already has the value ${JSON.stringify(existing)}, so it cannot also hold ${formatKeyPath(path)}`;
    }
    container = holder[segment];
  }
  return null;
}

function checkContainer(container: unknown, segment: string | number, at: KeyPath): string | null {
  if (typeof segment === 'number' && !Array.isArray(container)) {
    return `${formatKeyPath(at)} holds named settings, so it cannot take the list index [${segment}]`;
  }
  if (typeof segment === 'string' && Array.isArray(container)) {
    return `${formatKeyPath(at)} is a list, so it cannot hold the key "${segment}"; use [index]`;
  }
  return null;
}

function isFilled(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isSection(value)) return Object.keys(value).length > 0;
  return value !== undefined && value !== null && value !== '';
}

function firstChild(path: KeyPath, container: object): string {
  const key = Array.isArray(container) ? container.findIndex(() => true) : Object.keys(container)[0];
  return formatKeyPath([...path, key ?? '']);
}
