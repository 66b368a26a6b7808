/** Column and table names as PostgreSQL keeps and quotes them. */
import { survivesEveryDialect, type IdentifierRules } from './result-column-names.js';

/**
 * PostgreSQL keeps names of up to 63 bytes of UTF-8 (longer ones it cuts silently, which could
 * make two columns one) and compares quoted names exactly; names are still folded for case here,
 * so a result gets the same SQL names on every store.
 */
export const POSTGRES_IDENTIFIERS: IdentifierRules = {
  maxLength: 63,
  fits: (name) => Buffer.byteLength(name) <= 63 && survivesEveryDialect(name),
  sameNameKey: (name) => name.toLowerCase(),
};

/** A quoted identifier, for the statements written without Kysely (COPY, page reads). */
export function quotePostgresId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
