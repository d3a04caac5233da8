// No two signed requests of a thread are the same (suites/sociotoco/requests.ts noRepeats): a target
// with replay protection refuses a signature it has seen. Every sender of a thread (the suite's, each
// restorer call's, the contract driver's and its filter) shares what was sent, so none has to wait
// for a new second for another: the contract's driver reads and puts back the set without waiting.
import { afterEach, expect, test, vi } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import { noRepeats } from '../../suites/sociotoco/requests.ts';
import { type Param, sign } from '../../suites/sociotoco/sign.ts';
import { VENDORS } from '../../vendors.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

test('two senders of one thread, the same query in the same second: the second moves time on', () => {
  const params: Param[] = [
    ['method', 'sociotoco.sets.get'],
    ['key', 'k'],
    ['sid', 's-unrepeated-test'],
    ['time', '1700000000'],
  ];
  const signer = (p: Param[]) => sign(p, { secret: 'x', algorithm: 'md5' });
  const a = noRepeats()(params, signer);
  const b = noRepeats()(params, signer);
  expect(a.find(([n]) => n === 'time')?.[1]).toBe('1700000000');
  expect(b.find(([n]) => n === 'time')?.[1]).toBe('1700000001');
  expect(b.find(([n]) => n === 'sig')?.[1]).not.toBe(a.find(([n]) => n === 'sig')?.[1]);
});

test('the contract against a target that refuses a replayed signature, every request within one second: none is refused', async () => {
  // The clock stands still: every request of the contract (the driver's reads, its put-back, the
  // interactions) is signed in the same second, so any two senders that repeated each other would
  // meet the mock's replay protection (variant refuses-replays: error 210).
  vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
  const { reports } = await runConformance({
    allVendors: VENDORS,
    vendors: ['sociotoco'],
    variants: ['refuses-replays'],
    suite: false,
    pact: true,
  });
  const [report] = reports;
  expect(report?.errors).toEqual([]);
  const checks = report?.checks ?? [];
  expect(checks.length).toBeGreaterThan(20);
  expect(
    checks.filter((c) => c.outcome !== 'passed').map((c) => `${c.id}: ${c.outcome} ${c.message ?? ''}`),
  ).toEqual([]);
}, 60_000);
