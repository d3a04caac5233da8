// Two runs at once against one iService tenant. From two "machines" (test/concurrent.ts: the real
// CLI twice, each with its own CONFORMANCE_STATE_DIR, against one long-lived mock): no false failure
// (a check that meets the other run's values is errored "changed by another client"), and both
// contacts read back as before both runs. Then "another client" through a proxy in front of the mock
// (deterministic): a person writing the other contact before each read of it (errored, never failed,
// its value left and said), another run's test value appearing mid-run (no more saves). And the pure
// decisions (suites/iservice/checks.ts judgeRead, judgeRepeated; api.ts restorePlan).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CheckFailure, PreconditionLost } from '../../src/check.ts';
import { CHANGED_BY_ANOTHER, isLeftToAnother, type Ownership } from '../../src/concurrent.ts';
import type { RunningMock, VendorReport } from '../../src/types.ts';
import { restorePlan } from '../../suites/iservice/api.ts';
import {
  type Contact,
  checkLogins,
  checkPropertyValues,
  checkUnchanged,
  contactFields,
  formFields,
  judgeRead,
  judgeRepeated,
  LOGINS_FIELD,
  MEMBERSHIP_FIELD,
  propertyField,
  unchangedFields,
} from '../../suites/iservice/checks.ts';
import { VENDORS } from '../../vendors.ts';
import { concurrentProof, runOnce } from '../concurrent.ts';
import { cleanEnv, tempDir } from '../engine/cli-helper.ts';
import { frontProxy } from '../front-proxy.ts';
import { agentCookie, contacts, detailsOfId, type Section } from './state.ts';

test('iservice: two runs at once against one tenant: no false failure, nothing left changed', async () => {
  const out = await concurrentProof({ vendor: 'iservice', state: contacts, endsAsBefore: true });
  console.log(JSON.stringify(out));
  expect(out.overlapped, 'the two runs overlapped').toBe(true);
}, 600_000);

/** Sets the other contact's Middle Initial to `value` (the agent's session `cookie`), straight on the mock. */
async function setMiddleInitial(mock: RunningMock, cookie: string, value: string): Promise<void> {
  const cfg = mock.targetConfig as unknown as Section;
  const now = await detailsOfId(mock, cookie, cfg.otherContactID);
  await fetch(`${mock.url}/webapp-api-custinfo?api=setdetails`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      contactID: cfg.otherContactID,
      details: {
        properties: [{ propertyID: '2', propertyName: 'Middle Initial', values: [{ value }] }],
        setLogins: false,
        logins: [],
      },
      membership: now.membership,
    }),
  });
}

/**
 * One real CLI run through a proxy in front of a fresh mock. `before(kind)` runs before each
 * request is forwarded (`kind`: a save, a read of the other contact, or anything else), so "another
 * client" writes at a known point of the run (deterministic). The mock is closed by the caller.
 */
async function runThroughProxy(
  mock: RunningMock,
  before: (kind: 'save' | 'read-other' | 'other') => Promise<void>,
): Promise<{ code: number; stderr: string; report: VendorReport }> {
  const cfg = mock.targetConfig as unknown as Section;
  const dir = tempDir('conformance-meddled-');
  const proxy = await frontProxy(mock, {
    before: (req, body) =>
      before(
        req.url?.includes('api=setdetails')
          ? 'save'
          : req.url?.includes('api=details') && body.toString().includes(`${cfg.otherContactID}`)
            ? 'read-other'
            : 'other',
      ),
  });
  try {
    const via = proxy.url;
    const config = join(dir, 'target.json');
    writeFileSync(config, JSON.stringify({ iservice: { ...mock.targetConfig, baseUrl: via } }));
    const reports = join(dir, 'reports');
    const env = { ...cleanEnv(), CONFORMANCE_STATE_DIR: join(dir, 'state'), PACT_DO_NOT_TRACK: 'true' };
    const { code, stderr } = await runOnce(
      ['run', 'iservice', '--config', config, '--report-dir', reports, '--quiet'],
      env,
    );
    expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
    const report = JSON.parse(readFileSync(join(reports, 'iservice', 'report.json'), 'utf8')) as VendorReport;
    return { code, stderr, report };
  } finally {
    await proxy.close();
  }
}

/** No failure; errored only because another client changed the target, at least once; exit 1. */
function erroredByAnotherOnly(out: { code: number; stderr: string; report: VendorReport }): void {
  const { report } = out;
  expect(report.checks.filter((c) => c.outcome === 'failed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  const errored = report.checks.filter((c) => c.outcome === 'errored');
  expect(errored.filter((c) => !c.message?.includes(CHANGED_BY_ANOTHER)).map((c) => c.message)).toEqual([]);
  expect(errored.length, 'some check met the other writer').toBeGreaterThan(0);
  expect(out.code, out.stderr).toBe(1); // errored checks: never a pass
}

/** A details answer without the other contact's Middle Initial (the field another client wrote). */
const withoutMiddle = (c: unknown) =>
  JSON.stringify(c).replace(/\{"propertyID":"2","propertyName":"Middle Initial","values":\[[^\]]*\]\}/, '');

test('iservice: another client writes to the other contact during a run: errored, never failed, and its value is left', async () => {
  const def = VENDORS.find((v) => v.id === 'iservice');
  if (!def) throw new Error('no iservice');
  const mock = await def.startMock({});
  try {
    const cfg = mock.targetConfig as unknown as Section;
    const cookie = await agentCookie(mock);
    const before = await contacts(mock);
    // A person (no run id in what they write) sets the other contact's Middle Initial, once the run
    // has sent its first save, just before each read of that contact. The same value each time, so
    // only the check's own judgement (judgeRead: a value the run neither found, nor wrote, nor
    // marked) can tell it from the target's doing, not a second read that differs.
    const theirs = 'Someone Else';
    let saving = false;
    const out = await runThroughProxy(mock, async (kind) => {
      if (kind === 'save') saving = true;
      if (kind === 'read-other' && saving) await setMiddleInitial(mock, cookie, theirs);
    });
    erroredByAnotherOnly(out);
    // The other writer's value stands (said in the report); everything the run wrote is put back.
    const after = (await contacts(mock)) as [Record<string, unknown>, Record<string, unknown>];
    expect(JSON.stringify(after[1])).toContain(`"value":"${theirs}"`);
    expect(after.map(withoutMiddle)).toEqual(before.map(withoutMiddle));
    expect(after[0]).toEqual(before[0]);
    const left = out.report.warnings?.filter(isLeftToAnother) ?? [];
    expect(left.join('\n')).toContain(`contact ${cfg.otherContactID}: property 2 was not put back`);
  } finally {
    await mock.close();
  }
}, 600_000);

test("iservice: another run's test values seen mid-run: no more saves (a whole form would write them back), nothing failed", async () => {
  const def = VENDORS.find((v) => v.id === 'iservice');
  if (!def) throw new Error('no iservice');
  const mock = await def.startMock({});
  try {
    const cookie = await agentCookie(mock);
    const before = await contacts(mock);
    // After the run's fifth save, another run's test value (its run id) appears once on the other
    // contact; from then on the run may save only to put back (its restore: at most one a contact).
    const theirs = `Own ${OTHER_RUN} 1`;
    let saves = 0;
    let savesAfter = 0;
    const out = await runThroughProxy(mock, async (kind) => {
      if (kind !== 'save') return;
      saves += 1;
      if (saves === 5) await setMiddleInitial(mock, cookie, theirs);
      if (saves > 5) savesAfter += 1;
    });
    erroredByAnotherOnly(out);
    expect(
      out.report.checks.filter((c) => c.message?.includes('this run sends no more saves')).length,
      'the saving checks after it are errored',
    ).toBeGreaterThan(5);
    // Said in full on failure: once (under the full test suite's load) it counted 3; a restore that
    // warned would have had the engine's journal put the contacts back as well.
    expect(
      savesAfter,
      `saves after another run was seen (the restore only); warnings: ${JSON.stringify(out.report.warnings ?? [])}; stderr: ${out.stderr.slice(-800)}`,
    ).toBeLessThanOrEqual(2);
    const after = await contacts(mock);
    expect(after.map(withoutMiddle)).toEqual(before.map(withoutMiddle));
    expect(JSON.stringify(after[1])).toContain(theirs);
  } finally {
    await mock.close();
  }
}, 600_000);

// ---------------------------------------------------------------- the pure decisions

const RUN = 'rabc123beef';
const OTHER_RUN = 'rzzz999aaaa';
const contact = (
  first: string[],
  logins = [{ name: 'jane@example.com', type: 'Email' }],
  membership = ['5'],
): Contact => ({
  properties: [
    { propertyID: '1', propertyName: 'First Name', values: first },
    { propertyID: '2', propertyName: 'Middle Initial', values: [] },
  ],
  logins,
  membership,
});
const FOUND = contact(['Jane']);
const own: Ownership = {
  saved: contactFields(FOUND),
  wrote: Object.fromEntries(
    Object.entries(formFields({ set: { '1': [`Zoë ${RUN} 3`] }, membership: ['2', '5'] })).map(([k, v]) => [
      k,
      [v],
    ]),
  ),
  runId: RUN,
};
const P1 = propertyField('1');
const props =
  (want: Record<string, string[]>) =>
  (c: Contact, fields: readonly string[]): void =>
    checkPropertyValues(
      c,
      Object.fromEntries(Object.entries(want).filter(([id]) => fields.includes(propertyField(id)))),
      'read-back',
    );
const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('judgeRead: a read-back of values carrying the run id', () => {
  test("another client's value (not found, not written, no run id) is errored, never failed; its value is not in the message", () => {
    const e = thrown(() =>
      judgeRead(contact(['Someone Else']), [P1], own, 'reading back', props({ '1': [`Zoë ${RUN} 3`] })),
    );
    expect(e).toBeInstanceOf(PreconditionLost);
    expect((e as Error).message).toContain(CHANGED_BY_ANOTHER);
    expect((e as Error).message).toContain(P1);
    expect((e as Error).message).not.toContain('Someone Else');
  });
  test("another run's value (its run id) is errored too", () => {
    const e = thrown(() =>
      judgeRead(contact([`Own ${OTHER_RUN} 7`]), [P1], own, 'x', props({ '1': [`Zoë ${RUN} 3`] })),
    );
    expect(e).toBeInstanceOf(PreconditionLost);
  });
  test("the target's failure on this run's own values still fails: mangled (the run id kept), the value found, cleared", () => {
    const want = props({ '1': [`Zoë ${RUN} 3`] });
    for (const shown of [[`ZoÃ« ${RUN} 3`], ['Jane'], []])
      expect(thrown(() => judgeRead(contact(shown), [P1], own, 'x', want))).toBeInstanceOf(CheckFailure);
  });
  test("the run's own fields are judged first: a failure there is the target's even beside another client's field", () => {
    const read: Contact = {
      ...contact(['Someone Else']),
      properties: [
        { propertyID: '1', propertyName: 'First Name', values: ['Someone Else'] },
        { propertyID: '2', propertyName: 'Middle Initial', values: [] },
      ],
    };
    const want = props({ '1': [`Zoë ${RUN} 3`], '2': [`M ${RUN} 4`] });
    expect(thrown(() => judgeRead(read, [P1, propertyField('2')], own, 'x', want))).toBeInstanceOf(
      CheckFailure,
    );
  });
  test('as written: passes', () => {
    expect(
      thrown(() => judgeRead(contact([`Zoë ${RUN} 3`]), [P1], own, 'x', props({ '1': [`Zoë ${RUN} 3`] }))),
    ).toBeUndefined();
  });
  test('logins: another client’s login errors; one carrying the run id, mangled by the target, fails', () => {
    const want = [{ name: `first+tag@${RUN}.example.org`, type: 'Email' }];
    const judge = (c: Contact) => checkLogins(c, want, 'logins');
    const theirs = contact([], [{ name: 'someone@elsewhere.example', type: 'Email' }]);
    expect(thrown(() => judgeRead(theirs, [LOGINS_FIELD], own, 'x', judge))).toBeInstanceOf(PreconditionLost);
    const mangled = contact([], [{ name: `first@${RUN}.example.org`, type: 'Email' }]);
    expect(thrown(() => judgeRead(mangled, [LOGINS_FIELD], own, 'x', judge))).toBeInstanceOf(CheckFailure);
  });
});

describe('judgeRepeated: values without the run id (generated, configured options and segments)', () => {
  const judge = (c: Contact) => props({ '1': ['ŁőŽ'] })(c, [P1]);
  test('the same read twice is the target’s own doing: the failure stands (latin1-storage)', () => {
    expect(thrown(() => judgeRepeated(contact(['???']), contact(['???']), [P1], 'x', judge))).toBeInstanceOf(
      CheckFailure,
    );
  });
  test('another read the second time is another client writing in between: errored', () => {
    const e = thrown(() => judgeRepeated(contact(['O’Brien']), contact(['Q']), [P1], 'x', judge));
    expect(e).toBeInstanceOf(PreconditionLost);
    expect((e as Error).message).toContain(CHANGED_BY_ANOTHER);
  });
  test('the same twice and right the second time (the first read was before another run put its value back): passes', () => {
    expect(thrown(() => judgeRepeated(contact(['ŁőŽ']), contact(['ŁőŽ']), [P1], 'x', judge))).toBeUndefined();
  });
});

describe('restorePlan: the restore of one contact', () => {
  test("another client's field is left and said; this run's are put back; unchanged ones are not sent", () => {
    const now = contact(['Someone Else'], [{ name: `a@${RUN}.example.org`, type: 'Email' }], ['2', '5']);
    const plan = restorePlan(467, FOUND, now, own, true);
    expect(plan.putBack.sort()).toEqual([LOGINS_FIELD, MEMBERSHIP_FIELD]);
    expect(plan.left).toHaveLength(1);
    expect(plan.left.every(isLeftToAnother)).toBe(true);
    expect(plan.left[0]).toContain(`contact 467: ${P1}`);
    expect(plan.form.set).toEqual({});
    expect(plan.form).toMatchObject({ setLogins: true, logins: FOUND.logins, membership: ['5'] });
  });
  test("this run's value (written, or carrying its run id) is put back to the value found", () => {
    const plan = restorePlan(467, FOUND, contact([`Shape ${RUN} 9`]), own, true);
    expect(plan.putBack).toEqual([P1]);
    expect(plan.form.set).toEqual({ '1': { propertyName: 'First Name', values: ['Jane'] } });
    expect(plan.form.setLogins).toBe(false);
    expect(plan.left).toEqual([]);
  });
  test('the customer’s logins are never put back (the suite never changes them); nothing changed, nothing sent', () => {
    const now = contact(['Jane'], [{ name: `x@${RUN}.example.org`, type: 'Email' }]);
    expect(restorePlan(466, FOUND, now, own, false).putBack).toEqual([]);
    expect(restorePlan(467, FOUND, FOUND, own, true)).toMatchObject({ putBack: [], left: [] });
  });
});

describe('a refused request changed nothing (ISV-COMBO-*): judged against the read just before', () => {
  const ownHere: Ownership = { ...own, saved: contactFields(FOUND) };
  const fields = unchangedFields(['1']);
  const judge = (c: Contact, only: readonly string[]) => checkUnchanged(FOUND, c, ['1'], 'refused', only);
  test("this run's refused values applied (its marker, the segments it sent split): the target's failure", () => {
    const marker = contact([`NoSessionCombo ${RUN} 5`]);
    expect(thrown(() => judgeRead(marker, fields, ownHere, 'x', judge))).toBeInstanceOf(CheckFailure);
    const split = contact(['Jane'], undefined, ['2', '5']);
    expect(thrown(() => judgeRead(split, fields, ownHere, 'x', judge))).toBeInstanceOf(CheckFailure);
  });
  test("another client's segment or name in between: errored, never failed", () => {
    const segment = contact(['Jane'], undefined, ['5', '9']);
    expect(thrown(() => judgeRead(segment, fields, ownHere, 'x', judge))).toBeInstanceOf(PreconditionLost);
    const renamed = contact(['Someone Else']);
    expect(thrown(() => judgeRead(renamed, fields, ownHere, 'x', judge))).toBeInstanceOf(PreconditionLost);
  });
  test('nothing changed: passes', () => {
    expect(thrown(() => judgeRead(FOUND, fields, ownHere, 'x', judge))).toBeUndefined();
  });
});
