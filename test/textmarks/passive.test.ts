// TextMarks' passive rules (suites/textmarks/passive.ts) on client sessions recorded through the
// traffic proxy: the clean mock's session breaks nothing and judges the requirements listed below; a
// session recorded against a faulty mock fails exactly the fault's breaks that the session could
// judge (and `conformance check --har` on the recorded HAR agrees, through provePassive); the rules
// that need traffic a well-behaved client never sends (a REQ argument left out, a hostile callback
// name) are proven on such traffic, sent on purpose.
import { describe, expect, test } from 'vitest';
import { FAULTS, VARIANTS } from '../../mocks/textmarks/index.ts';
import { type Drive, recordSession } from '../traffic.ts';
import { provePassive, proveSessions } from '../traffic-proof.ts';
import { drive } from './traffic-session.ts';

/** What the clean session judges under the default readings (the passive requirements it exercises). */
const JUDGED = [
  'TXM-API-KEY',
  'TXM-AUTH-PHONE',
  'TXM-AUTH-WRONG-PASS',
  'TXM-CLIENT-AUTH-PASS',
  'TXM-CLIENT-AUTH-USER',
  'TXM-CLIENT-TM',
  'TXM-ENVELOPE',
  'TXM-ERROR-COMBINED',
  'TXM-FORM-CHARSET',
  'TXM-JSONP',
  'TXM-JSONP-BLANK',
  'TXM-JSONP-ERRORS',
  'TXM-MEDIA-TYPE',
  'TXM-NONE-CLEARS',
  'TXM-ONLY-SPECIFIED',
  'TXM-READBACK',
  'TXM-RESCODE-SUCCESS',
  'TXM-TEMPLATE-STORED',
  'TXM-TM-NOT-OWNED',
  'TXM-TM-TRI',
].sort();

/** The readings that switch the reading-gated rules on, each a behaviour of the clean mock. */
const ALL_READINGS = {
  foreignTmRescode: 2011,
  urlValidation: 'refused',
  errorPrecedence: 'missing,auth,tm,value',
  errorHttpStatus: 200,
  phoneForms: 'common',
  getRequests: 'both',
  jsonpMediaType: 'script',
};
const GATED = [
  'TXM-AUTH-PHONE-FORMS',
  'TXM-ERROR-HTTP-STATUS',
  'TXM-ERROR-PRECEDENCE',
  'TXM-GET',
  'TXM-TM-NOT-OWNED-2011',
  'TXM-URL-VALIDATED',
];

test('the clean mock: a correct session breaks nothing, and judges the passive requirements', async () => {
  const s = await recordSession('textmarks', {}, drive);
  expect(s.failed, s.lines.join('\n')).toEqual([]);
  expect(s.judged).toEqual(JUDGED);
});

test('a token the client set is masked in the whole report, even in exchanges kept before it was set', async () => {
  for (const faults of [[], ['envelope-wrapped']]) {
    const s = await recordSession('textmarks', { faults }, drive);
    const report = JSON.stringify(s.report);
    const tokens = [...report.matchAll(/tok\+\d+\/a/g)].map((m) => m[0]);
    expect(tokens, `faults ${faults.join(',') || 'none'}`).toEqual([]);
    expect(report).toContain('[REDACTED]');
  }
});

test('under the readings the clean mock behaves by, the reading-gated rules judge too and pass', async () => {
  const s = await recordSession('textmarks', { readings: ALL_READINGS }, drive);
  expect(s.failed, s.lines.join('\n')).toEqual([]);
  expect(s.judged).toEqual([...JUDGED, ...GATED].sort());
});

/** Every fault whose breaks the session judges (the others: see NOT_BY_THIS_SESSION). */
const PROVEN = [
  'envelope-wrapped',
  'head-renamed',
  'rescode-string',
  'json-trailing-comma',
  'jsonp-unasked',
  'success-rescode-nonzero',
  'wrong-pass-accepted',
  'foreign-tm-allowed',
  'foreign-tm-allowed-no-op-refused',
  'foreign-tm-wrong-code',
  'phone-login-refused',
  'phone-exact-only',
  'tri-refused',
  'form-charset-refused',
  'get-refused',
  'combined-generic-code',
  'precedence-tm-first',
  'json-labelled-html',
  'jsonp-labelled-json',
  'api-key-rejected',
  'unspecified-cleared',
  'readback-stale',
  'readback-hides-token',
  'none-ignored',
  'none-stored-literally',
  'template-percent-encoded',
  'url-unchecked',
  'url-prefix-only',
  'jsonp-ignored',
  'jsonp-not-on-errors',
  'jsonp-blank-wraps',
  'error-status-400',
  'url-case-folded',
  'url-sub-delims-refused',
  'url-percent-decoded',
  'token-plus-as-space',
  'none-clears-token',
];
/** Faults a well-behaved session cannot show: proven below on the traffic that shows them, or not passive. */
const NOT_BY_THIS_SESSION = [
  'auth-user-optional',
  'auth-pass-optional',
  'tm-optional',
  'combined-applies',
  'jsonp-callback-unsanitized',
  'signature-stale-token',
  // found by generated values only (NONE beside a token, callback names with . $ or a foreign mark)
  'none-ignored-with-token',
  'jsonp-dotted-refused',
  'jsonp-callback-blacklist',
  // a wrong password with the phone number, a foreign TextMark by its TRI: never sent by a client
  'phone-login-skips-password',
  'foreign-tri-allowed',
];

test('every fault of the mock is either proven on the session or named as needing other traffic', () => {
  expect([...PROVEN, ...NOT_BY_THIS_SESSION].sort()).toEqual(FAULTS.map((f) => f.id).sort());
});

proveSessions('textmarks', drive, { faults: PROVEN, variants: VARIANTS.map((v) => v.id) });

// The traffic of a client that breaks the page itself: raw form POSTs, each followed by a read-back.
const SET = 'TextMarkManager/set_integration_config/';
function rawDrive(
  requests: (s: Record<string, string>) => { call?: string; fields: Record<string, string> }[],
): Drive {
  return async (baseUrl, section) => {
    const s = section as Record<string, string>;
    for (const { call = SET, fields } of requests(s)) {
      const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/${call}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      await res.arrayBuffer();
    }
  };
}
const owner = (s: Record<string, string>) => ({
  auth_user: s.auth_user ?? '',
  auth_pass: s.auth_pass ?? '',
  tm: s.tm ?? '',
});
const read = (s: Record<string, string>) => ({
  call: 'TextMarkManager/integration_config/',
  fields: owner(s),
});
const without = (arg: string) =>
  rawDrive((s) => {
    const fields: Record<string, string> = {
      ...owner(s),
      group_callback_url: 'https://example.com/passive/left-out.php',
    };
    delete fields[arg];
    return [{ fields }, read(s)];
  });

describe('traffic a well-behaved client never sends: the rules judge it when it shows up', () => {
  const cases: { fault: string; drive: Drive; client: string[]; readings?: Record<string, unknown> }[] = [
    { fault: 'auth-user-optional', drive: without('auth_user'), client: ['TXM-CLIENT-AUTH-USER'] },
    { fault: 'auth-pass-optional', drive: without('auth_pass'), client: ['TXM-CLIENT-AUTH-PASS'] },
    { fault: 'tm-optional', drive: without('tm'), client: ['TXM-CLIENT-TM'] },
    {
      fault: 'combined-applies',
      client: ['TXM-CLIENT-TM'],
      drive: rawDrive((s) => {
        const { tm: _, ...noTm } = owner(s);
        const attempt = {
          ...noTm,
          auth_pass: 'a-wrong-password',
          group_callback_url: 'https://example.com/p/x.php',
        };
        return [{ fields: attempt }, read(s)];
      }),
    },
    {
      fault: 'jsonp-callback-unsanitized',
      client: [],
      drive: rawDrive((s) => [
        { call: 'TextMarkManager/integration_config/', fields: { ...owner(s), jsonp: 'alert(1);x' } },
      ]),
    },
  ];
  for (const c of cases) {
    const fault = FAULTS.find((f) => f.id === c.fault);
    if (!fault) throw new Error(`no fault ${c.fault}`);
    test(`${c.fault}: fails ${fault.breaks.join(', ')} (and the client rule the traffic breaks)`, async () => {
      const faulty = await recordSession('textmarks', { faults: [c.fault] }, c.drive);
      expect(faulty.failed, faulty.lines.join('\n')).toEqual([...fault.breaks, ...c.client].sort());
      // The same traffic against the clean mock fails only the client rule: the server side is right.
      const clean = await recordSession('textmarks', {}, c.drive);
      expect(clean.failed, clean.lines.join('\n')).toEqual(c.client);
      expect(clean.judged).toEqual(expect.arrayContaining(fault.breaks));
    });
  }
});

// The HAR the proxy recorded, judged again by `conformance check textmarks --har`: the same verdict.
provePassive('textmarks', drive, [
  'envelope-wrapped',
  'success-rescode-nonzero',
  'wrong-pass-accepted',
  'combined-generic-code',
  'readback-stale',
  'jsonp-ignored',
  'json-labelled-html',
  'url-unchecked',
]);

// A refused request that the target applied anyway is that request's failure, not the read-back's:
// a set, then a mistyped password's set (applied by the faulty mock), then one read-back.
test('a read-back showing what a refused request sent fails that request, not TXM-READBACK', async () => {
  const session = rawDrive((s) => [
    {
      fields: {
        ...owner(s),
        group_callback_url: 'https://example.com/passive/kept.php',
        private_token: 'tok-kept',
      },
    },
    {
      fields: {
        ...owner(s),
        auth_pass: 'a-wrong-password',
        group_callback_url: 'https://example.com/passive/no.php',
      },
    },
    read(s),
  ]);
  const faulty = await recordSession('textmarks', { faults: ['wrong-pass-accepted'] }, session);
  expect(faulty.failed, faulty.lines.join('\n')).toEqual(['TXM-AUTH-WRONG-PASS']);
  expect(faulty.judged).toContain('TXM-READBACK');
  const clean = await recordSession('textmarks', {}, session);
  expect(clean.failed, clean.lines.join('\n')).toEqual([]);
});

// A private_token the client set is a secret the config does not name: no problem line shows it.
test('a token the traffic carried never shows in a problem', async () => {
  const s = await recordSession('textmarks', { faults: ['envelope-wrapped'] }, drive);
  // Every read-back after the session set its token is a problem whose body excerpt holds the token.
  const readBacks = s.lines.filter(
    (l) => l.includes('integration_config/ ->') && l.includes('private_token'),
  );
  expect(readBacks.length).toBeGreaterThan(2);
  expect(s.lines.join('\n')).not.toMatch(/tok\+\d+\/a/);
});
