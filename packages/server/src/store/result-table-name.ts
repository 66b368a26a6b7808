/**
 * Names result tables as the original did, `dYYMMDDHHmm_<8 random alphanumerics>_<job>`, at most
 * 64 characters, so tables are recognisable from Grafana's SQL datasources and sort by time.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_LENGTH = 64;

export function resultTableName(job: string, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    pad(now.getUTCFullYear() % 100) + pad(now.getUTCMonth() + 1) + pad(now.getUTCDate()) + pad(now.getUTCHours()) + pad(now.getUTCMinutes());
  let random = '';
  for (let i = 0; i < 8; i++) random += ALPHABET[randomInt(ALPHABET.length)];
  const jobPart = job.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return `d${stamp}_${random}_${jobPart}`.slice(0, MAX_LENGTH);
}
