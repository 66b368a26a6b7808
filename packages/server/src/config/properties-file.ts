/**
 * Spring `.properties` files, the original's format: `jobsConfigList[0].config.process[1]=x`
 * lines become the nested tree the other formats give directly.
 *
 * Two details follow Spring Boot rather than `java.util.Properties`: trailing whitespace of a
 * value is dropped (an invisible `true ` must not fail), and `#` only starts a comment at the
 * start of a line — `a=1 # note` is the value `1 # note`, exactly as the original read it.
 */
import { parseLines } from 'dot-properties';
import type { ConfigSection } from './config-tree.js';
import { setValueAt } from './config-tree.js';
import type { KeySource } from './list-gaps.js';
import { describeListGaps } from './list-gaps.js';
import { parseKeyPath } from './key-path.js';

/** What reading one source gives: a tree (possibly partial) and the problems met on the way. */
export interface ParsedSource {
  tree: ConfigSection;
  problems: string[];
}

/** Parses properties text; `file` names the file in problems, which also give the line. */
export function parsePropertiesText(text: string, file: string): ParsedSource {
  const tree: ConfigSection = {};
  const problems: string[] = [];
  const sources: KeySource[] = [];
  for (const node of parseLines(text, true)) {
    if (node.type !== 'PAIR') continue;
    const { key, value } = node as unknown as { key: string; value: string };
    const where = `${key} (${file} line ${lineOf(text, node.range[0])})`;
    const parsed = parseKeyPath(key);
    if (!parsed.ok) {
      problems.push(`${where}: malformed key: ${parsed.reason}`);
      continue;
    }
    const conflict = setValueAt(tree, parsed.path, value.trimEnd(), 'merge');
    if (conflict) problems.push(`${where}: ${conflict}`);
    else sources.push({ path: parsed.path, where });
  }
  problems.push(...describeListGaps(tree, sources));
  return { tree, problems };
}

/** 1-based line of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
