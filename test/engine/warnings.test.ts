// What a suite writes to stderr (a change it could not put back on the target) reaches the report
// of its vendor, not the void.
import { expect, test } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

const runner = testRunner();

test('a restore that did not go through is a warning in the report', async () => {
  // Whole runs: any check's change (generated values included) that was not put back would warn.
  const { reports } = await runConformance(
    {
      allVendors: VENDORS,
      vendors: ['iservice', 'textmarketer'],
      faults: [],
    },
    runner,
  );
  expect(reports.length).toBe(2);
  // Clean mocks: nothing to warn about.
  for (const r of reports) expect(r.warnings ?? []).toEqual([]);
  // The warning comes from the suite's closing restore, which the hand-picked checks' changes
  // already need: no generated value.
  const broken = await runConformance(
    {
      allVendors: VENDORS,
      vendors: ['iservice'],
      faults: ['agent-refused-on-customer-contact'],
      examples: 0,
    },
    runner,
  );
  expect(broken.reports[0]?.warnings?.join('\n')).toMatch(/not restored/);
});
