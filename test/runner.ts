// One SuiteRunner (one vitest instance for the suites) per test process, shared by every test file
// that process runs (the self project does not isolate files): starting one costs about as much CPU
// as a narrowed run. Two workers, as a proof's batch of mocks wants (a single run uses fewer). Runs
// go one at a time, as they do within a test file. It is never closed: it ends with the process, and
// its entry files go with the run's temporary directory (test/self-setup.ts). What the CLI does
// itself (start and close its own instance) stays proven by the spawned tests.
import { runConformance, SuiteRunner } from '../src/runner.ts';
import type { RunningMock, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';

let shared: SuiteRunner | undefined;

export function testRunner(): SuiteRunner {
  shared ??= new SuiteRunner({ maxWorkers: 2 });
  return shared;
}

/**
 * A whole run of one vendor against a running mock reached by its URL (as a real target is, restore
 * journal included), in the shared instance: its report.
 */
export async function runByUrl(
  vendor: string,
  mock: RunningMock,
  section: Record<string, unknown> = mock.targetConfig,
): Promise<VendorReport> {
  const { reports } = await runConformance(
    { allVendors: VENDORS, vendors: [vendor], baseUrl: mock.url, config: { [vendor]: section } },
    testRunner(),
  );
  const r = reports[0];
  if (!r) throw new Error(`no report for ${vendor}`);
  return r;
}
