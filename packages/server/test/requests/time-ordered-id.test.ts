/** Request ids: UUID v7, unique within a millisecond, ordered by the time they were made. */
import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src/requests/time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('makes distinct v7 UUIDs within one millisecond, each carrying that millisecond', () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0, 123);
    const ids = Array.from({ length: 1000 }, () => timeOrderedId(now));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(UUID_V7);
      expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
    }
  });

  it('sorts by creation time across milliseconds, back and forth', () => {
    const times = [1, 2, 0xfff_ffff_ffff, 2, Date.UTC(2030, 0, 1)];
    for (const time of times) expect(parseInt(timeOrderedId(time).slice(0, 13).replace('-', ''), 16)).toBe(time);
    expect(timeOrderedId(1) < timeOrderedId(2)).toBe(true);
    expect(timeOrderedId(Date.UTC(2026, 0, 1)) < timeOrderedId(Date.UTC(2026, 0, 1, 0, 0, 0, 1))).toBe(true);
  });
});
