import { defineConfig } from 'vitest/config';

// One run for the whole repository: the contracts package and the server (unit + API through app.inject()).
// The web app and the browser journeys (e2e/, `npm run test:e2e`) run elsewhere.
export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'apps/server/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/data/**', 'apps/web/**', 'e2e/**', '.ci/**'],
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // Empty test databases on PostgreSQL when TEST_DATABASE_URL is set; see apps/server/src/test/database.ts.
    globalSetup: ['apps/server/src/test/global-setup.ts'],
  },
});
