// Two runs at once against one TextMark, from two "machines" (test/concurrent.ts: the real CLI twice,
// each with its own CONFORMANCE_STATE_DIR, against one long-lived mock): no false failure (a check
// that meets the other run's settings is errored "changed by another client"), and tm's settings read
// back as before both runs (the run that ends first may leave the other's values, said in its
// report; the other puts back its own).
import { expect, test } from 'vitest';
import { isLeftToAnother } from '../../src/concurrent.ts';
import type { RunningMock } from '../../src/types.ts';
import { leaveAnothers, notPutBack } from '../../suites/textmarks/api.ts';
import { concurrentProof } from '../concurrent.ts';

async function settings(mock: RunningMock): Promise<unknown> {
  const cfg = mock.targetConfig as { auth_user: string; auth_pass: string; tm: string };
  const res = await fetch(`${mock.url}/TextMarkManager/integration_config/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ auth_user: cfg.auth_user, auth_pass: cfg.auth_pass, tm: cfg.tm }).toString(),
  });
  return { status: res.status, body: await res.json() };
}

test('textmarks: two runs at once against one TextMark: no false failure, nothing left changed', async () => {
  const out = await concurrentProof({ vendor: 'textmarks', state: settings, endsAsBefore: true });
  console.log(JSON.stringify(out));
  expect(out.overlapped, 'the two runs overlapped').toBe(true);
}, 600_000);

test("textmarks restore: a field showing another client's value is left, and said; the rest is put back", () => {
  const original = { group_callback_url: 'http://orig.example/x', private_token: 'tok-orig' };
  const fields = { group_callback_url: 'http://orig.example/x', private_token: 'tok-orig' };
  const own = {
    saved: original,
    wrote: { group_callback_url: ['http://mine.example/1'] },
    runId: 'rabc1230abc',
  };
  const now = { group_callback_url: 'http://someone.example/else', private_token: 'tok_rabc1230abc_3' };
  const out = leaveAnothers(fields, original, now, own);
  expect(out.fields).toEqual({ private_token: 'tok-orig' });
  expect(out.left).toHaveLength(1);
  expect(out.left.every(isLeftToAnother)).toBe(true);
  expect(out.left[0]).toContain('group_callback_url');
  // This run's own values (written, or carrying its run id) are put back.
  expect(
    leaveAnothers(fields, original, { group_callback_url: 'http://mine.example/1' }, own).fields,
  ).toEqual(fields);
  // Without what the run wrote (the journal after a kill) or without a read, everything is put back.
  expect(leaveAnothers(fields, original, now, undefined)).toEqual({ fields, left: [] });
  expect(leaveAnothers(fields, original, undefined, own)).toEqual({ fields, left: [] });
  // A field left to another client is not reported as "not put back".
  expect(notPutBack(original, now, { private_token: 'tok-orig' }, undefined)).toEqual([
    'private_token of tm changed during the contract and does not read back as it was after being put back',
  ]);
});
