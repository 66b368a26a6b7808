/**
 * Names result tables as the original did, `dYYMMDDHHmm_<8 random alphanumerics>_<job>`, so
 * tables are recognisable from Grafana's SQL datasources and sort by time. At most 63 characters,
 * one fewer than the original's 64: PostgreSQL cuts longer names, and a script's table would then
 * not be found under the name it was given.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_LENGTH = 63;

/** `d` + YYMMDDHHmm (UTC) + `_` + 8 random alphanumerics + `_`: only names this module makes. */
const RESULT_TABLE_NAME = /^d(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_[a-z0-9]{8}_/;

/** When a result table of ours was named (epoch ms, to the minute); null for any other table. */
export function resultTableNamedAt(table: string): number | null {
  const match = RESULT_TABLE_NAME.exec(table);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return Date.UTC(2000 + year, month - 1, day, hour, minute);
}

export function resultTableName(job: string, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    pad(now.getUTCFullYear() % 100) + pad(now.getUTCMonth() + 1) + pad(now.getUTCDate()) + pad(now.getUTCHours()) + pad(now.getUTCMinutes());
  let random = '';
  for (let i = 0; i < 8; i++) random += ALPHABET[randomInt(ALPHABET.length)];
  const jobPart = job.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return `d${stamp}_${random}_${jobPart}`.slice(0, MAX_LENGTH);
}
