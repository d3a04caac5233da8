import { defineConfig } from 'vitest/config';

// Two projects: `self` is the project's own tests (npm test); `conformance` runs the vendor suites
// with plain `npx vitest --project conformance`, against the embedded mocks unless
// CONFORMANCE_CONFIG names a target config (see vitest.global-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'self',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.conformance.ts'],
          globalSetup: ['./vitest.global-setup.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
