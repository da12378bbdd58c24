import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['examples/**', 'node_modules/**', 'test/browser/**', 'test/compat/**', 'test/clients/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Loopback servers and sockets: keep files isolated but cap parallelism for a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
