// The suite proves itself: it passes the clean reference mock, and every fault switched on in the
// mock makes it fail exactly the requirements that fault breaks, no fewer and no more.
import { describe, expect, test } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import type { VendorReport } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';

const vendor = VENDORS.find((v) => v.id === 'textmarketer');
if (!vendor) throw new Error('textmarketer is not wired in vendors.ts');

async function runWith(faults: string[], readings: Record<string, unknown> = {}): Promise<VendorReport> {
  const { reports } = await runConformance({
    allVendors: VENDORS,
    vendors: [vendor!.id],
    faults,
    config: { [vendor!.id]: { readings } },
  });
  return reports[0]!;
}

const broken = (r: VendorReport) =>
  r.requirements.filter((q) => q.outcome === 'failed' || q.outcome === 'errored').map((q) => q.id).sort();

describe('textmarketer: the suite on its reference mock', () => {
  test('passes the clean mock: conformant, exit 0, every requirement passed or not applicable', async () => {
    const r = await runWith([]);
    expect(r.errors).toEqual([]);
    expect(broken(r)).toEqual([]);
    expect(r.verdict).toBe('conformant');
    expect(r.exitCode).toBe(0);
    const notPassed = r.requirements.filter((q) => q.outcome !== 'passed').map((q) => q.id);
    // Only the requirement that is off under the default reading of the create_date contradiction.
    expect(notPassed).toEqual(['TMR-CREATE-DATE-FORMAT']);
  });

  test('every requirement is broken by at least one fault of the mock', () => {
    const covered = new Set(vendor.faults.flatMap((f) => f.breaks));
    const uncovered = vendor.requirements.map((q) => q.id).filter((id) => !covered.has(id));
    expect(uncovered).toEqual([]);
  });

  for (const fault of vendor.faults.filter((f) => !f.chaos)) {
    test(`fault ${fault.id} fails exactly ${fault.breaks.join(', ') || 'nothing (a reading, not a fault)'}`, async () => {
      const r = await runWith([fault.id], fault.readings);
      expect(r.errors).toEqual([]);
      expect(broken(r)).toEqual([...fault.breaks].sort());
      const must = vendor.requirements.filter((q) => fault.breaks.includes(q.id) && q.level === 'MUST');
      expect(r.exitCode).toBe(must.length > 0 ? 1 : 0);
    });
  }
});
