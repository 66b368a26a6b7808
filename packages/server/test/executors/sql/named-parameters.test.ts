/**
 * How statement text is read for `:name` parameters, per dialect: only where the database would
 * see a bare `:name` — never inside strings, quoted identifiers or comments, nor in casts,
 * assignments or array slices — and a `;` followed by more SQL means several statements.
 */
import { describe, expect, it } from 'vitest';
import { bindParameters, onlyTimeRangeParameters } from '../../../src/executors/sql/bind-parameters.js';
import { parseNamedParameters } from '../../../src/executors/sql/named-parameters.js';

const names = (sql: string, dialect: 'postgres' | 'mysql' | 'sqlite' = 'postgres') => parseNamedParameters(sql, dialect).parameters;

describe('finding parameters', () => {
  it('finds each name once, in order of first use', () => {
    expect(names('SELECT * FROM t WHERE a = :a AND (b = :b OR a2 = :a) AND c IN (:c_list)')).toEqual(['a', 'b', 'c_list']);
  });

  it('skips strings, quoted identifiers and comments', () => {
    const sql = `SELECT ':no1', "col:no2", /* :no3 */ x -- :no4
      FROM t WHERE y = :yes`;
    expect(names(sql)).toEqual(['yes']);
    expect(names("SELECT 'it''s :no' AS a, :yes", 'sqlite')).toEqual(['yes']);
  });

  it('PostgreSQL: casts, dollar quotes, E-strings and nested comments', () => {
    expect(names('SELECT :value::int, created::date FROM t')).toEqual(['value']);
    expect(names('SELECT $$ :no $$, $tag$ it is :no either $tag$, :yes')).toEqual(['yes']);
    expect(names("SELECT E'it\\'s :no', :yes")).toEqual(['yes']);
    expect(names('SELECT /* outer /* :no */ still :no */ :yes')).toEqual(['yes']);
    expect(names('SELECT arr[lo:hi], arr[1:2] FROM t')).toEqual([]);
  });

  it("MySQL: backslash escapes, backticks, # comments, := and '--' needing a space", () => {
    expect(names("SELECT 'it\\'s :no', `col:no`, \"also :no\" # :no\n, :yes", 'mysql')).toEqual(['yes']);
    expect(names('SET @x := 1, @y = :yes', 'mysql')).toEqual(['yes']);
    expect(names('SELECT 1--:yes', 'mysql')).toEqual(['yes']);
  });

  it('SQLite: [bracketed] and `backtick` identifiers', () => {
    expect(names('SELECT [a:no], `b:no` FROM t WHERE c = :yes', 'sqlite')).toEqual(['yes']);
  });

  it('reports positional placeholders written in the text', () => {
    expect(parseNamedParameters('SELECT ? , ?2 FROM t', 'sqlite').positional).toEqual(['?', '?2']);
    expect(parseNamedParameters('SELECT $1', 'postgres').positional).toEqual(['$1']);
    expect(parseNamedParameters("SELECT '?' FROM t WHERE j ? 'key'", 'postgres').positional).toEqual([]);
  });

  it('tells one statement (with a trailing ; or ; in strings and comments) from several', () => {
    const several = (sql: string) => parseNamedParameters(sql, 'postgres').severalStatements;
    expect(several('SELECT 1;')).toBe(false);
    expect(several("SELECT ';' AS a; -- done\n")).toBe(false);
    expect(several('SELECT 1; /* c */ ;')).toBe(false);
    expect(several('SELECT 1; SELECT 2')).toBe(true);
    expect(several('SELECT 1;DROP TABLE t')).toBe(true);
  });
});

describe('binding', () => {
  it('numbers placeholders for PostgreSQL and uses ? elsewhere; lists expand; values never enter the text', () => {
    const statement = parseNamedParameters("SELECT * FROM t WHERE r IN (:regions) AND n = :name AND m = ':name'", 'postgres');
    const values = { regions: ['eu', 'us'], name: "x'; DROP TABLE t; --" };
    expect(bindParameters(statement, values, 'postgres')).toEqual({
      text: "SELECT * FROM t WHERE r IN ($1, $2) AND n = $3 AND m = ':name'",
      values: ['eu', 'us', "x'; DROP TABLE t; --"],
    });
    expect(bindParameters(parseNamedParameters('SELECT :a, :a', 'mysql'), { a: 1 }, 'mysql')).toEqual({ text: 'SELECT ?, ?', values: [1, 1] });
  });

  it('an empty list binds a single NULL, which matches nothing', () => {
    expect(bindParameters(parseNamedParameters('SELECT 1 WHERE a IN (:none)', 'sqlite'), { none: [] }, 'sqlite')).toEqual({ text: 'SELECT 1 WHERE a IN (?)', values: [null] });
  });

  it('for SQL from a request, only the time range is a parameter; other :names stay as written', () => {
    const statement = onlyTimeRangeParameters(parseNamedParameters('SELECT :__from, :other', 'postgres'));
    expect(bindParameters(statement, { __from: 5 }, 'postgres')).toEqual({ text: 'SELECT $1, :other', values: [5] });
  });
});
