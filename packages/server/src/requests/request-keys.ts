/**
 * Keys that make requests findable and unique: an unlabelled submit by (job, canonical args), a
 * labelled one by (source, user, label). Hashed so that any label or argument list fits one
 * fixed-width primary key on every database.
 */
import { createHash } from 'node:crypto';
import type { Args } from '../domain.js';

/** JSON with object keys sorted, so equal arguments give equal text whatever their order. */
export function canonicalJson(args: Args): string {
  const sorted: Args = {};
  for (const name of Object.keys(args).sort()) sorted[name] = args[name]!;
  return JSON.stringify(sorted);
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
