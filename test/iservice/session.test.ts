// Bad input of iService's own: a session that dies mid-run (the mock's session-expires chaos fault)
// is reported as a lost session (errored, with the message), never as a failed requirement or a shape
// failure; the checks after it log in again and pass.
import { expect, test } from 'vitest';
import { SESSION_USES } from '../../mocks/iservice/index.ts';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

test(`iservice: a session that dies after ${SESSION_USES} requests is reported as lost, not as a failure`, async () => {
  const { reports } = await runConformance(
    {
      allVendors: VENDORS,
      vendors: ['iservice'],
      faults: ['session-expires'],
    },
    testRunner(),
  );
  const r = reports[0];
  if (!r) throw new Error('no report');
  expect(r.errors).toEqual([]);
  expect(r.verdict).toBe('errored');
  expect(r.checks.filter((c) => c.outcome === 'failed').map((c) => c.title)).toEqual([]);
  const errored = r.checks.filter((c) => c.outcome === 'errored');
  expect(errored.length).toBeGreaterThan(0);
  for (const c of errored) {
    expect(c.message).toMatch(/^session lost mid-run: the (agent|customer) session stopped working/);
    expect(c.errorKind).toBe('precondition');
  }
  expect(r.exitCode).toBe(1);
  expect(r.checks.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(errored.length);
});
