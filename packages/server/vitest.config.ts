import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', '../../examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real servers, processes and databases: two files at a time fits a 2-core machine.
    maxWorkers: 2,
  },
});
