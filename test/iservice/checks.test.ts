// The iService checks on hand-built exchanges: each passes on what the page documents and fails (with
// a CheckFailure) on what it does not.
import { describe, expect, test } from 'vitest';
import requestSchema from '../../schemas/iservice/setdetails-request.schema.json' with { type: 'json' };
import { CheckFailure, PreconditionLost } from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  type Contact,
  checkEmptied,
  checkErrorShape,
  checkForeignRefusal,
  checkLoggedIn,
  checkLoginFailure,
  checkLoginOk,
  checkLogins,
  checkMembership,
  checkNoSessionRefusal,
  checkPropertyValues,
  checkSuccessShape,
  detailsOf,
  errorShapeSkipReason,
  errorsOf,
  expectAccepted,
  expectErrors,
  isRefused,
  sessionCookie,
  toPayload,
} from '../../suites/iservice/checks.ts';

function ex(
  status: number,
  body: unknown,
  setCookies: string[] = [],
  headers: Record<string, string> = {},
): Exchange {
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return {
    request: { method: 'POST', url: 'http://t/f/webapp-api-custinfo?api=setdetails', headers: {} },
    response: {
      status,
      headers: { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers },
      setCookies,
      body: bytes,
      truncated: false,
    },
    durationMs: 1,
  };
}

const OK = { errors: [], errorDetails: [] };
const REFUSED = { errors: ['You may only update your own contact details.'], errorDetails: ['Contact 467'] };

function fails(fn: () => unknown, message?: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CheckFailure);
    if (message) expect((err as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a CheckFailure');
}

describe('iservice checks', () => {
  test('errorsOf / isRefused read errors leniently', () => {
    expect(errorsOf(ex(200, OK))).toEqual([]);
    expect(errorsOf(ex(200, REFUSED))).toEqual([REFUSED.errors[0]]);
    expect(errorsOf(ex(200, { errors: 'Bad' }))).toEqual(['Bad']);
    expect(errorsOf(ex(200, '<html>'))).toBeUndefined();
    expect(isRefused(ex(200, OK))).toBe(false);
    expect(isRefused(ex(200, REFUSED))).toBe(true);
    expect(isRefused(ex(401, ''))).toBe(true);
  });

  test('expectAccepted', () => {
    expectAccepted(ex(200, OK), 'x');
    expectAccepted(ex(200, { errors: null }), 'x');
    fails(() => expectAccepted(ex(200, REFUSED), 'the update'), /the update was not accepted/);
    fails(() => expectAccepted(ex(200, '<html><body>hi</body></html>'), 'x'), /not valid JSON/);
    fails(() => expectAccepted(ex(500, OK), 'x'));
  });

  test('expectErrors', () => {
    expectErrors(ex(200, REFUSED), 'x');
    expectErrors(ex(403, { errors: 'Denied' }), 'x');
    fails(() => expectErrors(ex(200, OK), 'an update'), /not refused with an error message/);
    fails(() => expectErrors(ex(403, ''), 'x'));
  });

  test('checkSuccessShape', () => {
    checkSuccessShape(ex(200, OK));
    checkSuccessShape(ex(200, { ...OK, contactID: 466 }));
    fails(() => checkSuccessShape(ex(200, { errors: [] })), /errorDetails: is required/);
    fails(() => checkSuccessShape(ex(200, { errors: null, errorDetails: [] })), /errors: must be array/);
  });

  test('checkErrorShape', () => {
    checkErrorShape(ex(200, REFUSED), 'x');
    checkErrorShape(ex(403, { errors: ['No'], errorDetails: [] }), 'x');
    fails(() => checkErrorShape(ex(200, { errors: 'No', errorDetails: [] }), 'x'), /errors: must be array/);
    fails(() => checkErrorShape(ex(200, { errors: ['No'] }), 'x'), /errorDetails: is required/);
    fails(() => checkErrorShape(ex(403, ''), 'x'), /not JSON/);
  });

  test('errorShapeSkipReason: only a bare non-2xx refusal without a JSON body is skipped', () => {
    expect(errorShapeSkipReason(ex(403, ''))).toMatch(/bare HTTP 403 refusal with no JSON body/);
    expect(errorShapeSkipReason(ex(401, '<html>Log in</html>'))).toMatch(/bare HTTP 401/);
    expect(errorShapeSkipReason(ex(403, { errors: ['No'] }))).toBeUndefined();
    expect(
      errorShapeSkipReason(ex(403, 'not json', [], { 'content-type': 'application/json' })),
    ).toBeUndefined();
    expect(errorShapeSkipReason(ex(200, '<html>'))).toBeUndefined();
    expect(errorShapeSkipReason(ex(200, REFUSED))).toBeUndefined();
  });

  test('checkNoSessionRefusal by reading', () => {
    expect(checkNoSessionRefusal(ex(401, { errors: ['Log in'] }), 'errors-or-status')).toMatch(
      /HTTP 401 with errors/,
    );
    checkNoSessionRefusal(ex(200, { errors: ['Log in'] }), 'errors-or-status');
    checkNoSessionRefusal(ex(403, ''), 'errors-or-status');
    fails(() => checkNoSessionRefusal(ex(200, OK), 'errors-or-status'), /without a session was not refused/);
    fails(() => checkNoSessionRefusal(ex(200, { errors: ['Log in'] }), 'status'), /401 or 403/);
    fails(() => checkNoSessionRefusal(ex(401, ''), 'errors'), /non-empty errors/);
    fails(() => checkNoSessionRefusal(ex(302, '', [], { location: '/f/login' }), 'errors-or-status'));
  });

  test('checkNoSessionRefusal: any-non-success takes all but a 2xx JSON answer with blank errors', () => {
    expect(checkNoSessionRefusal(ex(302, '', [], { location: '/f/login' }), 'any-non-success')).toMatch(
      /HTTP 302 \(Location: \/f\/login\) with no error message/,
    );
    checkNoSessionRefusal(ex(401, ''), 'any-non-success');
    checkNoSessionRefusal(ex(200, { errors: ['Log in'] }), 'any-non-success');
    checkNoSessionRefusal(ex(200, '<html>Log in</html>'), 'any-non-success');
    fails(() => checkNoSessionRefusal(ex(200, OK), 'any-non-success'), /any-non-success/);
    fails(() => checkNoSessionRefusal(ex(200, { errors: null }), 'any-non-success'));
  });

  test('checkForeignRefusal by reading', () => {
    expect(checkForeignRefusal(ex(403, ''), 'errors-or-status')).toMatch(/HTTP 403 with no error message/);
    checkForeignRefusal(ex(401, ''), 'errors-or-status');
    checkForeignRefusal(ex(200, REFUSED), 'errors-or-status');
    checkForeignRefusal(ex(200, REFUSED), 'errors');
    fails(() => checkForeignRefusal(ex(200, OK), 'errors-or-status'), /another contact was not refused/);
    fails(() => checkForeignRefusal(ex(302, ''), 'errors-or-status'));
    fails(() => checkForeignRefusal(ex(500, ''), 'errors-or-status'));
    fails(() => checkForeignRefusal(ex(403, ''), 'errors'), /foreignRefusal = errors/);
  });

  test('sessionCookie keeps live cookies only', () => {
    expect(sessionCookie(ex(200, OK, ['PHPSESSID=abc; path=/; HttpOnly', 'lang=en']))).toBe(
      'PHPSESSID=abc; lang=en',
    );
    expect(sessionCookie(ex(200, OK, ['PHPSESSID=deleted; Max-Age=0']))).toBeUndefined();
    expect(sessionCookie(ex(200, OK))).toBeUndefined();
  });

  test('checkLoginOk', () => {
    checkLoginOk(ex(200, { errors: [], loggedIn: { isLoggedIn: true } }, ['s=1']));
    checkLoginOk(ex(200, { loggedIn: { isLoggedIn: true } }, ['s=1']));
    fails(() => checkLoginOk(ex(200, { errors: [] })), /sets no session cookie/);
    fails(() => checkLoginOk(ex(200, { errors: ['Bad'] }, ['s=1'])), /successful login answers errors/);
    fails(() => checkLoginOk(ex(200, { errors: 'Bad' }, ['s=1'])), /must be array/);
    fails(() => checkLoginOk(ex(200, '<html>Welcome</html>', ['s=1'])), /not a 2xx JSON answer/);
  });

  test('checkLoggedIn', () => {
    checkLoggedIn(ex(200, { errors: [], loggedIn: { isLoggedIn: true } }));
    fails(() => checkLoggedIn(ex(200, { errors: [] })), /loggedIn: is required/);
    fails(
      () => checkLoggedIn(ex(200, { errors: [], loggedIn: { isLoggedIn: 'true' } })),
      /must be equal to constant/,
    );
  });

  test('checkLoginFailure', () => {
    checkLoginFailure(ex(200, { errors: ['Invalid email address or password.'] }));
    fails(() => checkLoginFailure(ex(200, { errors: [] })), /fewer than 1 items/);
    fails(() => checkLoginFailure(ex(200, { errors: [''] })), /fewer than 1 characters/);
  });

  const DETAILS = {
    errors: [],
    errorDetails: [],
    details: {
      properties: [
        { propertyID: '1', propertyName: 'First Name', values: [{ value: 'John' }] },
        { propertyID: 2, propertyName: 'Middle Initial', values: [] },
        { propertyID: '20', propertyName: 'Interests', values: [{ value: 'A' }, { value: 'B' }] },
      ],
      logins: [{ name: 'john@example.com', type: 'Email' }],
    },
    membership: ['2', 3],
  };

  test('detailsOf reads an object or an array of one, leniently', () => {
    const c = detailsOf(ex(200, DETAILS), 'x');
    expect(c.properties.map((p) => p.propertyID)).toEqual(['1', '2', '20']);
    expect(c.membership).toEqual(['2', '3']);
    expect(detailsOf(ex(200, { ...DETAILS, details: [DETAILS.details] }), 'x').logins).toEqual(
      DETAILS.details.logins,
    );
    expect(detailsOf(ex(200, { details: DETAILS.details }), 'x').membership).toBeUndefined();
    const { logins: _, ...noLogins } = DETAILS.details;
    expect(detailsOf(ex(200, { ...DETAILS, details: noLogins }), 'x').logins).toBeUndefined();
    fails(() => detailsOf(ex(200, { errors: [] }), 'reading'), /no details\.properties/);
    fails(() => detailsOf(ex(401, { errors: ['Log in'] }), 'reading'), /reading was not accepted/);
  });

  const contact: Contact = detailsOf(ex(200, DETAILS), 'x');

  test('checkPropertyValues', () => {
    checkPropertyValues(contact, { '1': ['John'], '20': ['A', 'B'] }, 'x');
    checkPropertyValues(contact, { '20': ['B', 'A'] }, 'x', true);
    fails(() => checkPropertyValues(contact, { '20': ['B', 'A'] }, 'x'), /property 20/);
    fails(() => checkPropertyValues(contact, { '1': ['Jane'] }, 'not saved'), /not saved/);
    fails(() => checkPropertyValues(contact, { '9': [] }, 'x'), /no such property/);
  });

  test('checkEmptied', () => {
    checkEmptied(contact, '2');
    checkEmptied(contact, '99');
    fails(() => checkEmptied(contact, '1'), /still has values/);
  });

  test('checkLogins compares names exactly and types without case', () => {
    checkLogins(contact, [{ name: 'john@example.com', type: 'email' }], 'x');
    fails(() => checkLogins(contact, [{ name: 'John@example.com', type: 'Email' }], 'changed'), /changed/);
    fails(() => checkLogins(contact, [], 'x'));
    const { logins: _, ...noLogins } = contact;
    fails(() => checkLogins(noLogins, [], 'kept'), /kept: the details answer carries no logins array/);
  });

  test('checkMembership compares as sets', () => {
    checkMembership(contact, ['3', '2'], 'x');
    fails(() => checkMembership(contact, ['2'], 'dropped'), /dropped/);
    fails(
      () => checkMembership({ ...contact, membership: undefined } as unknown as Contact, ['2'], 'x'),
      /no membership/,
    );
  });

  test('toPayload builds the whole form, valid in both details shapes', () => {
    for (const detailsShape of ['object', 'array'] as const) {
      const p = toPayload(467, contact, {
        detailsShape,
        setLogins: false,
        set: {
          '2': { propertyName: 'Middle Initial', values: ['Q'] },
          '5': { propertyName: 'Town', values: [] },
        },
      });
      expect(schemaErrors(requestSchema, p)).toEqual([]);
      const d = (detailsShape === 'array' ? (p.details as unknown[])[0] : p.details) as {
        properties: { propertyID: string; values: { value: string }[] }[];
      };
      expect(d.properties.map((x) => x.propertyID)).toEqual(['1', '2', '20', '5']);
      expect(d.properties[1]?.values).toEqual([{ value: 'Q' }]);
      expect(p.membership).toEqual(['2', '3']);
    }
  });

  test('toPayload never sends [] for logins or membership the contact was read without', () => {
    const { logins: _l, ...noLogins } = contact;
    const { membership: _m, ...noMembership } = contact;
    for (const [c, missing] of [
      [noLogins, /without logins/],
      [noMembership, /without membership/],
    ] as const) {
      expect(() => toPayload(467, c, { detailsShape: 'object', setLogins: false })).toThrow(PreconditionLost);
      expect(() => toPayload(467, c, { detailsShape: 'object', setLogins: false })).toThrow(missing);
    }
    // Given explicitly (the check's own values), they are sent.
    const p = toPayload(467, noLogins, { detailsShape: 'object', setLogins: true, logins: [] });
    expect((p.details as { logins: unknown[] }).logins).toEqual([]);
    expect(
      toPayload(467, noMembership, { detailsShape: 'object', setLogins: false, membership: ['4'] })
        .membership,
    ).toEqual(['4']);
  });
});
