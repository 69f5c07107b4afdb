import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'adapters/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Two files at a time even on a two-core machine: many tests wait on child processes, sockets or timers, and
    // vitest's default (cores - 1) would run every file one after another.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
