/**
 * Keys that make requests findable and unique: an unlabelled submit by (job, canonical args), a
 * labelled one by (source, user, label). Hashed so that any label or argument list fits one
 * fixed-width primary key on every database.
 */
import { createHash } from 'node:crypto';
import type { Args } from '../domain.js';

/** JSON with object keys sorted, so equal arguments give equal text whatever their order. */
export function canonicalJson(args: Args): string {
  const names = Object.keys(args);
  // Arguments come out of validation in their spec's order, which is usually sorted already.
  if (isSorted(names)) return JSON.stringify(args);
  const sorted: Args = {};
  for (const name of names.sort()) sorted[name] = args[name]!;
  return JSON.stringify(sorted);
}

function isSorted(names: string[]): boolean {
  for (let index = 1; index < names.length; index++) if (names[index - 1]! > names[index]!) return false;
  return true;
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function argsKey(job: string, args: Args): string {
  return `a:${hash(job, canonicalJson(args))}`;
}

export function labelKey(source: string, user: string, label: string): string {
  return `l:${hash(source, user, label)}`;
}
