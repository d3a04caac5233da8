// Sociotoco checks on hand-built exchanges: each passes on a conformant answer and fails, with the
// evidence, on a broken one; the lenient readers find what they need in either format.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CheckFailure, checkStatus } from '../../src/check.ts';
import type { RecordedExchange } from '../../src/types.ts';
import {
  checkAddedProfiles,
  checkErrorCode,
  checkErrorEnvelope,
  checkFormat,
  checkMediaTypes,
  checkNameAsExample,
  checkOneOfCodes,
  checkReadback,
  checkRefused,
  checkSetId,
  checkSuccessShape,
  checkUnchanged,
  checkVersionIncreased,
  errorCodeOf,
  evidence,
  isErrorAnswer,
  mediaTypeProblems,
  readBody,
  representationOf,
  type SetView,
  setOf,
} from '../../suites/sociotoco/checks.ts';
import { exchange } from '../exchange.ts';

const file = (name: string) =>
  readFileSync(new URL(`../../schemas/sociotoco/examples/${name}`, import.meta.url), 'utf8');
const XML = file('setprofiles-response.xml');
const JSON_BODY = file('setprofiles-response.json');
const SID = '89c13185-8756-4577-935d-c3e83e6e77ce';
const P1 = '5B2C22279AA3A4E7D4176F3ED1ED29D7';
const P2 = '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE';

const ok = (body: string, status = 200) =>
  exchange(status, body, {}, { method: 'GET', url: 'http://t/rest?x' });
const xmlError = (code: number | string, status = 200) =>
  ok(
    `<?xml version="1.0" encoding="utf-8"?>\n<response>\n <error code="${code}">Message.</error>\n</response>`,
    status,
  );
const jsonError = (code: unknown, status = 200) =>
  ok(JSON.stringify({ response: { error: { code, message: 'Message.' } } }), status);
const html = ok('<!doctype html><html><body><h1>Welcome</h1></body></html>');

function failure(f: () => void): CheckFailure {
  try {
    f();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw e;
  }
  throw new Error('the check passed');
}

describe('sociotoco: lenient readers', () => {
  test('readBody: XML and JSON by content; HTML, garbage and empty bodies are unreadable', () => {
    expect(readBody(ok(XML)).kind).toBe('xml');
    expect(readBody(ok(`\n  ${JSON_BODY}`)).kind).toBe('json');
    expect(readBody(ok('{"response": ')).kind).toBe('unreadable');
    expect(readBody(exchange(200, Buffer.from([0xff, 0xfe, 0x00, 0x7b]))).kind).toBe('unreadable');
    expect(readBody(ok('')).kind).toBe('unreadable');
  });

  test('errorCodeOf: attribute, element, number or numeric string; none in a success', () => {
    expect(errorCodeOf(xmlError(210))).toBe(210);
    expect(errorCodeOf(jsonError(210))).toBe(210);
    expect(errorCodeOf(jsonError('210'))).toBe(210);
    expect(errorCodeOf(ok('<response><error><code>304</code><message>m</message></error></response>'))).toBe(
      304,
    );
    expect(errorCodeOf(ok(XML))).toBeUndefined();
    expect(errorCodeOf(html)).toBeUndefined();
  });

  test('isErrorAnswer: a code in the body, or a status that is not 2xx', () => {
    expect(isErrorAnswer(xmlError(100))).toBe(true);
    expect(isErrorAnswer(ok('nope', 500))).toBe(true);
    expect(isErrorAnswer(ok(XML))).toBe(false);
  });

  test('setOf: the set of either example; refused, unreadable or set-less answers fail with evidence', () => {
    const x = setOf(ok(XML), 'x');
    expect(x).toEqual({ sociotocoId: SID, version: 1, name: '', profiles: [P1, P2] });
    const j = setOf(ok(JSON_BODY), 'j');
    expect(j).toEqual({ sociotocoId: SID, version: 1, name: null, profiles: [P2, P1] });
    expect(
      setOf(
        ok(XML.replace('<profile id="5B2C22279AA3A4E7D4176F3ED1ED29D7">', `<profile><id>${P1}</id>`)),
        'x',
      ).profiles,
    ).toEqual([P1, P2]);
    expect(failure(() => setOf(xmlError(210), 'the call')).failure.received).toMatch(
      /error 210 SignatureInvalid/,
    );
    expect(failure(() => setOf(ok(XML, 500), 'the call')).failure.title).toBe('the call was not accepted');
    expect(failure(() => setOf(html, 'the call')).failure.title).toMatch(/no sociotocoSet|neither/);
    expect(failure(() => setOf(ok('<response><other/></response>'), 'the call')).failure.title).toMatch(
      /no sociotocoSet/,
    );
  });

  test('setOf: a sets.get answer may carry version and profiles directly under response', () => {
    const x = ok(
      `<response><version>4</version><profiles><profile id="${P1}"/><profile id="${P2}"/></profiles></response>`,
    );
    expect(setOf(x, 'get', 'profiles')).toEqual({ version: 4, profiles: [P1, P2] });
    const j = ok(JSON.stringify({ response: { version: 5, profiles: [{ id: P2 }, P1] } }));
    expect(setOf(j, 'get', 'profiles')).toEqual({ version: 5, profiles: [P2, P1] });
    const csv = ok(JSON.stringify({ response: { version: 6, profiles: `${P1},${P2}` } }));
    expect(setOf(csv, 'get', 'profiles').profiles).toEqual([P1, P2]);
    // Only for sets.get: a setProfiles answer still needs its sociotocoSet.
    expect(failure(() => setOf(j, 'setProfiles')).failure.title).toMatch(/no sociotocoSet/);
    expect(failure(() => setOf(ok('{"response":{"other":1}}'), 'get', 'profiles')).failure.title).toMatch(
      /no sociotocoSet/,
    );
  });
});

describe('sociotoco: error checks', () => {
  test('checkErrorCode: the right code passes in both formats; another code or a success fails', () => {
    checkErrorCode(xmlError(406), 406, 'r');
    checkErrorCode(jsonError(406), 406, 'r');
    const f = failure(() => checkErrorCode(xmlError(403), 402, 'bad sid'));
    expect(f.failure.received).toMatch(/error 403 SociotocoSetNotFound/);
    expect(f.failure.documented).toBe('error 402 SociotocoIdInvalid');
    expect(failure(() => checkErrorCode(ok(XML), 210, 'r')).failure.received).toMatch(/no error code/);
  });

  test('checkOneOfCodes: any code that applies, or only the first under page order', () => {
    checkOneOfCodes(xmlError(101), [100, 101], 'r');
    checkOneOfCodes(xmlError(100), [100], 'r');
    expect(failure(() => checkOneOfCodes(xmlError(101), [100], 'r')).failure.documented).toBe(
      'error 100 KeyMissing',
    );
    expect(() => checkOneOfCodes(xmlError(200), [100, 101], 'r')).toThrow(CheckFailure);
  });

  test('checkRefused: any error code passes; a success or a body without a code fails', () => {
    checkRefused(xmlError(210), 'r');
    checkRefused(jsonError(999), 'r');
    expect(failure(() => checkRefused(ok(XML), 'no time')).failure.title).toBe('no time: not refused');
    expect(() => checkRefused(ok('nope', 400), 'r')).toThrow(CheckFailure);
  });

  test('checkErrorEnvelope: the documented envelopes pass; moved or string codes fail', () => {
    checkErrorEnvelope(xmlError(210), 'xml', 'r');
    checkErrorEnvelope(jsonError(210), 'json', 'r');
    expect(
      failure(() =>
        checkErrorEnvelope(
          ok('<response><error><code>210</code><message>m</message></error></response>'),
          'xml',
          'r',
        ),
      ).failure.messages?.join(),
    ).toMatch(/@code: is required/);
    expect(failure(() => checkErrorEnvelope(jsonError('210'), 'json', 'r')).failure.messages?.join()).toMatch(
      /code: must be integer/,
    );
    expect(failure(() => checkErrorEnvelope(xmlError(210), 'json', 'r')).failure.title).toMatch(/not JSON/);
  });

  test('checkStatus (from the kit, as the suite calls it): the configured status passes, another fails with the evidence', () => {
    const opts = { received: evidence, documented: 'HTTP 400 (readings.errorStatus)' };
    checkStatus(xmlError(210, 400), [400], 'r', opts);
    const f = failure(() => checkStatus(xmlError(210, 200), [400], 'r', opts)).failure;
    expect(f.received).toMatch(/^HTTP 200.*body starts/);
    expect(f.documented).toBe('HTTP 400 (readings.errorStatus)');
  });
});

describe('sociotoco: format and shape checks', () => {
  test('checkFormat: XML for XML, JSON for JSON; the other format fails with the body as evidence', () => {
    checkFormat(ok(XML), 'xml', 'r');
    checkFormat(ok(JSON_BODY), 'json', 'r');
    const f = failure(() => checkFormat(ok(XML), 'json', 'format=json'));
    expect(f.failure.title).toBe('format=json: the answer is not JSON');
    expect(f.failure.received).toMatch(/^XML: .*body starts "<\?xml/);
    expect(failure(() => checkFormat(html, 'xml', 'r')).failure.received).toMatch(/Welcome/);
  });

  test("checkSuccessShape: each example passes in its format; a broken one fails with ajv's message", () => {
    checkSuccessShape(ok(XML), 'xml');
    checkSuccessShape(ok(JSON_BODY), 'json');
    expect(
      failure(() => checkSuccessShape(ok(JSON_BODY.replace('"name":null,', '')), 'json')).failure.messages,
    ).toContain('response.sociotocoSet.name: is required');
    expect(
      failure(() =>
        checkSuccessShape(ok(XML.replace('version="1"', 'version="v1"')), 'xml'),
      ).failure.messages?.join(),
    ).toMatch(/@version: must match pattern/);
  });

  test('checkNameAsExample: <name /> and null pass; a name or "" fails', () => {
    checkNameAsExample(ok(XML), 'xml');
    checkNameAsExample(ok(JSON_BODY), 'json');
    expect(
      failure(() => checkNameAsExample(ok(JSON_BODY.replace('"name":null', '"name":""')), 'json')).failure
        .received,
    ).toBe('""');
    expect(() => checkNameAsExample(ok(XML.replace('<name />', '<name>x</name>')), 'xml')).toThrow(
      CheckFailure,
    );
  });
});

describe('sociotoco: behaviour checks', () => {
  const view = (profiles: string[], version = 3, sociotocoId = SID): SetView => ({
    sociotocoId,
    version,
    profiles,
  });

  test('checkSetId: the same UUID in any case passes; any other sid must come back exactly', () => {
    checkSetId(view([]), SID.toUpperCase(), 'r');
    checkSetId(view([], 1, 'set-42'), 'set-42', 'r');
    expect(() => checkSetId(view([], 1, 'SET-42'), 'set-42', 'r')).toThrow(CheckFailure);
    expect(() => checkSetId(view([], 1, 'set-43'), 'set-42', 'r')).toThrow(CheckFailure);
    expect(
      failure(() => checkSetId(view([], 1, '00000000-0000-4000-8000-000000000000'), SID, 'r')).failure
        .received,
    ).toMatch(/00000000/);
  });

  const REPLACE = { semantics: 'replace', listing: 'sent' } as const;
  const ADD = { semantics: 'add', listing: 'sent' } as const;
  const NEWLY = { semantics: 'replace', listing: 'newly-added' } as const;

  test('checkAddedProfiles, replace: every profile sent, in any order and case; a missing or extra one fails', () => {
    checkAddedProfiles(view([P2, P1.toLowerCase()]), [P1, P2], undefined, REPLACE, 'r');
    // Under the default listing, profiles already in the set are still listed.
    checkAddedProfiles(view([P1, P2]), [P1, P2], [P1], REPLACE, 'r');
    expect(
      failure(() => checkAddedProfiles(view([P1]), [P1, P2], undefined, REPLACE, 'r')).failure.messages,
    ).toEqual([`${P2}: sent but not listed`]);
    expect(() => checkAddedProfiles(view([P1, 'FFFF']), [P1], undefined, REPLACE, 'r')).toThrow(CheckFailure);
  });

  test('checkAddedProfiles, newly-added: exactly the profiles sent that were not in the set before', () => {
    checkAddedProfiles(view([P2]), [P1, P2], [P1], NEWLY, 'r');
    checkAddedProfiles(view([]), [P1], [P1.toLowerCase()], NEWLY, 'r');
    expect(failure(() => checkAddedProfiles(view([]), [P1, P2], [P1], NEWLY, 'r')).failure.messages).toEqual([
      `${P2}: sent but not listed`,
    ]);
    expect(
      failure(() => checkAddedProfiles(view([P1, P2]), [P1, P2], [P1], NEWLY, 'r')).failure.messages,
    ).toEqual([`${P1}: listed but was in the set before`]);
    expect(() => checkAddedProfiles(view([P2]), [P1, P2], undefined, NEWLY, 'r')).toThrow(/before the call/);
  });

  test('checkAddedProfiles, add: every profile new to the set, perhaps the others sent, nothing else', () => {
    checkAddedProfiles(view([P2]), [P2, P1], [P1], ADD, 'r');
    checkAddedProfiles(view([P2, P1]), [P2, P1], [P1], ADD, 'r');
    // A target that always answers an empty list fails as soon as something new was sent.
    expect(failure(() => checkAddedProfiles(view([]), [P2, P1], [P1], ADD, 'r')).failure.messages).toEqual([
      `${P2}: sent but not listed`,
    ]);
    expect(() => checkAddedProfiles(view([P2, 'FFFF']), [P2], [], ADD, 'r')).toThrow(CheckFailure);
  });

  test('checkVersionIncreased: a larger version passes; the same or none fails', () => {
    checkVersionIncreased(view([], 1), view([], 2));
    expect(failure(() => checkVersionIncreased(view([], 2), view([], 2))).failure.received).toBe(
      'version 2, then 2',
    );
    expect(() => checkVersionIncreased({ profiles: [] }, view([], 2))).toThrow(CheckFailure);
  });

  test('checkReadback: the profiles set at that version or later; stale lists or versions fail', () => {
    checkReadback(view([P2, P1], 4), [P1, P2], 4, 'replace');
    checkReadback(view([P1, P2, 'FFFF'], 5), [P1], 4, 'add');
    expect(failure(() => checkReadback(view([P1], 4), [P1, P2], 4, 'replace')).failure.messages).toEqual([
      `${P2}: set but not read back`,
    ]);
    expect(failure(() => checkReadback(view([P1], 3), [P1], 4, 'replace')).failure.messages?.join()).toMatch(
      /older than the 4/,
    );
  });

  test('checkUnchanged: the same set passes; another version or list fails', () => {
    checkUnchanged(view([P1, P2], 3), view([P2, P1], 3));
    expect(failure(() => checkUnchanged(view([P1, P2], 3), view([P1], 4))).failure.messages).toHaveLength(2);
  });
});

describe('sociotoco: media types (SOC-MEDIA-TYPE)', () => {
  const rec = (status: number, body: string, contentType?: string): RecordedExchange => ({
    request: { method: 'GET', url: 'http://t/services/1.1/rest?method=x', headers: {} },
    response: {
      status,
      headers: contentType ? { 'content-type': contentType } : {},
      body,
      bodyBytes: Buffer.byteLength(body),
      truncated: false,
    },
    durationMs: 1,
  });

  test('representationOf: by content; empty bodies, redirects, HTML pages and transport errors are not judged', () => {
    expect(representationOf(rec(200, XML))).toBe('xml');
    expect(representationOf(rec(200, `\uFEFF ${JSON_BODY}`))).toBe('json');
    expect(representationOf(rec(200, ''))).toBeUndefined();
    expect(representationOf(rec(302, XML))).toBeUndefined();
    expect(representationOf(rec(404, '<!DOCTYPE html><html><body>x</body></html>'))).toBeUndefined();
    expect(representationOf(rec(200, 'garbage'))).toBeUndefined();
    expect(
      representationOf({ request: rec(200, '').request, error: 'ECONNRESET', durationMs: 1 }),
    ).toBeUndefined();
  });

  test('the documented labels pass, with or without charset; the XML charset must be utf-8', () => {
    checkMediaTypes(
      [
        rec(200, XML, 'text/xml; charset=utf-8'),
        rec(200, XML, 'application/xml'),
        rec(200, JSON_BODY, 'application/json; charset=utf-8'),
        rec(200, JSON_BODY, 'application/vnd.sociotoco+json'),
        rec(200, '', 'text/html'),
      ],
      [],
    );
    const p = mediaTypeProblems(
      [
        rec(200, XML, 'text/xml; charset=iso-8859-1'),
        rec(200, JSON_BODY, 'text/plain'),
        rec(200, JSON_BODY, 'text/plain'),
        rec(200, XML),
      ],
      [],
    );
    expect(p.judged).toBe(4);
    expect(p.problems).toHaveLength(3);
    expect(p.problems.join()).toMatch(/charset=iso-8859-1/);
    expect(p.problems.join()).toMatch(/labelled text\/plain/);
    expect(p.problems.join()).toMatch(/no Content-Type/);
  });

  test('a legacy label the user accepts passes; nothing to judge fails', () => {
    checkMediaTypes([rec(200, JSON_BODY, 'text/plain')], ['text/plain']);
    expect(
      failure(() => checkMediaTypes([rec(200, JSON_BODY, 'text/plain')], [])).failure.messages?.join(),
    ).toMatch(/text\/plain/);
    expect(failure(() => checkMediaTypes([rec(200, '')], [])).failure.title).toMatch(/no answer/);
  });
});
