// The suites prove themselves: each passes its clean reference mock, and every fault switched on in
// a mock makes its suite fail exactly the requirements that fault breaks, no fewer and no more.
import { describe, expect, test } from 'vitest';
import { runConformance } from '../src/runner.ts';
import type { VendorDefinition, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';

async function runWith(
  vendor: VendorDefinition,
  faults: string[],
  readings: Record<string, unknown> = {},
): Promise<VendorReport> {
  const { reports } = await runConformance({
    allVendors: VENDORS,
    vendors: [vendor.id],
    faults,
    config: { [vendor.id]: { readings } },
  });
  const report = reports[0];
  if (!report) throw new Error('no report');
  return report;
}

const broken = (r: VendorReport) =>
  r.requirements
    .filter((q) => q.outcome === 'failed' || q.outcome === 'errored')
    .map((q) => q.id)
    .sort();

for (const vendor of VENDORS) {
  describe(`${vendor.id}: the suite proves itself on its reference mock`, () => {
    test('passes the clean mock: conformant, exit 0, nothing failed or errored', async () => {
      const r = await runWith(vendor, []);
      expect(r.errors).toEqual([]);
      expect(broken(r)).toEqual([]);
      expect(r.verdict).toBe('conformant');
      expect(r.exitCode).toBe(0);
      // A requirement may be off under the default readings only if a proof run with another
      // reading makes it applicable (and fails it).
      const needsReading = new Set(vendor.faults.filter((f) => f.readings).flatMap((f) => f.breaks));
      const idle = r.requirements
        .filter((q) => q.outcome !== 'passed' && !needsReading.has(q.id))
        .map((q) => q.id);
      expect(idle).toEqual([]);
    });

    test('every requirement is broken by at least one fault of the mock', () => {
      const covered = new Set(vendor.faults.flatMap((f) => f.breaks));
      expect(vendor.requirements.map((q) => q.id).filter((id) => !covered.has(id))).toEqual([]);
    });

    for (const fault of vendor.faults.filter((f) => !f.chaos)) {
      const what = fault.breaks.join(', ') || 'nothing (a reading, not a fault)';
      test(`fault ${fault.id} fails exactly ${what}`, async () => {
        const r = await runWith(vendor, [fault.id], fault.readings);
        expect(r.errors).toEqual([]);
        expect(broken(r)).toEqual([...fault.breaks].sort());
        const must = vendor.requirements.filter((q) => fault.breaks.includes(q.id) && q.level === 'MUST');
        expect(r.exitCode).toBe(must.length > 0 ? 1 : 0);
      });
    }
  });
}
