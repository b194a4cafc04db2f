import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    setupFiles: ['test/setup.ts'],
    // Tests start loopback servers and real child processes; a generous timeout keeps a slow CI
    // machine from flaking without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { shuffle: true },
    pool: 'forks',
  },
});
