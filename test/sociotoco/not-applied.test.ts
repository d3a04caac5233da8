// A setProfiles answered as a success but not applied (the mock's fault not-applied) fails
// SOC-READBACK, and the checks that first set a profile alone to arrange the set they need say that
// it was not read back: never that the target adds rather than replaces (the set holds none of them).
import { expect, test } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

test('sociotoco: a change answered but not applied fails SOC-READBACK; the checks that need the set arranged say why they cannot judge', async () => {
  const { reports } = await runConformance(
    { allVendors: VENDORS, vendors: ['sociotoco'], faults: ['not-applied'] },
    testRunner(),
  );
  const r = reports[0];
  expect(r?.requirements.find((q) => q.id === 'SOC-READBACK')?.outcome).toBe('failed');
  const raw = r?.checks.find((c) => c.requirements.includes('SOC-PROFILES-RAW-COMMAS'));
  expect(raw?.outcome).toBe('not-applicable');
  expect(raw?.message).toContain('the set read right after does not hold it');
  expect(raw?.message).not.toContain('adds rather than replaces');
});
