// The check kit vendors share (src/check.ts): status, fields, 2xx, unique values, media types.
import { describe, expect, test } from 'vitest';
import {
  type CheckFailure,
  checkFields,
  checkStatus,
  fieldDiff,
  is2xx,
  mediaTypeProblem,
  uniqueValues,
} from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import { readingDefaults } from '../../src/vendor.ts';

const ex = (status: number, contentType?: string): Exchange => ({
  request: { method: 'POST', url: 'http://h/x/y?z=1', headers: {} },
  response: {
    status,
    headers: contentType ? { 'content-type': contentType } : {},
    setCookies: [],
    body: Buffer.from('{}'),
    truncated: false,
  },
  durationMs: 1,
});

describe('check kit', () => {
  test('checkStatus fails with what was received and what is documented', () => {
    expect(() => checkStatus(ex(200), [200, 201], 'ok')).not.toThrow();
    try {
      checkStatus(ex(500, 'text/html'), 201, 'a create was not answered 201');
      expect.unreachable();
    } catch (e) {
      expect((e as CheckFailure).failure).toMatchObject({
        title: 'a create was not answered 201',
        received: 'HTTP 500 (text/html), 2 bytes',
        documented: 'HTTP 201',
      });
    }
    expect(is2xx(ex(204))).toBe(true);
    expect(is2xx(ex(302))).toBe(false);
  });
  test('fields are compared by name; a missing one is named in the vendor terms', () => {
    expect(fieldDiff({ a: '1', b: '2' }, { b: '2', a: '1' })).toEqual([]);
    expect(fieldDiff({ a: '1' }, { a: '2', c: 'x' }, { missing: 'no element' })).toEqual([
      'a: expected "2", got "1"',
      'c: expected "x", got no element',
    ]);
    expect(() => checkFields({ a: '1' }, { a: '2' }, 'changed')).toThrow(/changed/);
  });
  test('unique values carry the run id and never repeat', () => {
    const u = uniqueValues('r1');
    expect([u.next(), u.next('co'), u.serial()]).toEqual(['conformance r1 1', 'co r1 2', 3]);
  });
  test('media types: JSON, XML, JSON-P families, a legacy label the user accepts, the declared charset', () => {
    expect(mediaTypeProblem(ex(200, 'application/json; charset=utf-8'), 'json')).toBeUndefined();
    expect(mediaTypeProblem(ex(200, 'application/problem+json'), 'json')).toBeUndefined();
    expect(mediaTypeProblem(ex(200, 'text/html'), 'json')).toMatch(
      /POST \/x\/y: HTTP 200 labelled text\/html/,
    );
    expect(mediaTypeProblem(ex(200, 'text/html'), 'json', { accept: ['TEXT/HTML'] })).toBeUndefined();
    expect(
      mediaTypeProblem(ex(200, 'text/xml; charset=ISO-8859-1'), 'xml', { charset: 'iso-8859-1' }),
    ).toBeUndefined();
    expect(mediaTypeProblem(ex(200, 'text/xml; charset=utf-8'), 'xml', { charset: 'ISO-8859-1' })).toMatch(
      /charset=utf-8 \(documented: ISO-8859-1\)/,
    );
    expect(mediaTypeProblem(ex(200, 'application/javascript'), 'jsonp')).toBeUndefined();
    expect(mediaTypeProblem(ex(200), 'xml')).toMatch(/has no Content-Type/);
  });
  test('reading defaults are typed from the table', () => {
    const table = [
      {
        id: 'O1',
        kind: 'open-point',
        title: 't',
        quotes: [],
        configKey: 'auth',
        default: 'params',
        options: [
          { value: 'params', description: '' },
          { value: 'basic', description: '' },
        ],
      },
    ] as const;
    const d: { auth: 'params' | 'basic' } = readingDefaults(table);
    expect(d).toEqual({ auth: 'params' });
    const free = [
      {
        id: 'O2',
        kind: 'open-point',
        title: 't',
        quotes: [],
        configKey: 'status',
        default: 400,
        freeForm: true,
        options: [{ value: 400, description: '' }],
      },
    ] as const;
    const f: { status: number } = readingDefaults(free);
    f.status = 422;
    expect(f.status).toBe(422);
  });
});
