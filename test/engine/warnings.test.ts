// What a suite writes to stderr (a change it could not put back on the target) reaches the report
// of its vendor, not the void.
import { expect, test } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';

test('a restore that did not go through is a warning in the report', async () => {
  const { reports } = await runConformance({
    allVendors: VENDORS,
    vendors: ['iservice', 'textmarketer'],
    faults: [],
  });
  expect(reports.length).toBe(2);
  // Clean mocks: nothing to warn about.
  for (const r of reports) expect(r.warnings ?? []).toEqual([]);
  const broken = await runConformance({
    allVendors: VENDORS,
    vendors: ['iservice'],
    faults: ['agent-refused-on-customer-contact'],
  });
  expect(broken.reports[0]?.warnings?.join('\n')).toMatch(/not restored/);
});
