/**
 * Applies command-line overrides onto the tree read from the file. An override replaces what the
 * file says at its path, including whole lists (`--x.executeUsers=a,b`), and creates sections and
 * list entries as needed, so a job can even be added from the command line.
 */
import type { ConfigSection } from './config-tree.js';
import { setValueAt } from './config-tree.js';
import type { Override } from './command-line.js';
import { describeListGaps } from './list-gaps.js';

/** Applies `overrides` in order (the last of equal keys wins) and returns the problems. */
export function applyOverrides(tree: ConfigSection, overrides: readonly Override[]): string[] {
  const problems: string[] = [];
  for (const override of overrides) {
    const conflict = setValueAt(tree, override.path, override.value, 'replace');
    if (conflict) problems.push(`${override.argument}: ${conflict}`);
  }
  if (overrides.length > 0) {
    const sources = overrides.map((override) => ({ path: override.path, where: override.argument }));
    problems.push(...describeListGaps(tree, sources));
  }
  return problems;
}
