// Global setup of the `conformance` vitest project (`npx vitest --project conformance`): provides
// each vendor suite that runs with a target, resolved exactly as the CLI does (src/target.ts):
// CONFORMANCE_CONFIG names a target config whose vendor sections carry baseUrl; a vendor without one
// runs against its embedded reference mock. Only the mocks of the suites that run are started.
import type { TestProject } from 'vitest/node';
import { closeTargets, loadConfig, newRunId, resolveTargets } from './src/target.ts';
import { VENDORS } from './vendors.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const path = process.env.CONFORMANCE_CONFIG;
  const config = loadConfig(VENDORS, path ? { path } : {});
  // The files this run was asked for (the CLI filters); every suite file when none was given.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const { testFiles } = await project.globTestFiles(filters);
  const wanted = VENDORS.filter((v) => v.suiteFiles.some((f) => testFiles.includes(f)));
  const targets = await resolveTargets(wanted, { config, runId: newRunId() });
  for (const t of targets) {
    if (t.unreachable) throw new Error(`${t.def.id}: ${t.unreachable}`);
  }
  project.provide('conformance', Object.fromEntries(targets.map((t) => [t.def.id, t.context])));
  return () => closeTargets(targets);
}
