// The passive proof of one vendor (issue 14), written once: the clean mock's session breaks nothing;
// each listed fault's session fails exactly the requirements that fault breaks among those the
// session judged (and at least one); `conformance check --har` on the recorded HAR agrees.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli.ts';
import type { VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';
import { type Drive, type Recorded, recordSession, writeHar } from './traffic.ts';

/** conformance check <vendor> --har on a recorded HAR, in process: its exit code and report. */
export async function checkHar(vendor: string, recorded: Recorded, name: string) {
  const file = writeHar(recorded.har, `${vendor}-${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'conformance-har-'));
  // The same section the proxy judged with (fixtures and readings), as a user's --config gives it.
  const config = join(dir, 'target.json');
  writeFileSync(config, JSON.stringify({ [vendor]: recorded.section }));
  const out: string[] = [];
  const args = ['check', vendor, '--har', file, '--config', config, '--report-dir', dir, '--quiet'];
  const code = await main(args, VENDORS, {
    out: (s) => out.push(s),
    err: (s) => out.push(s),
  });
  const report = JSON.parse(readFileSync(join(dir, vendor, 'report.json'), 'utf8')) as VendorReport;
  const failed = report.requirements
    .filter((r) => r.outcome === 'failed' || r.outcome === 'errored')
    .map((r) => r.id)
    .sort();
  return { code, report, failed, out };
}

/** breaks ∩ judged, sorted: what a session recorded against a faulty mock must fail, exactly. */
export const expectedFailures = (breaks: readonly string[], judged: readonly string[]): string[] =>
  breaks.filter((id) => judged.includes(id)).sort();

/**
 * The wide sweep beside provePassive (no HAR round, so it stays cheap): each listed fault's session
 * fails exactly what the fault breaks among what the session judged (at least one), and each
 * variant of the mock (another documented behaviour) breaks nothing under its reading.
 */
export function proveSessions(
  vendor: string,
  drive: Drive,
  o: { faults: readonly string[]; variants?: readonly string[] },
): void {
  const def = VENDORS.find((v) => v.id === vendor);
  if (!def) throw new Error(`no vendor ${vendor}`);
  describe('a faulty mock: the session fails exactly the fault breaks it can judge', () => {
    for (const id of o.faults) {
      const fault = def.faults.find((f) => f.id === id);
      if (!fault) throw new Error(`${vendor} has no fault ${id}`);
      test(`${id} fails ${fault.breaks.join(', ')} (as far as judged)`, async () => {
        const s = await recordSession(
          vendor,
          { faults: [id], ...(fault.readings ? { readings: fault.readings } : {}) },
          drive,
        );
        const want = expectedFailures(fault.breaks, s.judged);
        expect(want.length, 'the session judges none of what the fault breaks').toBeGreaterThan(0);
        expect(s.failed, s.lines.join('\n')).toEqual(want);
      });
    }
  });
  if (!o.variants?.length) return;
  describe('a variant (another documented behaviour) breaks nothing under its reading', () => {
    for (const id of o.variants ?? []) {
      const v = def.variants.find((x) => x.id === id);
      if (!v) throw new Error(`${vendor} has no variant ${id}`);
      test(id, async () => {
        const s = await recordSession(
          vendor,
          { faults: [id], ...(v.readings ? { readings: v.readings } : {}) },
          drive,
        );
        expect(s.failed, s.lines.join('\n')).toEqual([]);
      });
    }
  });
}

export function provePassive(vendor: string, drive: Drive, faults: readonly string[]): void {
  const def = VENDORS.find((v) => v.id === vendor);
  if (!def) throw new Error(`no vendor ${vendor}`);
  describe(`${vendor}: passive rules on a recorded session`, () => {
    test('the clean mock: nothing broken, and the requirements judged are listed', async () => {
      const r = await recordSession(vendor, {}, drive);
      expect(r.failed).toEqual([]);
      expect(r.report.errors).toEqual([]);
      expect(r.judged.length).toBeGreaterThan(5);
      expect(r.report.traffic?.exchanges).toBe(r.har.log.entries.length);
      expect(r.report.checks.every((c) => c.origin === 'traffic')).toBe(true);
      const har = await checkHar(vendor, r, 'clean');
      expect(har.failed).toEqual([]);
      expect(har.code).toBe(0);
      expect(Object.keys(har.report.traffic?.judged ?? {}).sort()).toEqual(r.judged);
    });
    for (const id of faults) {
      const fault = def.faults.find((f) => f.id === id);
      test(`fault ${id}: fails exactly what it breaks among what the session judged`, async () => {
        if (!fault) throw new Error(`${vendor} has no fault ${id}`);
        const r = await recordSession(
          vendor,
          { faults: [id], ...(fault.readings ? { readings: fault.readings } : {}) },
          drive,
        );
        const expected = expectedFailures(fault.breaks, r.judged);
        expect(expected.length, `the session judges none of ${fault.breaks.join(', ')}`).toBeGreaterThan(0);
        expect(r.failed).toEqual(expected);
        const har = await checkHar(vendor, r, id);
        expect(har.failed).toEqual(expected);
        expect(har.code).toBe(har.report.exitCode);
        expect(har.report.verdict).toBe(r.report.verdict);
      });
    }
  });
}
