// iService's passive rules (suites/iservice/passive.ts) proven on recorded sessions: the clean mock's
// session breaks nothing and judges the requirements listed; each fault below, recorded against its
// faulty mock, fails exactly what it breaks among what the session judged, and `conformance check
// iservice --har` on the recorded HAR agrees (test/traffic-proof.ts). What a well-behaved session
// never sends (a call without a session, a payload that breaks the table) is proven on hand-made
// exchanges; the session itself leaves both contacts as it found them.
import { describe, expect, test } from 'vitest';
import { FIXTURES, start } from '../../mocks/iservice/index.ts';
import type { TrafficExchange } from '../../src/types.ts';
import { PASSIVE } from '../../suites/iservice/passive.ts';
import { recordSession } from '../traffic.ts';
import { provePassive } from '../traffic-proof.ts';
import { drive } from './traffic-session.ts';

/** What the clean session judges: the passive requirements a well-behaved client exercises. */
const JUDGED = [
  'ISV-ACCESS-AGENT-ANY',
  'ISV-ACCESS-CUSTOMER-OTHER',
  'ISV-ACCESS-CUSTOMER-OWN',
  'ISV-ACCESS-NO-CHANGE',
  'ISV-CLIENT-PAYLOAD',
  'ISV-CLIENT-SESSION',
  'ISV-ERROR-SHAPE',
  'ISV-JSON-CHARSET',
  'ISV-LOGIN-FAIL',
  'ISV-LOGIN-ISLOGGEDIN',
  'ISV-LOGIN-OK',
  'ISV-LOGIN-TYPES',
  'ISV-MEDIA-TYPE',
  'ISV-ROUNDTRIP-EMPTY',
  'ISV-ROUNDTRIP-LOGINS',
  'ISV-ROUNDTRIP-MEMBERSHIP',
  'ISV-ROUNDTRIP-MULTIVALUE',
  'ISV-ROUNDTRIP-PROPERTIES',
  'ISV-SETLOGINS-FALSE',
  'ISV-SUCCESS-SHAPE',
  'ISV-UNKNOWN-CONTACT',
];

test('the clean mock: the session judges exactly the passive requirements listed, and breaks none', async () => {
  const s = await recordSession('iservice', {}, drive);
  expect(s.failed, s.lines.join('\n')).toEqual([]);
  expect(s.lines).toEqual([]);
  expect(s.judged).toEqual(JUDGED);
});

test('under readings.pageForms = both, the page forms are judged too and pass', async () => {
  const s = await recordSession('iservice', { readings: { pageForms: 'both' } }, drive);
  expect(s.failed, s.lines.join('\n')).toEqual([]);
  expect(s.judged).toEqual([...JUDGED, 'ISV-PAGE-FORMS'].sort());
});

provePassive('iservice', drive, [
  'login-answer-html',
  'login-no-isloggedin',
  'login-failure-silent',
  'agent-refused-on-customer-contact',
  'customer-own-refused',
  'customer-may-update-other',
  'foreign-bare-403',
  'refuses-but-applies',
  'error-details-missing',
  'errors-null-on-success',
  'error-as-string',
  'unknown-contact-accepted',
  'properties-not-saved',
  'utf8-mangled',
  'latin1-storage',
  'multi-value-truncated',
  'empty-values-ignored',
  'logins-not-saved',
  'login-plus-tag-dropped',
  'setlogins-ignored',
  'membership-dropped',
  'save-only-adds',
  'details-object-only',
  'login-type-example-only',
  'login-type-google-refused',
  'json-charset-refused',
  'json-labelled-html',
]);

test('the session puts both contacts back as it found them', async () => {
  const mock = await start();
  try {
    const read = async (cookie: string, id: number) => {
      const res = await fetch(`${mock.url}/webapp-api-custinfo?api=details`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ contactID: id }),
      });
      return res.json();
    };
    const res = await fetch(`${mock.url}/webapp-api-login?api=login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        emailAddress: FIXTURES.agent.emailAddress,
        Password: FIXTURES.agent.password,
      }).toString(),
    });
    const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const ids = [FIXTURES.otherContactID, FIXTURES.customerContactID];
    const before = await Promise.all(ids.map((id) => read(cookie, id)));
    await drive(mock.url, mock.targetConfig);
    expect(await Promise.all(ids.map((id) => read(cookie, id)))).toEqual(before);
  } finally {
    await mock.close();
  }
});

describe('traffic a well-behaved session never sends', () => {
  const AGENT_LOGIN: TrafficExchange = {
    request: {
      method: 'POST',
      url: '/f/webapp-api-login?api=login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(
        new URLSearchParams({
          emailAddress: FIXTURES.agent.emailAddress,
          Password: FIXTURES.agent.password,
        }).toString(),
      ),
    },
    response: {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'set-cookie': 'iservice_session=abc; Path=/f; HttpOnly',
      },
      body: Buffer.from('{"errors":[],"errorDetails":[],"loggedIn":{"isLoggedIn":true}}'),
    },
  };
  const setdetails = (payload: unknown, cookie: string | undefined, status: number, answer: unknown) => ({
    request: {
      method: 'POST',
      url: '/f/webapp-api-custinfo?api=setdetails',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: Buffer.from(JSON.stringify(payload)),
    },
    response: {
      status,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(answer)),
    },
  });
  const form = {
    contactID: FIXTURES.otherContactID,
    details: { properties: [], setLogins: false, logins: [] },
    membership: [],
  };
  const section = {
    agent: FIXTURES.agent,
    customer: FIXTURES.customer,
    customerContactID: FIXTURES.customerContactID,
  };
  const ok = { errors: [], errorDetails: [] };
  const refused = { errors: ['no'], errorDetails: [] };
  const failedOf = (j: { violations: { requirement: string }[] }) =>
    j.violations.map((v) => v.requirement).sort();

  test('a call without a session: the client rule fails, and an accepted one fails ISV-SESSION-REQUIRED', () => {
    const judge = PASSIVE.session(section).judge;
    const refusedJ = judge(setdetails(form, undefined, 401, refused));
    expect(refusedJ.judged).toContain('ISV-SESSION-REQUIRED');
    expect(failedOf(refusedJ)).toEqual(['ISV-CLIENT-SESSION']);
    expect(failedOf(judge(setdetails(form, undefined, 200, ok)))).toEqual([
      'ISV-CLIENT-SESSION',
      'ISV-SESSION-REQUIRED',
    ]);
  });

  test('a payload that breaks the table, in the agent session: refused with errors, else ISV-INVALID-PAYLOAD fails', () => {
    const judge = PASSIVE.session(section).judge;
    expect(judge(AGENT_LOGIN).violations).toEqual([]);
    const bad = { ...form, contactID: 'not-a-number' };
    const cookie = 'iservice_session=abc';
    const refusedJ = judge(setdetails(bad, cookie, 200, { errors: ['bad'], errorDetails: ['contactID'] }));
    expect(refusedJ.judged).toContain('ISV-INVALID-PAYLOAD');
    expect(failedOf(refusedJ)).toEqual(['ISV-CLIENT-PAYLOAD']);
    expect(failedOf(judge(setdetails(bad, cookie, 200, ok)))).toEqual([
      'ISV-CLIENT-PAYLOAD',
      'ISV-INVALID-PAYLOAD',
    ]);
    // A session no login was seen for: whose it is is unknown, so the refusal is not matched to it.
    expect(judge(setdetails(bad, 'iservice_session=other', 200, ok)).judged).not.toContain(
      'ISV-INVALID-PAYLOAD',
    );
  });
});
