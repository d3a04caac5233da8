// Every contract verifies against its reference mock run as an ordinary target (started apart, no
// hook into it: the runner sees only a base URL and the mock's target config), twice in a row as a
// long-lived target would be: the vendor's provider driver sets every state up from the config.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runConformance } from '../src/runner.ts';
import type { RunningMock, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

for (const vendor of VENDORS) {
  describe(`${vendor.id}: the contract verifies against the reference mock as a real target`, () => {
    let mock: RunningMock;
    beforeAll(async () => {
      mock = await vendor.startMock({});
    });
    afterAll(() => mock.close());

    const verify = async (): Promise<VendorReport> => {
      const { reports } = await runConformance({
        allVendors: VENDORS,
        vendors: [vendor.id],
        baseUrl: mock.url,
        config: { [vendor.id]: mock.targetConfig },
        suite: false,
        pact: true,
      });
      const r = reports[0];
      if (!r) throw new Error('no report');
      return r;
    };

    test('every interaction passes, twice in a row, from the target config alone', async () => {
      for (const r of [await verify(), await verify()]) {
        expect(r.target.embeddedMock).toBe(false);
        expect(r.errors).toEqual([]);
        expect(r.warnings ?? []).toEqual([]);
        expect(r.contract?.providerStates).toBe('target-config');
        const checks = r.checks.filter((c) => c.origin === 'contract');
        expect(checks.length).toBe(r.contract?.interactions);
        expect(
          checks.filter((c) => c.outcome !== 'passed').map((c) => `${c.title}: ${c.outcome}: ${c.message}`),
        ).toEqual([]);
        expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
      }
    }, 120_000);
  });
}
