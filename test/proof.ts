// The suites prove themselves: each passes its clean reference mock, every fault switched on in a
// mock makes its suite fail exactly the requirements that fault breaks (no fewer, no more), and
// every reading variant of the mock passes under the reading it carries. One vitest instance
// (SuiteRunner) serves all of a vendor's runs; test/<vendor>/proof.test.ts calls proveVendor().
import { afterAll, describe, expect, test } from 'vitest';
import { runConformance, SuiteRunner } from '../src/runner.ts';
import type { VendorDefinition, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';

export function vendorOf(id: string): VendorDefinition {
  const v = VENDORS.find((d) => d.id === id);
  if (!v) throw new Error(`no vendor ${id}`);
  return v;
}

export const broken = (r: VendorReport): string[] =>
  r.requirements
    .filter((q) => q.outcome === 'failed' || q.outcome === 'errored')
    .map((q) => q.id)
    .sort();

export function proveVendor(id: string): void {
  const vendor = vendorOf(id);
  const runner = new SuiteRunner();
  afterAll(() => runner.close());

  const runWith = async (
    switches: { faults?: string[]; variants?: string[] },
    readings: Record<string, unknown> = {},
  ): Promise<VendorReport> => {
    const { reports } = await runConformance(
      { allVendors: VENDORS, vendors: [id], ...switches, config: { [id]: { readings } } },
      runner,
    );
    const report = reports[0];
    if (!report) throw new Error('no report');
    return report;
  };

  describe(`${id}: the suite proves itself on its reference mock`, () => {
    test('passes the clean mock: conformant, exit 0, nothing failed or errored, under --strict too', async () => {
      const { reports } = await runConformance({ allVendors: VENDORS, vendors: [id], strict: true }, runner);
      const r = reports[0] as VendorReport;
      expect(r.errors).toEqual([]);
      expect(broken(r)).toEqual([]);
      expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
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
      expect(vendor.requirements.map((q) => q.id).filter((q) => !covered.has(q))).toEqual([]);
    });

    for (const fault of vendor.faults.filter((f) => !f.chaos)) {
      test(`fault ${fault.id} fails exactly ${fault.breaks.join(', ')}`, async () => {
        const r = await runWith({ faults: [fault.id] }, fault.readings);
        expect(r.errors).toEqual([]);
        expect(broken(r)).toEqual([...fault.breaks].sort());
        const gates = vendor.requirements.filter(
          (q) =>
            fault.breaks.includes(q.id) &&
            (q.level === 'MUST' || (q.reading !== undefined && fault.readings?.[q.reading] !== undefined)),
        );
        expect(r.exitCode).toBe(gates.length > 0 ? 1 : 0);
      });
    }

    for (const variant of vendor.variants) {
      test(`variant ${variant.id} passes${variant.readings ? ` under ${JSON.stringify(variant.readings)}` : ''}`, async () => {
        const r = await runWith({ variants: [variant.id] }, variant.readings);
        expect(r.errors).toEqual([]);
        expect(broken(r)).toEqual([]);
        expect(r.exitCode).toBe(0);
      });
    }
  });
}
