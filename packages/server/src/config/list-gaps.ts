/**
 * Gaps in lists built from indexed keys (`a[0]=x`, `a[2]=y`). Spring refused such lists, and
 * silently closing the gap would shift every later entry — `jobsConfigList[3]` would quietly
 * become the third job — so a gap is a problem that names the key that skipped ahead.
 */
import { isSection } from './config-tree.js';
import type { KeyPath } from './key-path.js';
import { formatKeyPath } from './key-path.js';

/** Where a key came from, to name it in the problem: a file line or a command-line argument. */
export interface KeySource {
  path: KeyPath;
  /** How the user wrote it, e.g. `jobsConfigList[2].name (app.properties line 9)`. */
  where: string;
}

interface ListGap {
  list: KeyPath;
  missing: number;
}

/**
 * One problem line per missing index, naming the first of `sources` that set an index beyond it.
 * Gaps no source skipped are left alone: they were made, and reported, by another source.
 */
export function describeListGaps(tree: unknown, sources: readonly KeySource[]): string[] {
  const problems: string[] = [];
  for (const { list, missing } of findListGaps(tree, [])) {
    const source = sources.find((candidate) => skipsAhead(candidate.path, list, missing));
    if (!source) continue;
    const skipped = formatKeyPath([...list, missing]);
    problems.push(`${source.where}: list index ${String(source.path[list.length])} skips ${skipped}; number list entries 0, 1, 2… without gaps`);
  }
  return problems;
}

function findListGaps(value: unknown, at: KeyPath): ListGap[] {
  const gaps: ListGap[] = [];
  if (Array.isArray(value)) {
    // Report the first hole of a run only: `a[0]`, `a[5]` is one mistake, not four.
    for (let index = 0; index < value.length; index++) {
      if (!(index in value) && (index === 0 || index - 1 in value)) gaps.push({ list: at, missing: index });
      if (index in value) gaps.push(...findListGaps(value[index], [...at, index]));
    }
  } else if (isSection(value)) {
    for (const [key, child] of Object.entries(value)) gaps.push(...findListGaps(child, [...at, key]));
  }
  return gaps;
}

function skipsAhead(path: KeyPath, list: KeyPath, missing: number): boolean {
  if (path.length <= list.length || !list.every((segment, i) => path[i] === segment)) return false;
  const index = path[list.length];
  return typeof index === 'number' && index > missing;
}
