/**
 * Key paths: how a setting is named in a properties file, on the command line and in every
 * problem message — `jobsConfigList[0].config.timeoutSec`, Spring's syntax.
 *
 * Dots separate keys, `[N]` indexes a list, and `[any.thing]` is a single key that contains dots
 * (Spring's way to write map keys such as argument names with dots).
 */

/** A location in the config tree: object keys and list indices, e.g. `['jobsConfigList', 0, 'name']`. */
export type KeyPath = ReadonlyArray<string | number>;

export type ParsedKeyPath = { ok: true; path: KeyPath } | { ok: false; reason: string };

/**
 * The largest list index accepted. Far above any real config, and low enough that a typo such as
 * `a[10000000]` cannot make us allocate a huge array before the gap check reports it.
 */
export const MAX_LIST_INDEX = 9999;

/** Assigning this key would replace an object's prototype instead of adding a setting. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/** Parses `a.b[0].c` or `fixedArgs[my.arg]`; says what is wrong when it cannot. */
export function parseKeyPath(text: string): ParsedKeyPath {
  const path: Array<string | number> = [];
  let rest = text;
  let expectName = true;
  while (rest !== '') {
    if (expectName) {
      const name = /^[^.[\]]+/.exec(rest)?.[0];
      if (name === undefined) return { ok: false, reason: `a key name is missing before "${rest[0]}"` };
      path.push(name);
      rest = rest.slice(name.length);
      expectName = false;
    } else if (rest.startsWith('.')) {
      rest = rest.slice(1);
      expectName = true;
    } else {
      const bracket = /^\[([^\]]+)\]/.exec(rest);
      if (!bracket) return { ok: false, reason: `expected "." or "[index]" at "${rest}"` };
      const inner = bracket[1] as string;
      if (/^\d+$/.test(inner)) {
        const index = Number(inner);
        if (index > MAX_LIST_INDEX) return { ok: false, reason: `list index ${index} is larger than ${MAX_LIST_INDEX}` };
        path.push(index);
      } else {
        path.push(inner);
      }
      rest = rest.slice(bracket[0].length);
    }
  }
  if (expectName) return { ok: false, reason: text === '' ? 'the key is empty' : 'the key ends with "."' };
  const forbidden = path.find((segment) => typeof segment === 'string' && FORBIDDEN_KEYS.has(segment));
  if (forbidden !== undefined) return { ok: false, reason: `"${forbidden}" cannot be a key` };
  return { ok: true, path };
}

/** Writes a path the way users write it: `jobsConfigList[1].config.timeoutSec`. */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /[.[\]]/.test(segment)) text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(top level)' : text;
}
