// A real set is left as the suite found it: after a run its profiles read back (through the API's
// own sociotoco.sets.get) exactly as before. Only the version moves on: every change bumps it, and
// putting the profiles back is a change, so no client can restore it.
import { expect, test } from 'vitest';
import { start } from '../../mocks/sociotoco/index.ts';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';
import { runByUrl, testRunner } from '../runner.ts';
import { readSet, type Section } from './read-set.ts';

type Mock = Awaited<ReturnType<typeof start>>;

test('sociotoco: after a run the set reads back exactly as before (but for its version)', async () => {
  const mock = await start();
  const read = () => readSet(mock, mock.targetConfig as Section);
  try {
    const before = await read();
    expect(before.rest).toContain('<profiles>');
    const report = await runByUrl('sociotoco', mock);
    expect(report.verdict).toBe('conformant');
    const after = await read();
    // The suite did change the set (else this test would prove nothing) …
    expect(after.version).toBeGreaterThan(before.version);
    // … and put back everything but the version: the same profiles, name, urlName and sociotocoId.
    expect(after.rest).toBe(before.rest);
  } finally {
    await mock.close();
  }
});

// A set empty before the run is put back with an empty list. The page does not say whether
// profiles= empties a set or is refused (305 is for no profiles argument), so the run asks first,
// on the empty set, and changes it only if it could empty it again.
const emptySet = (mock: Mock) => mock.alternatives?.emptySet as Section;
const readEmpty = (mock: Mock) => readSet(mock, emptySet(mock));

test('sociotoco: an empty set on a target that refuses profiles= is never changed, and the checks that would change it say why', async () => {
  const mock = await start();
  try {
    const before = await readEmpty(mock);
    expect(before.rest).toMatch(/<profiles\s*\/>|<profiles><\/profiles>/);
    const report = await runByUrl('sociotoco', mock, emptySet(mock));
    expect(report.errors).toEqual([]);
    expect(report.warnings ?? []).toEqual([]);
    const readback = report.requirements.find((q) => q.id === 'SOC-READBACK');
    expect(readback?.outcome).toBe('not-applicable');
    expect(readback?.needs).toEqual(['sid']);
    const why = report.checks.find((c) => c.requirements.includes('SOC-READBACK'))?.message ?? '';
    expect(why).toContain('refuses an empty profiles list (answered error 406 ProfilesInvalid)');
    // Nothing changed, not even the version: the one setProfiles sent (profiles=) was refused.
    expect(await readEmpty(mock)).toEqual(before);
  } finally {
    await mock.close();
  }
});

test('sociotoco: an empty set on a target that takes profiles= is changed, judged and emptied again', async () => {
  const mock = await start({ faults: ['empty-list-empties'] });
  try {
    const before = await readEmpty(mock);
    const report = await runByUrl('sociotoco', mock, emptySet(mock));
    expect(report.errors).toEqual([]);
    expect(report.warnings ?? []).toEqual([]);
    expect(report.requirements.find((q) => q.id === 'SOC-READBACK')?.outcome).toBe('passed');
    expect(report.verdict).toBe('conformant');
    const after = await readEmpty(mock);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.rest).toBe(before.rest);
  } finally {
    await mock.close();
  }
});

async function contractOn(mock: Mock) {
  const { reports } = await runConformance(
    {
      allVendors: VENDORS,
      vendors: ['sociotoco'],
      baseUrl: mock.url,
      config: { sociotoco: emptySet(mock) },
      suite: false,
      pact: true,
    },
    testRunner(),
  );
  const r = reports[0];
  if (!r) throw new Error('no report');
  return r;
}

test("sociotoco's contract on an empty set a target cannot empty again sends nothing and says why", async () => {
  const mock = await start();
  try {
    const before = await readEmpty(mock);
    const r = await contractOn(mock);
    expect(r.errors.join('\n')).toMatch(
      /not verified: .*holds no profile and the target refuses an empty profiles list \(answered error 406 ProfilesInvalid\)/,
    );
    expect(await readEmpty(mock)).toEqual(before);
  } finally {
    await mock.close();
  }
});

test("sociotoco's contract on an empty set a target can empty again is verified and the set emptied again", async () => {
  const mock = await start({ faults: ['empty-list-empties'] });
  try {
    const before = await readEmpty(mock);
    const r = await contractOn(mock);
    expect(r.errors).toEqual([]);
    expect(r.warnings ?? []).toEqual([]);
    expect(r.checks.filter((c) => c.outcome === 'failed' || c.outcome === 'errored')).toEqual([]);
    expect((await readEmpty(mock)).rest).toBe(before.rest);
  } finally {
    await mock.close();
  }
});
