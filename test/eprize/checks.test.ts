// The ePrize checks on hand-built exchanges: each passes on an answer the page documents and fails
// (CheckFailure, or NotApplicable for optional features) on one it does not.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CheckFailure, checkStatus, NotApplicable } from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import {
  challengePathOf,
  checkBadKeyName,
  checkChallenge,
  checkCodeIfNamed,
  checkConflictShape,
  checkCreated201,
  checkDuplicate,
  checkFieldError,
  checkFieldErrorsShape,
  checkFieldsNamed,
  checkIdMatchesLocation,
  checkJsonOffered,
  checkLocation,
  checkLookupRedirect,
  checkMediaTypes,
  checkOneOfErrors,
  checkPrecedence,
  checkSafeValues,
  checkStatusOne,
  checkSuccessShape,
  checkUtf8,
  checkValues,
  checkVer,
  expectCreated,
  fieldErrors,
  mediaTypeProblems,
  profileOf,
  readUrlFor,
  representationOf,
  uidFromLocation,
  WITH_FIELD_ERRORS,
} from '../../suites/eprize/checks.ts';
import { defaultTemplate, uniqueValue, withDefaults } from '../../suites/eprize/config.ts';

const BASE = 'https://client.api.example';
const KEY = 'k3y';
const examples = new URL('../../schemas/eprize/examples/', import.meta.url);
const CREATED = readFileSync(new URL('create-response.xml', examples), 'utf8');
const CONFLICT = readFileSync(new URL('conflict-response.xml', examples), 'utf8');
const FIELD_ERRORS = readFileSync(new URL('field-errors-response.xml', examples), 'utf8');
const UID = '48213907';

function ex(status: number, body: string | Buffer, headers: Record<string, string> = {}): Exchange {
  return {
    request: { method: 'POST', url: `${BASE}/v1/${KEY}/profile`, headers: {} },
    response: {
      status,
      headers: { 'content-type': 'text/xml; charset=UTF-8', ...headers },
      setCookies: [],
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      truncated: false,
    },
    durationMs: 1,
  };
}

const created = (
  headers: Record<string, string> = { location: `/v1/${KEY}/profile/${UID}` },
  body = CREATED,
) => ex(201, body, headers);
const fails = (fn: () => unknown, message?: RegExp) => {
  expect(fn).toThrow(CheckFailure);
  if (message) expect(fn).toThrow(message);
};

describe('eprize checks: the 201', () => {
  test('checkCreated201 / expectCreated', () => {
    checkCreated201(created());
    fails(() => checkCreated201(ex(200, CREATED)), /not answered 201/);
    expectCreated(ex(200, CREATED), 'x');
    fails(() => expectCreated(ex(400, FIELD_ERRORS), 'a create'), /a create was not accepted/);
    expect(() => expectCreated(ex(400, FIELD_ERRORS), 'a create')).toThrow(/field1=VALIDATION/);
  });

  test('checkLocation: by name, relative or same origin, the apikey used', () => {
    expect(checkLocation(created(), BASE, KEY)).toBe(UID);
    expect(checkLocation(created({ location: `${BASE}/v1/${KEY}/profile/${UID}` }), BASE, KEY)).toBe(UID);
    fails(() => checkLocation(created({}), BASE, KEY), /no Location/);
    fails(
      () =>
        checkLocation(created({ location: `https://elsewhere.example/v1/${KEY}/profile/${UID}` }), BASE, KEY),
      /another host/,
    );
    fails(
      () => checkLocation(created({ location: `//elsewhere.example/v1/${KEY}/profile/1` }), BASE, KEY),
      /another host/,
    );
    fails(() => checkLocation(created({ location: `/v1/other/profile/${UID}` }), BASE, KEY), /not \/v1/);
    fails(() => checkLocation(created({ location: `/v1/${KEY}/profiles/${UID}` }), BASE, KEY), /not \/v1/);
    fails(() => checkLocation(created({ location: `/v1/${KEY}/profile/` }), BASE, KEY), /not \/v1/);
  });

  test('uidFromLocation / checkIdMatchesLocation', () => {
    expect(uidFromLocation(created())).toBe(UID);
    expect(uidFromLocation(created({}))).toBeUndefined();
    checkIdMatchesLocation(created());
    fails(
      () => checkIdMatchesLocation(created({ location: `/v1/${KEY}/profile/999` })),
      /not the Location's uid/,
    );
    fails(() => checkIdMatchesLocation(created({})), /no Location/);
  });

  test('readUrlFor: the Location when usable, else the body id', () => {
    expect(readUrlFor(created(), BASE, KEY)).toEqual({ url: `${BASE}/v1/${KEY}/profile/${UID}`, uid: UID });
    expect(readUrlFor(created({ location: 'https://elsewhere.example/x' }), BASE, KEY)).toEqual({
      url: `${BASE}/v1/${KEY}/profile/${UID}`,
      uid: UID,
    });
    fails(() => readUrlFor(created({}, '<?xml version="1.0"?><result/>'), BASE, KEY));
  });

  test('profileOf / checkSuccessShape / checkValues', () => {
    expect(profileOf(created(), 'the 201').email).toBe('some.email@address.com');
    fails(() => profileOf(ex(201, CONFLICT), 'the 201'), /no <profile>/);
    fails(() => profileOf(ex(201, '<html>'), 'the 201'), /not readable XML/);
    checkSuccessShape(created());
    fails(
      () => checkSuccessShape(created(undefined, CREATED.replace('<status>1</status>', ''))),
      /status: is required/,
    );
    checkValues({ email: 'a', safekey1: 'b' }, { email: 'a' }, 'x');
    fails(() => checkValues({ email: 'a' }, { email: 'a', safekey1: 'b' }, 'missing'), /missing/);
  });

  test('checkSafeValues: the values sent, and not applicable with nothing to compare', () => {
    checkSafeValues(created(), { email: 'some.email@address.com', safekey1: 'safekey1-value' });
    fails(() => checkSafeValues(created(), { email: 'other@example.com' }), /does not show the safe values/);
    expect(() => checkSafeValues(created(), {})).toThrow(NotApplicable);
  });

  test('checkVer / checkStatusOne', () => {
    checkVer(created(), 'the 201');
    fails(() => checkVer(ex(201, CREATED.replace('Services 1.0', 'Services 2.0')), 'the 201'), /ver is not/);
    checkStatusOne(ex(409, CONFLICT), 'the 409');
    fails(
      () => checkStatusOne(ex(409, CONFLICT.replace('<status>1', '<status>0')), 'the 409'),
      /status is not 1/,
    );
  });

  test('checkUtf8', () => {
    checkUtf8(created());
    checkUtf8(ex(201, CREATED.replace('<email>some', '<email>zoë'), { 'content-type': 'text/xml' }));
    const latin1 = CREATED.replace('UTF-8', 'ISO-8859-1').replace('<email>some', '<email>zoë');
    fails(() => checkUtf8(ex(201, Buffer.from(latin1, 'latin1'))), /not declared UTF-8/);
    fails(
      () => checkUtf8(ex(201, Buffer.from(CREATED.replace('<email>some', '<email>zoë'), 'latin1'))),
      /not readable UTF-8/,
    );
    fails(() => checkUtf8(ex(201, CREATED, { 'content-type': 'text/xml; charset=ISO-8859-1' })), /charset/);
    fails(() => checkUtf8(ex(201, CREATED.replace(/^<\?xml[^>]*>\n/, ''))), /no XML declaration/);
    checkUtf8(ex(409, CONFLICT), 'the 409 body');
    checkUtf8(ex(400, FIELD_ERRORS), 'the 400 body');
    fails(
      () => checkUtf8(ex(409, CONFLICT, { 'content-type': 'text/xml; charset=ISO-8859-1' }), 'the 409 body'),
      /the 409 body: the Content-Type charset/,
    );
    fails(
      () =>
        checkUtf8(
          ex(400, Buffer.from(FIELD_ERRORS.replace('UTF-8', 'ISO-8859-1'), 'latin1')),
          'the 400 body',
        ),
      /the 400 body is not declared UTF-8/,
    );
  });
});

describe('eprize checks: 409 and 400', () => {
  test('checkDuplicate / checkConflictShape', () => {
    checkDuplicate(ex(409, CONFLICT));
    fails(() => checkDuplicate(created()), /not refused with 409/);
    fails(() => checkDuplicate(ex(409, CONFLICT.replace('duplicate_account', 'exists'))), /errors exists/);
    checkConflictShape(ex(409, CONFLICT));
    const flat = CONFLICT.replace(/<errors>[\s\S]*<\/errors>/, '<error>duplicate_account</error>');
    checkDuplicate(ex(409, flat)); // read leniently: the shape is another check's business
    fails(() => checkConflictShape(ex(409, flat)), /not the documented shape/);
    // Only a 409 is judged: any other answer is EPZ-DUPLICATE-409's failure, not this one's.
    expect(() => checkConflictShape(ex(400, flat))).toThrow(NotApplicable);
    expect(() => checkConflictShape(ex(422, CONFLICT))).toThrow(NotApplicable);
    expect(() => checkConflictShape(created())).toThrow(NotApplicable);
  });

  test('fieldErrors / checkFieldError', () => {
    expect(fieldErrors(ex(400, FIELD_ERRORS)).map((f) => f.name)).toEqual([
      'field1',
      'field2',
      'field3',
      'fieldN',
    ]);
    checkFieldError(ex(400, FIELD_ERRORS), 'field2', 'NULL', 'x');
    checkFieldError(ex(400, FIELD_ERRORS), 'field1', 'VALIDATION', 'x');
    fails(() => checkFieldError(ex(400, FIELD_ERRORS), 'field1', 'NULL', 'x'), /is not NULL/);
    fails(() => checkFieldError(ex(400, FIELD_ERRORS), 'email', 'NULL', 'x'), /no field error names email/);
    fails(() => checkFieldError(ex(422, FIELD_ERRORS), 'field2', 'NULL', 'x'), /not answered 400/);
    // Several codes: any of them passes, none of them fails.
    checkFieldError(ex(400, FIELD_ERRORS), 'field1', ['NULL', 'VALIDATION'], 'x');
    checkFieldError(ex(400, FIELD_ERRORS), 'field2', ['NULL', 'VALIDATION'], 'x');
    const other = FIELD_ERRORS.replace('<error>NULL</error>', '<error>TOO_LONG</error>');
    fails(
      () => checkFieldError(ex(400, other), 'field2', ['NULL', 'VALIDATION'], 'x'),
      /is not NULL or VALIDATION/,
    );
    fails(() => checkFieldError(ex(201, CREATED), 'field2', ['NULL', 'VALIDATION'], 'x'), /not answered 400/);
  });

  test('checkBadKeyName: 400 always passes; a 2xx only under "ignored", without the key', () => {
    checkBadKeyName(ex(400, FIELD_ERRORS), 'Nickname', 'refused');
    checkBadKeyName(ex(400, FIELD_ERRORS), 'Nickname', 'ignored');
    fails(() => checkBadKeyName(created(), 'Nickname', 'refused'), /"Nickname" was not refused with 400/);
    checkBadKeyName(created(), 'Nickname', 'ignored');
    const kept = CREATED.replace('</profile>', '<Nickname>conformance</Nickname></profile>');
    fails(() => checkBadKeyName(created(undefined, kept), 'Nickname', 'ignored'), /profile holds the key/);
    fails(() => checkBadKeyName(ex(409, CONFLICT), 'Nickname', 'ignored'), /not refused with 400/);
    fails(() => checkBadKeyName(ex(422, FIELD_ERRORS), '_private', 'refused'), /not refused with 400/);
  });

  test('checkFieldsNamed: one <field> per bad key', () => {
    checkFieldsNamed(ex(400, FIELD_ERRORS), ['field1', 'field2'], 'x');
    fails(
      () => checkFieldsNamed(ex(400, FIELD_ERRORS), ['field1', 'optin'], 'x'),
      /not one <field> per bad key/,
    );
    const twice = FIELD_ERRORS.replace('<name>field3</name>', '<name>field1</name>');
    fails(() => checkFieldsNamed(ex(400, twice), ['field1'], 'x'), /not one <field>/);
  });

  test('checkFieldErrorsShape', () => {
    checkFieldErrorsShape(ex(400, FIELD_ERRORS));
    fails(
      () => checkFieldErrorsShape(ex(400, FIELD_ERRORS.replace('<error>NULL', '<error>MISSING'))),
      /shape/,
    );
    fails(() => checkFieldErrorsShape(ex(409, CONFLICT)), /not answered 400/);
  });

  test("the kit's checkStatus, with the field errors as evidence", () => {
    checkStatus(ex(404, ''), [404], 'x', WITH_FIELD_ERRORS);
    fails(() => checkStatus(ex(200, CREATED), [404], 'unknown uid', WITH_FIELD_ERRORS), /unknown uid/);
    try {
      checkStatus(ex(400, FIELD_ERRORS), [201], 'not created', WITH_FIELD_ERRORS);
      expect.unreachable();
    } catch (e) {
      expect((e as CheckFailure).failure.received).toMatch(/field errors field1=VALIDATION/);
    }
  });
});

describe('eprize checks: look-up, CAPTCHA, JSON', () => {
  test('checkLookupRedirect: 303 to the profile on the target, never followed', () => {
    checkLookupRedirect(ex(303, '', { location: `/v1/${KEY}/profile/${UID}` }), BASE, UID);
    fails(
      () => checkLookupRedirect(ex(302, '', { location: `/v1/${KEY}/profile/${UID}` }), BASE, UID),
      /303/,
    );
    fails(
      () => checkLookupRedirect(ex(303, '', { location: `/v1/${KEY}/profile/1` }), BASE, UID),
      /does not point/,
    );
    fails(
      () =>
        checkLookupRedirect(
          ex(303, '', { location: `https://elsewhere.example/v1/${KEY}/profile/${UID}` }),
          BASE,
          UID,
        ),
      /does not point/,
    );
  });

  test('challengePathOf / checkChallenge', () => {
    const ok = ex(201, '', { location: `/v1/${KEY}/captcha/abc` });
    expect(challengePathOf(ok, BASE)).toBe(`/v1/${KEY}/captcha/abc`);
    expect(challengePathOf(ex(400, ''), BASE)).toBeUndefined();
    checkChallenge(ok, BASE, KEY);
    fails(() => checkChallenge(ex(200, '', { location: `/v1/${KEY}/captcha/abc` }), BASE, KEY), /201/);
    fails(
      () => checkChallenge(ex(201, '', { location: `/v1/${KEY}/profile/abc` }), BASE, KEY),
      /no Location/,
    );
  });

  test('checkJsonOffered: JSON well-formed when offered, not applicable when not', () => {
    const json = { 'content-type': 'application/json; charset=UTF-8' };
    expect(checkJsonOffered(ex(201, '{"result":{"profile":{"id":"1"}}}', json))).toMatch(/JSON offered/);
    fails(() => checkJsonOffered(ex(201, CREATED, json)), /labelled JSON but is not JSON/);
    expect(() => checkJsonOffered(created())).toThrow(NotApplicable);
    expect(() => checkJsonOffered(ex(406, '', json))).toThrow(NotApplicable);
  });
});

describe('eprize config', () => {
  test('uniqueValue: the run id and a counter, or nine digits', () => {
    expect(uniqueValue('c.{run}.{n}@example.com', 'rabc1230f3e', 7)).toBe('c.rabc1230f3e.7@example.com');
    const a = uniqueValue('447700{digits}', 'rabc1230f3e', 1);
    expect(a).toMatch(/^447700\d{9}$/);
    expect(uniqueValue('447700{digits}', 'rabc1230f3e', 2)).not.toBe(a);
    expect(uniqueValue('447700{digits}', 'rabd1230f3e', 1)).not.toBe(a);
  });

  test('defaultTemplate: email, a phone-like key behind "0000", else text', () => {
    expect(defaultTemplate('email')).toBe('conformance.{run}.{n}@example.com');
    expect(defaultTemplate('mobile_phone')).toBe('0000{digits}');
    expect(defaultTemplate('phone')).toBe('0000{digits}');
    expect(uniqueValue(defaultTemplate('mobile_phone'), 'rabc1230f3e', 1)).toMatch(/^0000\d{9}$/);
    expect(defaultTemplate('user_name')).toBe('conformance_{run}_{n}');
    expect(withDefaults({ apikey: 'abc', uniqueKey: 'mobile_phone' }).uniqueValueTemplate).toBe(
      '0000{digits}',
    );
  });

  test('withDefaults fills every reading and a template for the unique key', () => {
    const c = withDefaults({ apikey: 'abc', uniqueKey: 'user_name' });
    expect(c.uniqueValueTemplate).toBe('conformance_{run}_{n}');
    expect(c.safeKeys).toEqual(['user_name']);
    expect(c.captcha.enforced).toBe(false);
    expect(c.readings).toEqual({
      profilePath: 'profile',
      bodyFormat: 'page',
      linesContentType: 'text/plain; charset=UTF-8',
      captchaHeaders: 'X-CAPTCHA-Challenge,X-CAPTCHA-Response',
      statusValue: 'any',
      badKeyNames: 'ignored',
      legacyMediaTypes: '',
      errorPrecedence: 'any',
    });
    expect(c.validValues).toBeUndefined();
    expect(c.sizeLimits).toBeUndefined();
  });
});

describe('eprize checks: error codes, combinations, precedence', () => {
  const missing = `<?xml version="1.0" encoding="UTF-8" ?>
<result ver="ePrize Web Services 1.0"><result><errors><field_errors>
<field><name>email</name><error>NULL</error></field>
<field><name>optin</name><error>VALIDATION</error></field>
</field_errors></errors></result><status>1</status></result>`;

  test('checkCodeIfNamed: judges the code only on a 400 naming the key', () => {
    expect(checkCodeIfNamed(ex(400, missing), 'email', 'NULL', 'no email')).toBe(true);
    expect(checkCodeIfNamed(ex(400, missing), 'optin', 'VALIDATION', 'bad optin')).toBe(true);
    fails(() => checkCodeIfNamed(ex(400, missing), 'email', 'VALIDATION', 'x'), /is not VALIDATION/);
    fails(() => checkCodeIfNamed(ex(400, missing), 'optin', 'NULL', 'x'), /is not NULL/);
    expect(checkCodeIfNamed(ex(201, CREATED), 'email', 'NULL', 'x')).toBe(false);
    expect(checkCodeIfNamed(ex(400, missing), 'birthdate', 'NULL', 'x')).toBe(false);
  });

  test('checkOneOfErrors: one of the applicable statuses passes, anything else fails', () => {
    checkOneOfErrors(ex(400, FIELD_ERRORS), [400, 409], 'combo');
    checkOneOfErrors(ex(409, CONFLICT), [400, 409], 'combo');
    fails(() => checkOneOfErrors(ex(201, CREATED), [400, 409], 'combo'), /not refused/);
    fails(() => checkOneOfErrors(ex(409, CONFLICT), [400], 'combo'), /not refused/);
  });

  test('checkPrecedence: the error the reading names must win', () => {
    checkPrecedence(ex(400, FIELD_ERRORS), 'field-errors', 'dup+bad');
    checkPrecedence(ex(409, CONFLICT), 'conflict', 'dup+bad');
    fails(
      () => checkPrecedence(ex(409, CONFLICT), 'field-errors', 'dup+bad'),
      /field errors \(400\) did not win/,
    );
    fails(
      () => checkPrecedence(ex(400, FIELD_ERRORS), 'conflict', 'dup+bad'),
      /duplicate \(409\) did not win/,
    );
  });
});

describe('eprize checks: media types', () => {
  const rec = (status: number, body: string, contentType?: string): RecordedExchange => ({
    request: { method: 'POST', url: `${BASE}/v1/***/profile`, headers: {} },
    response: {
      status,
      headers: contentType ? { 'content-type': contentType } : {},
      body,
      bodyBytes: Buffer.byteLength(body),
      truncated: false,
    },
    durationMs: 1,
  });

  test('representationOf: by the first character of the body', () => {
    expect(representationOf(CREATED)).toBe('xml');
    expect(representationOf('  {"result":{}}')).toBe('json');
    expect(representationOf('\uFEFF<?xml version="1.0"?><a/>')).toBe('xml');
    expect(representationOf('plain words')).toBeUndefined();
  });

  test('XML and JSON with their types and UTF-8 pass; a wrong label or charset fails', () => {
    const good = [
      rec(201, CREATED, 'text/xml; charset=UTF-8'),
      rec(409, CONFLICT, 'application/xml'),
      rec(400, FIELD_ERRORS, 'application/vnd.eprize+xml; charset="utf-8"'),
      rec(201, '{"result":{"status":1}}', 'application/json; charset=UTF-8'),
    ];
    expect(mediaTypeProblems(good, [])).toEqual({ judged: 4, problems: [] });
    expect(checkMediaTypes(good, [])).toBe(4);
    expect(mediaTypeProblems([rec(201, CREATED, 'text/html')], []).problems).toHaveLength(1);
    expect(mediaTypeProblems([rec(201, CREATED)], []).problems[0]).toMatch(/no Content-Type/);
    expect(mediaTypeProblems([rec(201, CREATED, 'text/xml; charset=ISO-8859-1')], []).problems[0]).toMatch(
      /charset=ISO-8859-1/,
    );
    expect(mediaTypeProblems([rec(201, '{"a":1}', 'text/plain')], []).problems).toHaveLength(1);
    fails(() => checkMediaTypes([rec(201, CREATED, 'text/html')], []), /media type that does not fit/);
  });

  test('a legacy label the reading accepts passes', () => {
    expect(
      mediaTypeProblems([rec(201, CREATED, 'text/plain; charset=UTF-8')], ['text/plain']).problems,
    ).toEqual([]);
  });

  test('skipped: transport errors, empty bodies, redirects and undocumented statuses', () => {
    const skipped: RecordedExchange[] = [
      { request: { method: 'GET', url: BASE, headers: {} }, error: 'ECONNRESET', durationMs: 1 },
      rec(303, '', undefined),
      rec(302, '<html>moved</html>', 'text/html'),
      rec(404, '<html>not found</html>', 'text/html'),
      rec(415, 'unsupported', 'text/plain'),
    ];
    expect(mediaTypeProblems(skipped, [])).toEqual({ judged: 0, problems: [] });
    expect(() => checkMediaTypes(skipped, [])).toThrow(NotApplicable);
  });
});
