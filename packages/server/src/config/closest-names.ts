/**
 * "Did you mean …?" suggestions for unknown setting keys, executor types, job names.
 *
 * Names are compared case-insensitively and without `-`/`_`, because Spring's relaxed binding let
 * users of the original write `cache-ttl-mins` or `CACHETTLMINS` for `cacheTTLMins`; such a
 * spelling is then suggested first. Swapped neighbouring letters count as one edit, since they
 * are the most common typo.
 */

/**
 * Returns up to `max` candidates close to `name`, closest first (ties keep the candidates' order).
 * Returns an empty list when nothing is close enough to be a plausible typo.
 */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const wanted = normalize(name);
  // A third of the name's length, but at least 2: short names tolerate a couple of typos,
  // long ones proportionally more, without suggesting unrelated words.
  const tolerance = Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<{ candidate: string; score: number; order: number }> = [];
  candidates.forEach((candidate, order) => {
    const score = closeness(wanted, normalize(candidate));
    if (score <= tolerance && !scored.some((entry) => entry.candidate === candidate)) {
      scored.push({ candidate, score, order });
    }
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, max).map((entry) => entry.candidate);
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function closeness(a: string, b: string): number {
  // A name that contains the other (`cacheTTL` for `cacheTTLMins`) is a truncation, not a typo.
  if (a.length >= 3 && b.length >= 3 && (a.includes(b) || b.includes(a))) return Math.min(1, editDistance(a, b));
  return editDistance(a, b);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const distance: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => distance[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (distance[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}
