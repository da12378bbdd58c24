import { defineConfig } from 'vitest/config';

// Run from the repository root by run.sh: `npx vitest run --config test/clients/vitest.config.ts`.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
