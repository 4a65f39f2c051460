import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'core/**/*.test.ts', 'bench/**/*.test.ts'],
    // One fresh, migrated PostgreSQL database and one Redis key prefix per run (see the file).
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/env.ts'],
    // Test files run one at a time: they share the run's database, resetDatabase() in one file would
    // wipe another's rows, and end-to-end tests start bot and worker processes that poll the same
    // tables. Within a file, tests run in order anyway. The suite is I/O-bound, so little is lost.
    fileParallelism: false,
    // Forks, so a test that spawns or kills processes cannot take a worker thread's siblings with it.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
