/**
 * A size in bytes as a setting: a number of bytes, or text with a unit (`64MiB`, `500 MB`), since
 * caps such as `maxOutputBytes` are easier to read and write that way in a properties file.
 */
import { z } from 'zod';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** A whole number of bytes, at least `min`. */
export function byteSizeSetting(min = 1) {
  const expected = `expected a size in bytes of at least ${min}: a number, or with a unit such as 512KiB, 64MiB, 1GB`;
  return z.unknown().transform((value, context) => {
    const bytes = parseByteSize(value);
    if (bytes !== null && bytes >= min) return bytes;
    context.addIssue({ code: 'custom', message: expected });
    return z.NEVER;
  });
}

function parseByteSize(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  const match = SIZE.exec(value.trim());
  const unit = UNITS[(match?.[2] ?? '').toLowerCase() || 'b'];
  if (!match || unit === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** `67108864` as `64 MiB`, for messages that name a cap. */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
