import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Three projects: `self` is the project's own tests (npm test); `conformance` runs the vendor suites
// with plain `npx vitest --project conformance`, against the embedded mocks unless
// CONFORMANCE_CONFIG names a target config (see vitest.global-setup.ts); `contracts` runs the Pact
// consumer tests, which (re)generate contracts/pacts/ (verification is a separate step:
// `conformance pact verify`, so it never reads a file this run is still writing).
// Named here, made by test/self-setup.ts when the self project runs (and removed after it).
const SELF_TMP = join(tmpdir(), `conformance-selftest-${process.pid}-${randomBytes(4).toString('hex')}`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'self',
          include: ['test/**/*.test.ts'],
          // The tests wait on loopback servers and subprocesses as much as they compute: three files
          // at a time keep both cores busy (vitest's default on 2 cores is one).
          maxWorkers: 3,
          // Files share their worker's loaded modules (vitest's import time over the run: 58 s with
          // isolation, 13 s without; CPU 10% less). So a test file puts back any process state it
          // changes (environment variables, exit code, signal handlers), as the tests here do.
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Every temporary file of the run under one directory (test/self-setup.ts removes it);
          // runs against URL targets journal what they change (src/journal.ts) into it too, never
          // into the developer's ~/.local/state.
          env: {
            TMPDIR: SELF_TMP,
            CONFORMANCE_SELF_TMP: SELF_TMP,
            CONFORMANCE_STATE_DIR: join(SELF_TMP, 'state'),
          },
          globalSetup: ['./test/self-setup.ts'],
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
      {
        test: {
          name: 'contracts',
          include: ['contracts/**/*.pact.test.ts'],
          // Otherwise pact's core tries to send usage data over the network.
          env: { PACT_DO_NOT_TRACK: 'true' },
          testTimeout: 60_000,
        },
      },
    ],
  },
});
