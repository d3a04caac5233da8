// TextMarketer checks on recorded exchanges: each passes on a conformant answer and fails, with
// the evidence, on a broken one.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CheckFailure, checkFields, checkStatus } from '../../src/check.ts';
import type { RecordedExchange } from '../../src/types.ts';
import {
  accountOf,
  checkCreateDate,
  checkCredentialApplied,
  checkDoctype,
  checkDtd,
  checkEncodingDeclared,
  checkErrorCode,
  checkErrorEnvelope,
  checkMediaTypes,
  checkOneOfErrors,
  checkProcessedDate,
  checkProcessedDateFormat,
  checkSystemId,
  checkUnchanged,
  ELEMENTS,
  errorCodes,
  isLatin1Label,
  judgedForMediaType,
  mediaTypeProblems,
} from '../../suites/textmarketer/checks.ts';
import { exchange } from '../exchange.ts';

const example = readFileSync(
  new URL('../../schemas/textmarketer/examples/modify-response.xml', import.meta.url),
).toString('latin1');
const ok = (
  body = example,
  headers: Record<string, string> = { 'content-type': 'text/xml; charset=ISO-8859-1' },
) => exchange(200, body, headers);
const errorBody = (inner: string) =>
  `<?xml version="1.0" encoding="ISO-8859-1"?>\n<response processed_date="2012-04-11T11:23:14+02:00">${inner}</response>`;

function failure(f: () => void): CheckFailure {
  try {
    f();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw e;
  }
  throw new Error('the check passed');
}

describe('success body checks', () => {
  test('checkDtd: the example passes; a reordered body fails with libxml2 messages', () => {
    checkDtd(ok());
    const f = failure(() => checkDtd(ok(example.replace(/(<create_date>.*\n)(<credits>.*\n)/, '$2$1'))));
    expect(f.failure.messages?.join()).toMatch(/does not follow the DTD/);
  });

  test('checkDtd: a non-200 answer is not a success body', () => {
    expect(
      failure(() => checkDtd(exchange(403, errorBody('<errors><error code="1">no</error></errors>')))).failure
        .title,
    ).toMatch(/not accepted/);
  });

  test('checkDoctype: public id checked; system id only when configured', () => {
    checkDoctype(ok(), '');
    checkDoctype(ok(), 'http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd');
    expect(failure(() => checkDoctype(ok(), 'http://elsewhere/account.dtd')).failure.title).toMatch(
      /system identifier/,
    );
    const f = failure(() => checkDoctype(ok(example.replace('REST 1.6', 'REST 1.5')), ''));
    expect(f.failure.received).toContain('REST 1.5');
    expect(
      failure(() => checkDoctype(ok(example.replace(/<!DOCTYPE[^>]*>/s, '')), '')).failure.title,
    ).toMatch(/no DOCTYPE/);
  });

  test('checkEncodingDeclared: ISO-8859-1 passes; UTF-8 fails; the header is not its business', () => {
    checkEncodingDeclared(ok());
    checkEncodingDeclared(ok(example, {}));
    checkEncodingDeclared(ok(example, { 'content-type': 'text/xml; charset=utf-8' }));
    expect(
      failure(() => checkEncodingDeclared(ok(example.replace('ISO-8859-1', 'UTF-8')))).failure.received,
    ).toBe('encoding="UTF-8"');
  });

  test('checkSystemId: the configured identifier passes; another fails', () => {
    checkSystemId(ok(), 'http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd');
    expect(failure(() => checkSystemId(ok(), 'http://elsewhere/account.dtd')).failure.received).toBe(
      'http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd',
    );
  });

  test('checkCredentialApplied: the value in the answer or a read-back passes; neither fails', () => {
    checkCredentialApplied(ok(), 'account_username', 'my_UI_username');
    checkCredentialApplied(ok(), 'account_api_password', 'my_api_password');
    checkCredentialApplied(ok(), 'account_password', 'new_UI_pass', { password: 'new_UI_pass' });
    const f = failure(() =>
      checkCredentialApplied(ok(), 'account_password', 'new_UI_pass', { password: 'x' }),
    );
    expect(f.failure.title).toMatch(/accepted but not applied/);
    expect(f.failure.received).toBe(
      'the answer shows <password>my_UI_password</password>, a read-back <password>x</password>',
    );
    expect(
      failure(() =>
        checkCredentialApplied(
          ok(example.replace('<username>my_UI_username</username>\n', '')),
          'account_username',
          'x',
        ),
      ).failure.received,
    ).toBe('the answer shows no <username>');
    expect(
      failure(() => checkCredentialApplied(exchange(400, 'x'), 'account_username', 'abcde')).failure.title,
    ).toMatch(/not accepted/);
  });

  test('checkProcessedDate and its format', () => {
    checkProcessedDate(ok());
    checkProcessedDateFormat(ok());
    const none = ok(example.replace(' processed_date="2012-04-11T11:23:14+02:00"', ''));
    expect(failure(() => checkProcessedDate(none)).failure.title).toMatch(/no processed_date/);
    expect(
      failure(() => checkProcessedDateFormat(ok(example.replace('2012-04-11T11:23:14+02:00', '1334135394'))))
        .failure.received,
    ).toBe('"1334135394"');
  });

  test('accountOf reads leniently and fails on an HTML page with the evidence', () => {
    expect(accountOf(ok(), 'x').company_name).toBe("Bill's Bakery");
    const f = failure(() => accountOf(exchange(200, '<!doctype html><html><body>hi'), 'reading'));
    expect(f.failure.title).toMatch(/not readable XML/);
    expect(f.failure.messages?.join()).toMatch(/not well-formed/);
  });

  test('checkFields (ELEMENTS) names each differing element', () => {
    const account = accountOf(ok(), 'x');
    checkFields(account, { credits: '833' }, 'same', ELEMENTS);
    const f = failure(() => checkFields(account, { credits: '834', nothing: 'x' }, 'differs', ELEMENTS));
    expect(f.failure.messages).toEqual([
      'credits: expected "834", got "833"',
      'nothing: expected "x", got no element',
    ]);
  });

  test("checkCreateDate rejects the example's five-digit year", () => {
    checkCreateDate({ create_date: '2012-02-12T01:00:00+02:00' });
    expect(failure(() => checkCreateDate(accountOf(ok(), 'x'))).failure.received).toContain('20012');
  });
});

describe('error checks', () => {
  const err2 = exchange(
    400,
    errorBody('<errors><error code="2">The email address you specified is invalid.</error></errors>'),
  );

  test('errorCodes finds codes wherever they are; garbage has none', () => {
    expect(errorCodes(err2)).toEqual([2]);
    expect(
      errorCodes(exchange(400, errorBody('<error code="4">x</error><error code="5">y</error>'))),
    ).toEqual([4, 5]);
    expect(errorCodes(exchange(400, Buffer.from([0xff, 0x00, 0x9f])))).toEqual([]);
  });

  test('checkErrorCode: the right code passes; another code, a 2xx or no code fails', () => {
    checkErrorCode(err2, 2, 'email');
    expect(failure(() => checkErrorCode(err2, 3, 'mobile')).failure.received).toMatch(/error codes 2/);
    expect(
      failure(() =>
        checkErrorCode(exchange(200, errorBody('<errors><error code="2">x</error></errors>')), 2, 'x'),
      ).failure.title,
    ).toMatch(/not refused/);
    expect(failure(() => checkErrorCode(exchange(400, 'Bad request'), 2, 'x')).failure.received).toMatch(
      /no <error code>/,
    );
  });

  test('checkErrorEnvelope: the documented envelope passes; a flat one fails naming the path', () => {
    checkErrorEnvelope(err2);
    const f = failure(() => checkErrorEnvelope(exchange(400, errorBody('<error code="2">x</error>'))));
    expect(f.failure.messages?.join()).toMatch(/response\.errors: is required/);
    expect(failure(() => checkErrorEnvelope(exchange(400, 'plain text'))).failure.title).toMatch(
      /not readable XML/,
    );
  });

  test('checkStatus', () => {
    checkStatus(err2, [400], 'x');
    expect(failure(() => checkStatus(err2, [401, 403], 'auth')).failure.documented).toBe('HTTP 401 or 403');
  });
});

describe('media types (TMR-MEDIA-TYPE)', () => {
  const rec = (status: number, contentType: string | undefined, bodyBytes = 10): RecordedExchange => ({
    request: { method: 'POST', url: 'http://t/services/rest/account/a', headers: {} },
    response: {
      status,
      headers: contentType ? { 'content-type': contentType } : {},
      body: 'x',
      bodyBytes,
      truncated: false,
    },
    durationMs: 1,
  });

  test('XML types pass, with a Latin-1 charset label (any alias) on a success', () => {
    checkMediaTypes(
      [
        rec(200, 'text/xml; charset=ISO-8859-1'),
        rec(200, 'application/xml; charset=latin1'),
        rec(200, 'application/vnd.tm+xml'),
        rec(400, 'text/xml; charset=UTF-8'),
      ],
      [],
    );
  });

  test('a non-XML label, a missing one, or a UTF-8 charset on a success fails, each named', () => {
    expect(
      mediaTypeProblems(
        [rec(200, 'text/html; charset=ISO-8859-1'), rec(403, undefined), rec(200, 'text/xml; charset=UTF-8')],
        [],
      ),
    ).toEqual([
      'POST /services/rest/account/a: HTTP 200 labelled text/html; charset=ISO-8859-1 (documented: application/xml, text/xml (or a +xml type))',
      'POST /services/rest/account/a: HTTP 403 has no Content-Type (documented: application/xml, text/xml (or a +xml type))',
      'POST /services/rest/account/a: HTTP 200 labelled charset=UTF-8 (documented: ISO-8859-1)',
    ]);
    expect(failure(() => checkMediaTypes([rec(200, 'application/json')], [])).failure.title).toMatch(
      /1 response/,
    );
  });

  test('isLatin1Label: every WHATWG label of Latin-1; others not', () => {
    for (const label of ['ISO-8859-1', 'ISO8859-1', 'iso_8859-1', 'latin1', 'l1', 'cp819'])
      expect(isLatin1Label(label)).toBe(true);
    for (const label of ['utf-8', 'iso-8859-2', 'no-such-charset']) expect(isLatin1Label(label)).toBe(false);
  });

  test('a legacy label the user accepts passes', () => {
    checkMediaTypes([rec(200, 'text/plain; charset=ISO-8859-1')], ['text/plain']);
  });

  test('empty bodies, redirects, 1xx and transport errors are not judged', () => {
    expect(judgedForMediaType(rec(204, undefined, 0))).toBe(false);
    expect(judgedForMediaType(rec(302, 'text/html'))).toBe(false);
    expect(judgedForMediaType(rec(100, undefined))).toBe(false);
    const { response: _none, ...transport } = rec(200, undefined);
    expect(judgedForMediaType({ ...transport, error: 'ECONNRESET' })).toBe(false);
    expect(judgedForMediaType(rec(404, 'text/html'))).toBe(true);
    checkMediaTypes([rec(302, 'text/html'), rec(204, undefined, 0)], []);
  });
});

describe('two faults at once (TMR-ERROR-COMBINED)', () => {
  const err = (status: number, ...codes: number[]) =>
    exchange(
      status,
      errorBody(`<errors>${codes.map((c) => `<error code="${c}">x</error>`).join('')}</errors>`),
    );

  test('one of the applicable field errors passes; a foreign field code or a success fails', () => {
    checkOneOfErrors(err(400, 4), { codes: [4, 2] }, 'x');
    checkOneOfErrors(err(400, 2, 4), { codes: [4, 2] }, 'x');
    expect(failure(() => checkOneOfErrors(err(400, 5), { codes: [4, 2] }, 'x')).failure.documented).toBe(
      'one of: error 4, error 2',
    );
    expect(failure(() => checkOneOfErrors(err(200, 4), { codes: [4] }, 'x')).failure.title).toMatch(
      /not refused/,
    );
    expect(() => checkOneOfErrors(err(400), { codes: [4] }, 'x')).toThrow(CheckFailure);
  });

  test('a non-field fault: its status (or any refusal when none is named), with no field code', () => {
    checkOneOfErrors(err(403, 403), { codes: [4], nonField: true }, 'x');
    checkOneOfErrors(err(401), { codes: [4], nonField: true }, 'x');
    checkOneOfErrors(err(404, 404), { codes: [4], nonField: true, statuses: [404] }, 'x');
    checkOneOfErrors(err(400, 4), { codes: [4], nonField: true, statuses: [404] }, 'x');
    expect(
      failure(() => checkOneOfErrors(err(403, 404), { codes: [4], nonField: true, statuses: [404] }, 'x'))
        .failure.documented,
    ).toBe('one of: error 4, HTTP 404');
    expect(() => checkOneOfErrors(err(403, 7), { codes: [4], nonField: true }, 'x')).toThrow(CheckFailure);
  });

  test('checkUnchanged names what changed', () => {
    checkUnchanged({ a: '1' }, { a: '1', b: '2' }, ['a'], 'x');
    expect(
      failure(() => checkUnchanged({ a: '1' }, { a: '2' }, ['a'], 'a request')).failure.messages,
    ).toEqual(['a: was "1", now "2"']);
  });
});
