/**
 * Reads a config file into a tree, choosing the parser by extension: `.properties` (the
 * original's format), `.yaml`/`.yml` or `.json`. Every way reading can fail becomes a problem
 * naming the file — and the line, where the parser knows it — never an exception.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import YAML from 'yaml';
import type { ConfigSection } from './config-tree.js';
import { isSection } from './config-tree.js';
import type { ParsedSource } from './properties-file.js';
import { lineOf, parsePropertiesText } from './properties-file.js';

const FORMATS = ['.properties', '.yaml', '.yml', '.json'];

/** Reads and parses `file` (an absolute path, so problems say exactly which file). */
export async function readConfigFile(file: string): Promise<ParsedSource> {
  const extension = extname(file).toLowerCase();
  if (!FORMATS.includes(extension)) {
    return failed(`config file ${file}: unknown format "${extension}"; name it .properties, .yaml, .yml or .json`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return failed(`config file ${file}: cannot read it (${readFailure(error)})`);
  }
  if (extension === '.properties') return parsePropertiesText(text, file);
  return extension === '.json' ? parseJson(text, file) : parseYaml(text, file);
}

function parseYaml(text: string, file: string): ParsedSource {
  const document = YAML.parseDocument(text);
  if (document.errors.length > 0) {
    return {
      tree: {},
      problems: document.errors.map((error) => {
        const position = error.linePos?.[0];
        // yaml appends " at line L, column C:" and a code excerpt; we give the position our way.
        const reason = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
        return `config file ${file}${position ? ` line ${position.line} column ${position.col}` : ''}: invalid YAML: ${reason}`;
      }),
    };
  }
  return asSection(document.toJS(), file);
}

function parseJson(text: string, file: string): ParsedSource {
  try {
    return asSection(JSON.parse(text), file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node 20 reports a character offset; newer versions also say the line themselves.
    const offset = /at position (\d+)/.exec(message)?.[1];
    const line = offset === undefined ? '' : ` line ${lineOf(text, Number(offset))}`;
    return failed(`config file ${file}${line}: invalid JSON: ${message}`);
  }
}

function asSection(value: unknown, file: string): ParsedSource {
  // An empty YAML file is a config with no settings, not a mistake.
  if (value === null || value === undefined) return { tree: {}, problems: [] };
  if (isSection(value)) return { tree: value as ConfigSection, problems: [] };
  const got = Array.isArray(value) ? 'a list' : `the value ${JSON.stringify(value).slice(0, 40)}`;
  return failed(`config file ${file}: expected settings (key: value pairs) at the top level, got ${got}`);
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

function failed(problem: string): ParsedSource {
  return { tree: {}, problems: [problem] };
}
