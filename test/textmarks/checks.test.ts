// The TextMarks check functions on hand-built exchanges: each passes a conforming answer and fails a
// broken one with the evidence.

import { describe, expect, test } from 'vitest';
import { CheckFailure, checkFields, checkStatus, listReading } from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import {
  checkCallbackNotEchoed,
  checkCleared,
  checkCombined,
  checkEnvelope,
  checkJsonp,
  checkMediaTypes,
  checkNotWrapped,
  checkPrecedence,
  checkSignature,
  expectRefused,
  expectRescode,
  expectSuccess,
  findRescode,
  findSettings,
  isCleared,
  judgeMediaTypes,
  parseJsonp,
  phoneForms,
  precedenceExpected,
  readLeniently,
  rescodeOf,
  secretsIn,
  settingsOf,
} from '../../suites/textmarks/checks.ts';

function ex(body: string | Buffer, status = 200, contentType = 'application/json'): Exchange {
  return {
    request: { method: 'POST', url: 'http://target/TextMarkManager/set_integration_config/', headers: {} },
    response: {
      status,
      headers: { 'content-type': contentType },
      setCookies: [],
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      truncated: false,
    },
    durationMs: 1,
  };
}

const OK =
  '{"head":{"rescode":0,"resmsg":"OK"},"body":{"group_callback_url":"http://a.example/x","private_token":"t1"}}';
const ERR = '{"head":{"rescode":2011,"resmsg":"ERR_REQUEST_INVALID_TM"},"body":null}';

function failure(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CheckFailure);
    return (err as Error).message;
  }
  throw new Error('expected a CheckFailure');
}

describe('textmarks: lenient reading', () => {
  test('strips a JSON-P wrapper and tolerates trailing commas; finds rescode anywhere', () => {
    const l = readLeniently(ex(`cb_1(${ERR.replace(/}$/, ',}')});`));
    expect(l.callback).toBe('cb_1');
    expect(findRescode(l.value)).toBe(2011);
    expect(rescodeOf(ex('{"response":{"head":{"rescode":"0"}}}'))).toBe(0);
    expect(rescodeOf(ex('<html>nope</html>'))).toBeUndefined();
  });
});

describe('textmarks: rescode checks', () => {
  test('expectSuccess', () => {
    expectSuccess(ex(OK), 'set');
    expect(failure(() => expectSuccess(ex(ERR), 'set'))).toMatch(/not accepted \(rescode 2011\)/);
    expect(failure(() => expectSuccess(ex('<html></html>'), 'set'))).toMatch(/carries no rescode/);
  });
  test('expectRefused', () => {
    expect(expectRefused(ex(ERR), 'foreign tm')).toBe(2011);
    expect(failure(() => expectRefused(ex(OK), 'a wrong password'))).toMatch(/was accepted \(rescode 0\)/);
  });
  test('expectRescode', () => {
    expectRescode(ex(ERR), 2011, 'foreign tm');
    expect(failure(() => expectRescode(ex('{"head":{"rescode":1003}}'), 2011, 'foreign tm'))).toMatch(
      /rescode 1003, not 2011/,
    );
  });
});

describe('textmarks: checkEnvelope', () => {
  test('passes the top-level envelope, success and error', () => {
    checkEnvelope(ex(OK), 'top-level', 'set');
    checkEnvelope(ex(ERR), 'top-level', 'set');
  });
  test('fails a wrapped envelope under the default reading, passes it under "wrapped"', () => {
    const wrapped = ex(`{"response":${OK}}`);
    expect(failure(() => checkEnvelope(wrapped, 'top-level', 'set'))).toMatch(
      /not the documented envelope[\s\S]*head: is required/,
    );
    checkEnvelope(wrapped, 'wrapped', 'set');
    expect(failure(() => checkEnvelope(ex(OK), 'wrapped', 'set'))).toMatch(/response: is required/);
  });
  test('fails JSON-P that was not asked for, naming the callback, with the body as evidence', () => {
    const msg = failure(() => checkEnvelope(ex(`callback(${OK});`), 'top-level', 'set'));
    expect(msg).toMatch(/JSON-P \(callback "callback"\) although no jsonp was asked/);
    expect(msg).toMatch(/body starts "callback\(\{/);
  });
  test('fails invalid JSON and a renamed head', () => {
    expect(failure(() => checkEnvelope(ex('{"head":{"rescode":0,},}'), 'top-level', 'set'))).toMatch(
      /not valid JSON/,
    );
    expect(failure(() => checkEnvelope(ex('{"header":{"rescode":0}}'), 'top-level', 'set'))).toMatch(
      /head: is required/,
    );
    expect(failure(() => checkEnvelope(ex(Buffer.from([0xff, 0xfe, 0x7b])), 'top-level', 'set'))).toMatch(
      /UTF-8/,
    );
  });
});

describe('textmarks: read-back checks', () => {
  test('settingsOf finds the settings at the path, top-level or wrapped', () => {
    expect(settingsOf(ex(OK), 'body', 'read').private_token).toBe('t1');
    expect(settingsOf(ex(`{"response":${OK}}`), 'body', 'read').private_token).toBe('t1');
    expect(failure(() => settingsOf(ex(OK), 'body.config', 'read'))).toMatch(
      /no settings object at body\.config/,
    );
    expect(failure(() => settingsOf(ex('<html>'), 'body', 'read'))).toMatch(/not JSON/);
  });
  test('settings compared by name with the kit (checkFields)', () => {
    const s = { group_callback_url: 'http://a.example/x', private_token: 't1' };
    checkFields(s, { group_callback_url: 'http://a.example/x', private_token: 't1' }, 'differs');
    expect(failure(() => checkFields(s, { private_token: 't2' }, 'differs'))).toMatch(
      /private_token: expected "t2", got "t1"/,
    );
  });
  test('checkCleared and the clearedReadsAs reading', () => {
    for (const v of [undefined, null, ''])
      checkCleared({ group_callback_url: v }, 'group_callback_url', 'empty', 'x');
    expect(isCleared('NONE', 'empty')).toBe(false);
    expect(isCleared('NONE', 'empty-or-NONE')).toBe(true);
    expect(
      failure(() =>
        checkCleared({ group_callback_url: 'NONE' }, 'group_callback_url', 'empty', 'not cleared'),
      ),
    ).toMatch(/not cleared[\s\S]*"NONE"/);
  });
});

describe('textmarks: JSON-P checks', () => {
  test('checkJsonp', () => {
    checkJsonp(ex(`cb_9(${OK})`), 'cb_9', 'set');
    checkJsonp(ex(`cb_9(${ERR});`), 'cb_9', 'set');
    expect(failure(() => checkJsonp(ex(OK), 'cb_9', 'set'))).toMatch(/not wrapped in cb_9\(…\)/);
    expect(failure(() => checkJsonp(ex('cb_9("hello")'), 'cb_9', 'set'))).toMatch(
      /does not hold the envelope/,
    );
  });
  test("checkJsonp accepts Express's res.jsonp form: /**/, a typeof guard or a plain guard", () => {
    checkJsonp(ex(`/**/ typeof cb_9 === 'function' && cb_9(${OK});`), 'cb_9', 'set');
    checkJsonp(ex(`/**/ typeof cb_9 === "function" && cb_9(${ERR})`), 'cb_9', 'set');
    checkJsonp(ex(`/**/cb_9(${OK});`), 'cb_9', 'set');
    checkJsonp(ex(`cb_9 && cb_9(${ERR});`), 'cb_9', 'set');
    expect(parseJsonp(`/**/ typeof cb === 'function' && cb(${OK});`)).toEqual({ callback: 'cb', inner: OK });
    expect(rescodeOf(ex(`/**/ typeof cb === 'function' && cb(${ERR});`))).toBe(2011);
  });
  test('checkJsonp fails a body that is not JSON-P on the callback asked for', () => {
    expect(failure(() => checkJsonp(ex(`${OK};`), 'cb_9', 'set'))).toMatch(/not wrapped in cb_9\(…\)/);
    expect(failure(() => checkJsonp(ex(`other(${OK});`), 'cb_9', 'set'))).toMatch(/not wrapped/);
    expect(
      failure(() => checkJsonp(ex(`/**/ typeof other === 'function' && cb_9(${OK});`), 'cb_9', 'set')),
    ).toMatch(/not wrapped/);
    expect(failure(() => checkJsonp(ex(`cb_9 + cb_9(${OK});`), 'cb_9', 'set'))).toMatch(/not wrapped/);
    expect(parseJsonp(OK)).toBeUndefined();
  });
  test('checkNotWrapped', () => {
    checkNotWrapped(ex(OK), 'blank jsonp');
    expect(failure(() => checkNotWrapped(ex(`(${OK});`), 'blank jsonp'))).toMatch(/wrapped in a callback/);
  });
  test('checkCallbackNotEchoed', () => {
    const hostile = 'alert(document.domain);x';
    checkCallbackNotEchoed(
      ex('{"head":{"rescode":1004,"resmsg":"Invalid JSON-P callback name."}}'),
      hostile,
      'x',
    );
    expect(failure(() => checkCallbackNotEchoed(ex(`${hostile}(${OK});`), hostile, 'x'))).toMatch(
      /echoed raw/,
    );
  });
});

describe('textmarks: secrets learned from the read-back', () => {
  test('secretsIn: every string of 3+ characters under a key naming a secret, anywhere', () => {
    const got = secretsIn({
      head: { rescode: 0, resmsg: 'OK' },
      body: {
        tm: 'MYTM',
        group_callback_url: 'http://a.example/x',
        private_token: 'tok-1',
        nested: { API_Key: 'k-123', Secret: ['s-1', 's-2', 'ab'], passphrase: { v: 'pp-1' } },
        password: 'x',
      },
    });
    expect(got.sort()).toEqual(['k-123', 'pp-1', 's-1', 's-2', 'tok-1']);
    expect(secretsIn('tok-1')).toEqual([]);
    expect(secretsIn(null)).toEqual([]);
  });
});

describe('textmarks: status and signature', () => {
  test('the error status with the kit (checkStatus)', () => {
    checkStatus(ex(ERR, 200), 200, 'an error');
    expect(failure(() => checkStatus(ex(ERR, 400), 200, 'an error'))).toMatch(/HTTP 400/);
  });
  test('checkSignature', () => {
    checkSignature('abc', 'abc', 'callback');
    expect(failure(() => checkSignature(null, 'abc', 'callback'))).toMatch(/no \\s value/);
    expect(failure(() => checkSignature('abd', 'abc', 'callback'))).toMatch(/not the signature/);
  });
});

describe('textmarks: readbackPath = auto', () => {
  test('finds the settings in body, deeper, or not at all', () => {
    expect(settingsOf(ex(OK), 'auto', 'read').private_token).toBe('t1');
    const deep = '{"head":{"rescode":0},"body":{"tm":"X","config":{"group_callback_url":""}}}';
    expect(settingsOf(ex(deep), 'auto', 'read')).toEqual({ group_callback_url: '' });
    expect(findSettings({ a: [{ private_token: 'p' }] })).toEqual({ private_token: 'p' });
    expect(failure(() => settingsOf(ex('{"head":{"rescode":0},"body":{"tm":"X"}}'), 'auto', 'read'))).toMatch(
      /no object with group_callback_url or private_token/,
    );
  });
});

describe('textmarks: phone forms', () => {
  test('digits alone, and +digits only when written with a country code', () => {
    expect(phoneForms('+1 415-555-0100')).toEqual(['14155550100', '+14155550100']);
    expect(phoneForms('(415) 555-0100')).toEqual(['4155550100']);
    expect(phoneForms('4155550100')).toEqual([]);
    expect(phoneForms('+14155550100')).toEqual(['14155550100']);
  });
});

describe('textmarks: two faults at once', () => {
  const alone = { auth: 1003, tm: 2011 };
  test('checkCombined: refused with the code of one of the faults', () => {
    expect(checkCombined(ex('{"head":{"rescode":1003}}'), alone, 'pair')).toBe(1003);
    expect(checkCombined(ex(ERR), alone, 'pair')).toBe(2011);
    expect(failure(() => checkCombined(ex('{"head":{"rescode":1099}}'), alone, 'pair'))).toMatch(
      /rescode 1099 is not the code of either fault[\s\S]*auth 1003, tm 2011/,
    );
    expect(failure(() => checkCombined(ex(OK), alone, 'pair'))).toMatch(/was accepted/);
  });
  test('precedence: the kind first in the order wins; equal codes cannot be judged', () => {
    expect(precedenceExpected(alone, ['missing', 'auth', 'tm'])).toBe(1003);
    expect(precedenceExpected(alone, ['tm', 'auth'])).toBe(2011);
    expect(precedenceExpected(alone, ['missing'])).toBe(1003);
    expect(precedenceExpected({ missing: 1001, auth: 1001 }, ['auth'])).toBeUndefined();
    checkPrecedence(ex('{"head":{"rescode":1003}}'), alone, ['auth', 'tm'], 'pair');
    checkPrecedence(ex('{"head":{"rescode":7}}'), { missing: 1001, auth: 1001 }, ['auth'], 'pair');
    expect(failure(() => checkPrecedence(ex(ERR), alone, ['auth', 'tm'], 'pair'))).toMatch(
      /rescode 2011, not 1003/,
    );
  });
});

describe('textmarks: media types of every response seen', () => {
  const rec = (body: string, type: string | undefined, status = 200): RecordedExchange => ({
    request: { method: 'POST', url: 'http://t/TextMarkManager/set_integration_config/', headers: {} },
    response: {
      status,
      headers: type ? { 'content-type': type } : {},
      body,
      bodyBytes: body.length,
      truncated: false,
    },
    durationMs: 1,
  });
  const opts = { jsonp: 'unchecked' as const, accept: [] as string[] };
  test('JSON labelled application/json (any charset) or +json passes', () => {
    const j = judgeMediaTypes(
      [
        rec(OK, 'application/json; charset=utf-8'),
        rec(ERR, 'application/problem+json'),
        rec(OK, 'Application/JSON'),
      ],
      opts,
    );
    expect(j.judged).toBe(3);
    checkMediaTypes(j);
  });
  test('JSON labelled text/html or with no type fails, naming the request', () => {
    const j = judgeMediaTypes([rec(OK, 'text/html; charset=utf-8'), rec(ERR, undefined)], opts);
    expect(failure(() => checkMediaTypes(j))).toMatch(
      /2 kind\(s\)[\s\S]*POST \/TextMarkManager\/set_integration_config\/: HTTP 200 labelled text\/html[\s\S]*has no Content-Type/,
    );
  });
  test('a legacy label the user accepts passes', () => {
    checkMediaTypes(
      judgeMediaTypes([rec(OK, 'text/plain')], { ...opts, accept: listReading(' text/plain , text/html') }),
    );
    expect(listReading('')).toEqual([]);
  });
  test('JSON-P is judged only under jsonpMediaType = script', () => {
    const jsonp = [
      rec(`cb(${OK});`, 'application/json'),
      rec(`/**/ typeof cb === 'function' && cb(${OK});`, 'text/javascript'),
    ];
    const off = judgeMediaTypes(jsonp, opts);
    expect([off.judged, off.skipped.length]).toEqual([0, 2]);
    const on = judgeMediaTypes(jsonp, { ...opts, jsonp: 'script' });
    expect(on.judged).toBe(2);
    expect(failure(() => checkMediaTypes(on))).toMatch(
      /labelled application\/json \(documented: a script type/,
    );
  });
  test('transport errors, redirects, empty and non-JSON bodies are not judged', () => {
    const none: RecordedExchange = {
      request: { method: 'POST', url: 'http://t/x', headers: {} },
      error: 'reset',
      durationMs: 1,
    };
    const j = judgeMediaTypes(
      [none, rec('', 'text/html', 302), rec('', undefined), rec('<html>oops</html>', 'text/html', 500)],
      opts,
    );
    expect([j.judged, j.problems]).toEqual([0, []]);
    expect(j.skipped).toEqual(['POST HTTP 500: body neither JSON nor JSON-P']);
  });
});
