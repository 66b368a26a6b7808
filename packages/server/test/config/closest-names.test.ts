import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/config/closest-names.js';

const SETTINGS = ['cacheTTLMins', 'historyTTLMins', 'inMemoryCache', 'cacheSqliteConfig', 'logLevel', 'server'];

describe('closestNames', () => {
  it('suggests the name a typo was meant to be', () => {
    expect(closestNames('cachTTLMins', SETTINGS)).toEqual(['cacheTTLMins']);
    expect(closestNames('sevrer', SETTINGS)).toEqual(['server']);
  });

  it("matches Spring's relaxed spellings regardless of case, - and _", () => {
    expect(closestNames('cache-ttl-mins', SETTINGS)).toEqual(['cacheTTLMins']);
    expect(closestNames('INMEMORYCACHE', SETTINGS)).toEqual(['inMemoryCache']);
  });

  it('suggests the full name for a truncated one', () => {
    expect(closestNames('cacheTTL', SETTINGS)).toEqual(['cacheTTLMins']);
  });

  it('suggests nothing for an unrelated name', () => {
    expect(closestNames('process', ['dummy', 'test', 'requests'])).toEqual([]);
  });

  it('returns at most max names, closest first', () => {
    expect(closestNames('job', ['jobs', 'job1', 'jab', 'jobb', 'other'], 2)).toEqual(['jobs', 'job1']);
  });
});
