// Global setup of the `conformance` vitest project (`npx vitest --project conformance`): provides
// each vendor suite with a target. CONFORMANCE_CONFIG names a target config whose vendor sections
// carry baseUrl; a vendor without one runs against its embedded reference mock.
import type { TestProject } from 'vitest/node';
import { deepMerge, parseConfig, readConfigFile } from './src/config.ts';
import { secretsAt } from './src/redact.ts';
import { newRunId } from './src/runner.ts';
import type { RunningMock, SuiteContext } from './src/types.ts';
import { VENDORS } from './vendors.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const path = process.env.CONFORMANCE_CONFIG;
  const schemas = Object.fromEntries(VENDORS.map((v) => [v.id, v.configSchema]));
  const config = path ? parseConfig(readConfigFile(path), schemas, path) : parseConfig({}, schemas);
  const mocks: RunningMock[] = [];
  const contexts: Record<string, SuiteContext> = {};
  const runId = newRunId();
  for (const v of VENDORS) {
    const user = config.sections[v.id] ?? {};
    let baseUrl = user.baseUrl as string | undefined;
    let section = user;
    if (!baseUrl) {
      const mock = await v.startMock({});
      mocks.push(mock);
      baseUrl = mock.url;
      section = deepMerge(mock.targetConfig, user);
    }
    contexts[v.id] = {
      vendor: v.id,
      baseUrl,
      runId,
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      config: section,
      secrets: secretsAt(section, v.secretPaths),
    };
  }
  project.provide('conformance', contexts);
  return async () => {
    await Promise.all(mocks.map((m) => m.close()));
  };
}
