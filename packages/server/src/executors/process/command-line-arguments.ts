/**
 * Turns a request's arguments into argv entries after the configured command, in the job's
 * `argStyle`. Each argument value is exactly one entry (two for `--name value`): nothing is ever
 * split, joined or interpreted, because no shell is involved.
 *
 * Styles, for `region=eu` and the empty `verbose=`:
 * - `name=value`   → `region=eu`, `verbose`        (the original)
 * - `--name=value` → `--region=eu`, `--verbose`
 * - `--name value` → `--region`, `eu`, `--verbose`
 * - `positional`   → `eu`, `` in `argOrder`'s order; a missing argument is an empty entry so the
 *   later ones keep their positions.
 * Multi-value arguments repeat the entry once per value (in `positional`, they take one position
 * each, so a multi-value argument belongs last in `argOrder`).
 */
import type { ArgScalar, Args } from '../../domain.js';
import type { ArgStyle } from './process-config.js';

export function commandLineArguments(args: Readonly<Args>, style: ArgStyle, argOrder: readonly string[] = []): string[] {
  if (style === 'positional') return positionalArguments(args, argOrder);
  const entries: string[] = [];
  for (const [name, value] of Object.entries(args)) {
    for (const scalar of valuesOf(value)) entries.push(...namedEntries(name, String(scalar), style));
  }
  return entries;
}

function namedEntries(name: string, text: string, style: Exclude<ArgStyle, 'positional'>): string[] {
  switch (style) {
    case 'name=value':
      return [text === '' ? name : `${name}=${text}`];
    case '--name=value':
      return [text === '' ? `--${name}` : `--${name}=${text}`];
    case '--name value':
      return text === '' ? [`--${name}`] : [`--${name}`, text];
  }
}

function positionalArguments(args: Readonly<Args>, argOrder: readonly string[]): string[] {
  const unplaced = Object.keys(args).filter((name) => !argOrder.includes(name));
  if (unplaced.length > 0) {
    throw new Error(
      `argument ${unplaced.map((name) => `"${name}"`).join(', ')} has no position: add ${unplaced.length === 1 ? 'it' : 'them'} to the job's argOrder (argStyle positional)`,
    );
  }
  return argOrder.flatMap((name) => {
    const value = args[name];
    return value === undefined ? [''] : valuesOf(value).map(String);
  });
}

function valuesOf(value: ArgScalar | readonly ArgScalar[]): readonly ArgScalar[] {
  return Array.isArray(value) ? value : [value as ArgScalar];
}
