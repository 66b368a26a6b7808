/** The problem lines a failing config load reports, for tests that assert what a user reads. */
import { expect } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';

/** Runs `load`, expects it to fail with a ConfigError, and returns its problem lines. */
export async function configProblems(load: () => unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect((error as ConfigError).message).toBe(problems.join('\n'));
    return problems;
  }
  throw new Error('expected the configuration to be refused, but it loaded');
}
