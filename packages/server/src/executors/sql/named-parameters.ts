/**
 * Finds the `:name` parameters of a statement, the way the database will read the text: a
 * `:name` inside a quoted string, a quoted identifier or a comment is not a parameter, nor is
 * PostgreSQL's `::type` cast, MySQL's `:=` or an array slice such as `a[lo:hi]`.
 *
 * A parameter is `:` followed by a letter or `_`, then letters, digits or `_`, where the `:` does
 * not directly follow a letter, digit, `_` or another `:`. The scanner knows each dialect's
 * quoting: `'…'` strings (with `''`, and backslash escapes in MySQL and PostgreSQL's `E'…'`),
 * `"…"` (an identifier, or a string in MySQL), backticks (MySQL, SQLite), `[…]` (SQLite),
 * PostgreSQL's dollar quotes `$tag$…$tag$`, `--` and `/* *\/` comments (nested in PostgreSQL) and
 * MySQL's `#` comments.
 */
import type { DatabaseDialect } from '../../database/database-url.js';

/** Text to copy as is, or a parameter to replace by placeholders. */
export type StatementPart = { text: string } | { parameter: string };

export interface ParsedStatement {
  parts: StatementPart[];
  /** Parameter names in order of first use, each once. */
  parameters: string[];
  /**
   * Positional placeholders written in the text (`?` in MySQL and SQLite, `$1` in PostgreSQL),
   * which named parameters cannot be mixed with.
   */
  positional: string[];
  /** True when a `;` outside quotes and comments is followed by more SQL: several statements. */
  severalStatements: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;
const POSITIONAL_DOLLAR = /^\$\d+/;
const SQLITE_POSITIONAL = /^\?\d*/;

export function parseNamedParameters(sql: string, dialect: DatabaseDialect): ParsedStatement {
  const parts: StatementPart[] = [];
  const parameters: string[] = [];
  const positional: string[] = [];
  let textStart = 0;
  let at = 0;
  /** Where the last `;` and the last SQL (not blank, not comment) were, to spot a second statement. */
  let lastSeparator = -1;
  let lastCode = -1;
  let severalStatements = false;

  const isNameChar = (index: number) => index >= 0 && index < sql.length && NAME_CHAR.test(sql[index]!);

  while (at < sql.length) {
    const char = sql[at]!;
    const next = sql[at + 1];
    const startedAt = at;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === ';') {
      lastSeparator = at++;
      continue;
    }
    if (char === "'") {
      at = endOfQuoted(sql, at, "'", backslashEscapes(sql, at, dialect));
    } else if (char === '"') {
      at = endOfQuoted(sql, at, '"', dialect === 'mysql');
    } else if (char === '`' && dialect !== 'postgres') {
      at = endOfQuoted(sql, at, '`', false);
    } else if (char === '[' && dialect === 'sqlite') {
      const close = sql.indexOf(']', at + 1);
      at = close === -1 ? sql.length : close + 1;
    } else if (char === '-' && next === '-' && (dialect !== 'mysql' || at + 2 >= sql.length || /\s/.test(sql[at + 2]!))) {
      at = endOfLine(sql, at);
      continue; // a comment is not SQL
    } else if (char === '#' && dialect === 'mysql') {
      at = endOfLine(sql, at);
      continue;
    } else if (char === '/' && next === '*') {
      at = endOfBlockComment(sql, at, dialect === 'postgres');
      continue;
    } else if (char === '$' && dialect === 'postgres' && !isNameChar(at - 1)) {
      const tag = DOLLAR_TAG.exec(sql.slice(at, at + 65))?.[0];
      const number = POSITIONAL_DOLLAR.exec(sql.slice(at, at + 12))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, at + tag.length);
        at = close === -1 ? sql.length : close + tag.length;
      } else {
        if (number) positional.push(number);
        at += number?.length ?? 1;
      }
    } else if (char === '?' && dialect !== 'postgres') {
      const written = dialect === 'sqlite' ? SQLITE_POSITIONAL.exec(sql.slice(at, at + 12))![0] : '?';
      positional.push(written);
      at += written.length;
    } else if (char === ':' && next === ':') {
      at += 2; // a PostgreSQL cast, `a::int`: never a parameter, and neither is what follows
    } else if (char === ':' && next !== undefined && NAME_START.test(next) && !isNameChar(at - 1)) {
      let end = at + 2;
      while (isNameChar(end)) end++;
      const name = sql.slice(at + 1, end);
      if (at > textStart) parts.push({ text: sql.slice(textStart, at) });
      parts.push({ parameter: name });
      if (!parameters.includes(name)) parameters.push(name);
      textStart = end;
      at = end;
    } else {
      at++;
    }
    if (lastSeparator > lastCode && lastCode !== -1) severalStatements = true;
    lastCode = startedAt;
  }
  if (textStart < sql.length) parts.push({ text: sql.slice(textStart) });
  return { parts, parameters, positional, severalStatements };
}

/**
 * Backslash escapes apply in MySQL strings (by default) and PostgreSQL's `E'…'` strings; an
 * `E` only counts when it is a word of its own, not the end of an identifier such as `name'`.
 */
function backslashEscapes(sql: string, quoteAt: number, dialect: DatabaseDialect): boolean {
  if (dialect === 'mysql') return true;
  if (dialect !== 'postgres') return false;
  const before = sql[quoteAt - 1];
  return (before === 'E' || before === 'e') && !(quoteAt >= 2 && NAME_CHAR.test(sql[quoteAt - 2]!));
}

/** The index after the closing quote; a doubled quote is part of the text. */
function endOfQuoted(sql: string, openAt: number, quote: string, backslash: boolean): number {
  let at = openAt + 1;
  while (at < sql.length) {
    const char = sql[at]!;
    if (backslash && char === '\\') {
      at += 2;
    } else if (char === quote) {
      if (sql[at + 1] === quote) at += 2;
      else return at + 1;
    } else {
      at++;
    }
  }
  return sql.length; // unterminated: the database will say so
}

function endOfLine(sql: string, at: number): number {
  const newline = sql.indexOf('\n', at);
  return newline === -1 ? sql.length : newline + 1;
}

function endOfBlockComment(sql: string, openAt: number, nested: boolean): number {
  let depth = 1;
  let at = openAt + 2;
  while (at < sql.length) {
    if (sql[at] === '*' && sql[at + 1] === '/') {
      depth--;
      at += 2;
      if (depth === 0) return at;
    } else if (nested && sql[at] === '/' && sql[at + 1] === '*') {
      depth++;
      at += 2;
    } else {
      at++;
    }
  }
  return sql.length;
}
