import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      // The pure rules: no database, run under several TZs by `npm run test:tz`.
      { extends: true, test: { name: 'domain', include: ['test/domain/**/*.test.ts'] } },
      // Against the real PostgreSQL and Redis, the real CLI as a child process, the app over signed HTTP.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/domain/**', 'test/browser/**', '**/node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      // The sandbox page in Debian's Chromium (test/artifacts/ gets a screenshot of each step).
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/build.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
