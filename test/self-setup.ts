// Global setup of the `self` project (npm test): every temporary file of the run (the tests' own, the
// CLIs they spawn, the suites' entry files, the restore journals) goes under one directory, made here
// and removed when the run ends, even where a test process was stopped before it could clean up.
import { mkdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const { CONFORMANCE_SELF_TMP: root, CONFORMANCE_STATE_DIR: state } = project.config.env;
  if (!root || !state) throw new Error('vitest.config.ts names no temporary directory for the self project');
  mkdirSync(root, { mode: 0o700 });
  mkdirSync(state, { mode: 0o700 });
  return () => rmSync(root, { recursive: true, force: true });
}
