// The iService checks of two faults at once and of media types, on hand-built exchanges: each passes
// on what the page (or related.txt) allows and fails (CheckFailure) on what it does not.

import { describe, expect, test } from 'vitest';
import { CheckFailure, listReading } from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import {
  type Contact,
  checkComboRefused,
  checkSameError,
  checkUnchanged,
  contactChanges,
  mediaTypeProblems,
} from '../../suites/iservice/checks.ts';

function ex(status: number, body: unknown, contentType = 'application/json'): Exchange {
  return {
    request: { method: 'POST', url: 'http://t/f/webapp-api-custinfo?api=setdetails', headers: {} },
    response: {
      status,
      headers: { 'content-type': contentType },
      setCookies: [],
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
      truncated: false,
    },
    durationMs: 1,
  };
}

function rec(status: number, body: string, contentType?: string): RecordedExchange {
  return {
    request: { method: 'POST', url: 'http://t/f/webapp-api-custinfo?api=details', headers: {} },
    response: {
      status,
      headers: contentType ? { 'content-type': contentType } : {},
      body,
      bodyBytes: Buffer.byteLength(body),
      truncated: false,
    },
    durationMs: 1,
  };
}

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

const contact: Contact = {
  properties: [{ propertyID: '1', propertyName: 'First Name', values: ['Jane'] }],
  logins: [{ name: 'jane@example.com', type: 'Email' }],
  membership: ['2', '5'],
};

describe('iservice: two faults at once', () => {
  test('checkComboRefused: any refusal counts, an acceptance fails', () => {
    expect(checkComboRefused(ex(200, { errors: ['Not logged in'], errorDetails: [] }), 'x')).toMatch(
      /Not logged in/,
    );
    checkComboRefused(ex(401, ''), 'x');
    checkComboRefused(ex(302, ''), 'x');
    checkComboRefused(ex(403, { errors: [], errorDetails: [] }), 'x');
    fails(
      () => checkComboRefused(ex(200, { errors: [], errorDetails: [] }), 'the combined update'),
      /accepted/,
    );
  });

  test('contactChanges / checkUnchanged see a property, a login or a segment that changed', () => {
    const same: Contact = {
      ...contact,
      logins: [{ name: 'jane@example.com', type: 'email' }],
      membership: ['5', '2'],
    };
    expect(contactChanges(contact, same, ['1'])).toEqual([]);
    checkUnchanged(contact, same, ['1'], 'x');
    const changed: Contact = {
      properties: [{ propertyID: '1', propertyName: 'First Name', values: ['Intruder'] }],
      logins: [...(contact.logins ?? []), { name: 'new@example.com', type: 'Email' }],
      membership: ['2'],
    };
    expect(contactChanges(contact, changed, ['1'])).toHaveLength(3);
    // Properties not asked about are not compared.
    expect(contactChanges(contact, changed, [])).toHaveLength(2);
    fails(() => checkUnchanged(contact, changed, ['1'], 'changed'), /changed/);
  });

  test('checkSameError compares the status and the error messages', () => {
    const alone = ex(200, { errors: ['Access denied'], errorDetails: ['contactID 467'] });
    checkSameError(ex(200, { errors: ['Access denied'], errorDetails: ['other'] }), alone, 'x', 'access');
    fails(
      () => checkSameError(ex(200, { errors: ['setLogins must be a boolean'] }), alone, 'x', 'access'),
      /not the one access alone gets/,
    );
    fails(() => checkSameError(ex(403, { errors: ['Access denied'] }), alone, 'x', 'access'));
    checkSameError(ex(401, ''), ex(401, ''), 'x', 'no session');
  });
});

describe('iservice: media types', () => {
  test('listReading reads a comma-separated reading', () => {
    expect(listReading('')).toEqual([]);
    expect(listReading(' Text/Plain, text/html ,')).toEqual(['text/plain', 'text/html']);
  });

  test('JSON answers must be labelled JSON; the rest is not judged', () => {
    const ok = mediaTypeProblems(
      [
        rec(200, '{"errors":[]}', 'application/json; charset=utf-8'),
        rec(200, '{"errors":[]}', 'application/vnd.iservice+json'),
        rec(401, ''),
        rec(302, '{"errors":[]}', 'text/html'),
        rec(403, '<html>Forbidden</html>', 'text/html'),
        { request: { method: 'POST', url: 'http://t/f/x', headers: {} }, error: 'ECONNRESET', durationMs: 1 },
      ],
      [],
    );
    expect(ok).toEqual({ problems: [], judged: 2, skipped: 4 });
    const bad = mediaTypeProblems(
      [rec(200, '{"errors":[]}', 'text/html'), rec(200, '{"errors":[]}'), rec(200, '[]', 'text/plain')],
      [],
    );
    expect(bad.judged).toBe(3);
    expect(bad.problems).toHaveLength(3);
    expect(bad.problems[0]).toMatch(/labelled text\/html/);
    expect(bad.problems[1]).toMatch(/no Content-Type/);
    // A legacy label the user accepts (readings.legacyMediaTypes).
    expect(mediaTypeProblems([rec(200, '[]', 'Text/Plain; charset=utf-8')], ['text/plain']).problems).toEqual(
      [],
    );
  });
});
