/**
 * How often work waiting for an unreachable store tries again: after 1 s, then twice as long each
 * time up to every 10 s. Soon enough that a short blip is over within a second or two, rare
 * enough that a long outage costs a connection attempt every 10 s. docs/stores.md states it.
 */
export const FIRST_STORE_RETRY_MS = 1_000;
const LAST_STORE_RETRY_MS = 10_000;

export function nextStoreRetryMs(delayMs: number): number {
  return Math.min(delayMs * 2, LAST_STORE_RETRY_MS);
}
