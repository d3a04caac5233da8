// The suites prove themselves: each passes its clean reference mock (also under --strict), every
// fault switched on in a mock makes its suite fail exactly the requirements that fault breaks (no
// fewer, no more), and every reading variant of the mock passes under the reading it carries.
// All of a vendor's runs share one vitest run (runMany: a mock per fault, one warm worker per
// core); test/<vendor>/proof.test.ts calls proveVendor().
import { beforeAll, describe, expect, test } from 'vitest';
import { type RunOptions, runMany } from '../src/runner.ts';
import type { VendorDefinition, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';
import { testRunner } from './runner.ts';

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

/** Generated values per side in the run of a fault the hand-picked checks find. */
const FEW = 5;

export function proveVendor(id: string): void {
  const vendor = vendorOf(id);
  const base = { allVendors: VENDORS, vendors: [id] };
  const readings = (r: Record<string, unknown> | undefined) => ({ config: { [id]: { readings: r ?? {} } } });
  const plans: [string, RunOptions][] = [
    ['clean', { ...base, strict: true }],
    // A fault the hand-picked checks find runs with the first few generated values only (the
    // boundary ones): enough to see a generated check fail another requirement under it, at a
    // quarter of the cost; the clean run, the variants and the faults only generated inputs find
    // run with the default.
    ...vendor.faults
      .filter((f) => !f.chaos)
      .map((f): [string, RunOptions] => [
        `fault ${f.id}`,
        { ...base, faults: [f.id], ...(f.generated ? {} : { examples: FEW }), ...readings(f.readings) },
      ]),
    // A fault only generated inputs find: the hand-picked checks alone pass it.
    ...vendor.faults
      .filter((f) => f.generated)
      .map((f): [string, RunOptions] => [
        `fault ${f.id} without generated inputs`,
        { ...base, faults: [f.id], examples: 0, ...readings(f.readings) },
      ]),
    ...vendor.variants.map((v): [string, RunOptions] => [
      `variant ${v.id}`,
      { ...base, variants: [v.id], ...readings(v.readings) },
    ]),
  ];
  const reports = new Map<string, VendorReport>();
  const reportOf = (name: string): VendorReport => {
    const r = reports.get(name);
    if (!r) throw new Error(`no report for ${name}: the batch did not run`);
    return r;
  };

  describe(`${id}: the suite proves itself on its reference mock`, () => {
    beforeAll(async () => {
      const outcomes = await runMany(
        plans.map(([, o]) => o),
        testRunner(),
      );
      plans.forEach(([name], n) => {
        const r = outcomes[n]?.reports[0];
        if (r) reports.set(name, r);
      });
    }, 600_000);

    test('passes the clean mock: conformant, exit 0, nothing failed or errored, under --strict too', () => {
      const r = reportOf('clean');
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
      test(`fault ${fault.id} fails exactly ${fault.breaks.join(', ')}`, () => {
        const r = reportOf(`fault ${fault.id}`);
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

    for (const fault of vendor.faults.filter((f) => f.generated)) {
      test(`fault ${fault.id} is found by the generated checks only (--examples 0 passes it)`, () => {
        const r = reportOf(`fault ${fault.id} without generated inputs`);
        expect(r.errors).toEqual([]);
        expect(broken(r)).toEqual([]);
        // and the generated check that found it names the minimal value, the rule and the seed
        const found = reportOf(`fault ${fault.id}`).checks.filter(
          (c) =>
            c.outcome === 'failed' && /(boundary value|minimal failing value)/.test(c.failure?.title ?? ''),
        );
        expect(found.length).toBeGreaterThan(0);
        for (const c of found) {
          expect(c.failure?.messages?.join('\n')).toMatch(/rule: .*\n(.*\n)*.*replay: --seed \d+/);
          expect(c.exchanges.length).toBeGreaterThan(0);
          expect(c.exchanges.every((e) => e.curl)).toBe(true);
        }
      });
    }

    for (const variant of vendor.variants) {
      test(`variant ${variant.id} passes${variant.readings ? ` under ${JSON.stringify(variant.readings)}` : ''}`, () => {
        const r = reportOf(`variant ${variant.id}`);
        expect(r.errors).toEqual([]);
        expect(broken(r)).toEqual([]);
        expect(r.exitCode).toBe(0);
      });
    }
  });
}
