// The page's examples validate against the iService schemas, and mutations of them do not (with the
// validator's message); the mock's answers and its target config fit the schemas too.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { start } from '../../mocks/iservice/index.ts';
import detailsResponseSchema from '../../schemas/iservice/details-response.schema.json' with { type: 'json' };
import errorSchema from '../../schemas/iservice/error-response.schema.json' with { type: 'json' };
import loginFailureSchema from '../../schemas/iservice/login-failure.schema.json' with { type: 'json' };
import loginSuccessSchema from '../../schemas/iservice/login-success.schema.json' with { type: 'json' };
import requestSchema from '../../schemas/iservice/setdetails-request.schema.json' with { type: 'json' };
import responseSchema from '../../schemas/iservice/setdetails-response.schema.json' with { type: 'json' };
import successSchema from '../../schemas/iservice/success-response.schema.json' with { type: 'json' };
import configSchema from '../../schemas/iservice/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';

/**
 * The page renders the examples' indentation with no-break spaces (U+00A0), which JSON does not take
 * as whitespace: the files keep them verbatim and are read with them turned into spaces (no string
 * value of the examples holds one).
 */
function example(name: string): Record<string, unknown> {
  const text = readFileSync(new URL(`../../schemas/iservice/examples/${name}`, import.meta.url), 'utf8');
  expect(text).toContain('\u00a0');
  return JSON.parse(text.replace(/\u00a0/g, ' ')) as Record<string, unknown>;
}

const clone = <T>(v: T): T => structuredClone(v);
// biome-ignore lint/suspicious/noExplicitAny: mutations reach into the parsed example freely
type Json = Record<string, any>;

describe('iservice schemas', () => {
  const request = example('setdetails-request.json');
  const response = example('setdetails-response.json');

  test("the page's request example is verbatim from the page and valid", () => {
    const page = readFileSync(new URL('../../schemas/iservice/page.txt', import.meta.url), 'utf8');
    const raw = readFileSync(
      new URL('../../schemas/iservice/examples/setdetails-request.json', import.meta.url),
      'utf8',
    );
    expect(page).toContain(raw.trimEnd());
    expect(schemaErrors(requestSchema, request)).toEqual([]);
  });

  test("the page's response example is a valid success answer", () => {
    expect(schemaErrors(responseSchema, response)).toEqual([]);
    expect(schemaErrors(successSchema, response)).toEqual([]);
    expect(schemaErrors(errorSchema, response)).toEqual(['errors: must NOT have fewer than 1 items']);
  });

  test("the table's details[] (an array of one) is valid too (reading ISV-C1)", () => {
    const r = clone(request);
    r.details = [r.details];
    expect(schemaErrors(requestSchema, r)).toEqual([]);
  });

  test('login types are the listed ones in any casing (reading ISV-C2; the suite echoes what the target answered)', () => {
    for (const type of ['', 'email', 'Email', 'EMAIL', 'bounced', 'Bounced', 'Google', 'google']) {
      const r = clone(request) as Json;
      r.details.logins[0].type = type;
      expect(schemaErrors(requestSchema, r), type).toEqual([]);
    }
    for (const type of ['e-mail', ' email', 'Googl', 'blank']) {
      const r = clone(request) as Json;
      r.details.logins[0].type = type;
      expect(schemaErrors(requestSchema, r), type).not.toEqual([]);
    }
  });

  test('a successful login need not carry errors, but errors it carries are blank', () => {
    expect(schemaErrors(loginSuccessSchema, { loggedIn: { isLoggedIn: true } })).toEqual([]);
    expect(schemaErrors(loginSuccessSchema, { errors: [] })).toEqual([]);
    expect(schemaErrors(loginSuccessSchema, { errors: ['Bad'] })).toEqual([
      'errors: must NOT have more than 0 items',
    ]);
  });

  const mutations: [string, (r: Json) => void, RegExp][] = [
    ['contactID as a string', (r) => (r.contactID = '466'), /^contactID: must be integer$/],
    ['no membership', (r) => delete r.membership, /^membership: is required$/],
    ['membership as numbers', (r) => (r.membership = [2, 3]), /^membership\.0: must be string$/],
    [
      'properties as a string',
      (r) => (r.details.properties = 'First Name=John'),
      /details\.properties: must be array/,
    ],
    [
      'a value without "value"',
      (r) => (r.details.properties[0].values = [{ v: 'John' }]),
      /values\.0: (is required|must NOT have additional)/,
    ],
    ['setLogins as a string', (r) => (r.details.setLogins = 'true'), /details\.setLogins: must be boolean/],
    [
      'an unknown login type',
      (r) => (r.details.logins[0].type = 'Facebook'),
      /details\.logins\.0\.type: must match pattern/,
    ],
    [
      'an extra top-level member',
      (r) => (r.contactId = 466),
      /^\(root\): must NOT have additional properties 'contactId'$/,
    ],
    [
      'details as an array of two',
      (r) => (r.details = [r.details, r.details]),
      /details: must NOT have more than 1 items/,
    ],
  ];
  for (const [what, mutate, message] of mutations) {
    test(`request mutation is refused: ${what}`, () => {
      const r = clone(request) as Json;
      mutate(r);
      const errs = schemaErrors(requestSchema, r);
      expect(
        errs.some((e) => message.test(e)),
        errs.join('\n'),
      ).toBe(true);
    });
  }

  const answerMutations: [string, Record<string, unknown>, object, RegExp][] = [
    ['errorDetails missing', { errors: [] }, responseSchema, /^errorDetails: is required$/],
    ['errors null', { errors: null, errorDetails: [] }, responseSchema, /^errors: must be array$/],
    ['errors a string', { errors: 'Bad', errorDetails: [] }, errorSchema, /^errors: must be array$/],
    [
      'a success with an error',
      { errors: ['x'], errorDetails: [] },
      successSchema,
      /^errors: must NOT have more than 0 items$/,
    ],
    [
      'an error without a message',
      { errors: [], errorDetails: ['x'] },
      errorSchema,
      /^errors: must NOT have fewer than 1 items$/,
    ],
    [
      'a blank error message',
      { errors: [''], errorDetails: [] },
      errorSchema,
      /^errors\.0: must NOT have fewer than 1 characters$/,
    ],
    [
      'a failed login without errors',
      { errors: [] },
      loginFailureSchema,
      /^errors: must NOT have fewer than 1 items$/,
    ],
  ];
  for (const [what, value, schema, message] of answerMutations) {
    test(`answer mutation is refused: ${what}`, () => {
      const errs = schemaErrors(schema, value);
      expect(
        errs.some((e) => message.test(e)),
        errs.join('\n'),
      ).toBe(true);
    });
  }

  test("the mock's target config and answers fit the schemas", async () => {
    const mock = await start({});
    try {
      expect(schemaErrors(configSchema, mock.targetConfig)).toEqual([]);
      const login = await fetch(`${mock.url}/webapp-api-login?api=login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          emailAddress: 'agent@1to1service.example',
          Password: 'mock-agent-pass-1',
        }).toString(),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const post = async (api: string, body: unknown) =>
        (await fetch(`${mock.url}/webapp-api-custinfo?api=${api}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(body),
        }).then((r) => r.json())) as Record<string, unknown>;
      const details = await post('details', { contactID: 466 });
      expect(schemaErrors(detailsResponseSchema, details)).toEqual([]);
      expect(schemaErrors(successSchema, await post('setdetails', request))).toEqual([]);
      const refused = await post('setdetails', { ...request, contactID: 'x' });
      expect(schemaErrors(errorSchema, refused)).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
