// The original private_token is learned from the target at run time, not from the config: it must
// not reach the report either, not even in the evidence of a failure that prints the settings.
import { expect, test } from 'vitest';
import { FIXTURES } from '../../mocks/textmarks/index.ts';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

for (const faults of [[], ['readback-stale']]) {
  test(`textmarks: the original private_token is redacted (faults: ${faults.join(',') || 'none'})`, async () => {
    const { reports } = await runConformance(
      { allVendors: VENDORS, vendors: ['textmarks'], faults },
      testRunner(),
    );
    const text = JSON.stringify(reports[0]);
    expect(text).not.toContain(FIXTURES.privateToken);
    expect(text).toContain('[REDACTED]');
  });
}
