import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on git, npm, servers and hooks rather than compute: on a 2-core machine
    // vitest's default (cores - 1 = one worker) leaves the CPU idle half the time.
    maxWorkers: 3,
  },
});
