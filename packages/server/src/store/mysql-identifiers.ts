/** Column and table names as MySQL and MariaDB keep, compare and quote them. */
import { survivesEveryDialect, type IdentifierRules } from './result-column-names.js';

/**
 * MySQL keeps names of up to 64 characters, of the Basic Multilingual Plane only (identifiers
 * are utf8mb3: no emoji), and compares column names without case — and, in MySQL's
 * utf8_general_ci, without accents (MariaDB keeps accents apart; folding them costs only a
 * fallback name in the rare table that has both "e" and "é").
 */
export const MYSQL_IDENTIFIERS: IdentifierRules = {
  maxLength: 64,
  fits: (name) => name.length <= 64 && survivesEveryDialect(name) && !/[\uD800-\uDFFF]/.test(name),
  sameNameKey: (name) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
};

/** A quoted identifier, for the statements written without Kysely (bulk INSERTs, page reads). */
export function quoteMysqlId(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
