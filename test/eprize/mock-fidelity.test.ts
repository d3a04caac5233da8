// The ePrize mock takes what a real client sends where the page and the wiki allow it (issue 13):
// form POST variables url-encoded or multipart, a charset parameter and any letter case on the
// Content-Type, and Accept negotiated by q-values (JSON only when preferred to XML, by q then by the
// more specific range; none, */* and true ties get the page's XML). Requests built as the clients build them: fetch's FormData, a jQuery-style
// Content-Type, the Accept lines of common HTTP libraries.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start } from '../../mocks/eprize/index.ts';
import { acceptQuality, preferredType } from '../../mocks/server.ts';
import type { RunningMock } from '../../src/types.ts';

let mock: RunningMock;
let apikey: string;
let n = 0;
const email = () => `fidelity.${process.pid}.${++n}@example.com`;

beforeAll(async () => {
  mock = await start();
  apikey = String(mock.alternatives?.open?.apikey);
});
afterAll(() => mock.close());

const createUrl = () => `${mock.url}/v1/${apikey}/profile`;
const form = (pairs: Record<string, string>) => new URLSearchParams(pairs).toString();
/** The open promotion's smallest valid profile: the unique key and the required keys. */
const minimal = (): Record<string, string> => ({
  email: email(),
  ...((mock.alternatives?.open?.requiredKeys as Record<string, string>) ?? {}),
});

describe('request bodies', () => {
  test('multipart/form-data, as fetch, PHP curl and browsers post a form: 201', async () => {
    const body = new FormData();
    for (const [k, v] of Object.entries(minimal())) body.append(k, v);
    const res = await fetch(createUrl(), { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/v1/${apikey}/profile/\\d+$`));
  });

  test('url-encoded with a charset parameter, and with the type in upper case: 201', async () => {
    for (const type of [
      'application/x-www-form-urlencoded; charset=UTF-8',
      'Application/X-WWW-Form-Urlencoded',
    ]) {
      const res = await fetch(createUrl(), {
        method: 'POST',
        headers: { 'content-type': type },
        body: form(minimal()),
      });
      expect(res.status, type).toBe(201);
    }
  });

  test('control: a body of no documented form is still refused (400)', async () => {
    const res = await fetch(createUrl(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'not a key value line',
    });
    expect(res.status).toBe(400);
  });
});

describe('Accept', () => {
  const cases: [string | undefined, 'xml' | 'json'][] = [
    [undefined, 'xml'],
    ['*/*', 'xml'],
    ['application/json', 'json'],
    ['application/json, text/plain, */*', 'json'], // axios
    ['application/xml, text/xml;q=0.9, */*;q=0.1', 'xml'], // the suite
    ['application/json;q=0.5, text/xml', 'xml'],
    ['text/xml;q=0.1, application/json', 'json'],
    ['application/json, application/xml', 'xml'], // a true tie: the page's XML
    ['application/json, */*;q=0.8', 'json'], // requests, undici-style
    ['APPLICATION/JSON', 'json'],
  ];
  for (const [accept, want] of cases) {
    test(`${accept ?? 'no Accept'}: ${want}`, async () => {
      const res = await fetch(createUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(accept === undefined ? {} : { accept }),
        },
        body: form(minimal()),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(want === 'json' ? /^application\/json/ : /xml/);
      const text = await res.text();
      expect(text.trimStart().startsWith(want === 'json' ? '{' : '<?xml')).toBe(true);
    });
  }

  test('acceptQuality: the most specific range decides, q clamped, none accepts all', () => {
    expect(acceptQuality(undefined, 'text/xml')).toBe(1);
    expect(acceptQuality('text/*;q=0.3, */*;q=0.1', 'text/xml')).toBe(0.3);
    expect(acceptQuality('text/xml;q=0, */*', 'text/xml')).toBe(0);
    expect(acceptQuality('*/*;q=0.2, text/xml', 'text/xml')).toBe(1);
    expect(acceptQuality('application/json', 'text/xml')).toBe(0);
    expect(acceptQuality('text/xml;q=7', 'text/xml')).toBe(1);
    expect(acceptQuality('text/xml;q=x', 'text/xml')).toBe(0);
    const offers = ['text/xml', 'application/json'];
    expect(preferredType(undefined, offers)).toBe('text/xml');
    expect(preferredType('application/json, */*', offers)).toBe('application/json');
    expect(preferredType('image/png', offers)).toBeUndefined();
  });
});
