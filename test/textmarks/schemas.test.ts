// The page's examples (and related.txt's envelope, placeholders filled) validate against the TextMarks
// schemas, and mutations of them do not, each with the validator's message.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FIXTURES } from '../../mocks/textmarks/index.ts';
import configSchema from '../../schemas/textmarks/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { SCHEMAS } from '../../suites/textmarks/schemas.ts';

const example = (name: string) =>
  readFileSync(new URL(`../../schemas/textmarks/examples/${name}`, import.meta.url), 'utf8').trim();

const envelope = JSON.parse(example('envelope.json')) as { head: Record<string, unknown>; body: unknown };
const template = example('group-callback-url.txt');
const request = { auth_user: 'u', auth_pass: 'p', tm: 'KEYWORD', group_callback_url: template };

describe('textmarks: envelope (related.txt, placeholders filled)', () => {
  test('validates as the envelope, a success, and not as an error', () => {
    expect(schemaErrors(SCHEMAS.envelope, envelope)).toEqual([]);
    expect(schemaErrors(SCHEMAS.successResponse, envelope)).toEqual([]);
    expect(schemaErrors(SCHEMAS.errorResponse, envelope).join('\n')).toMatch(/rescode: must NOT be valid/);
  });

  test('wrapped in "response" it validates only under the wrapped reading', () => {
    expect(schemaErrors(SCHEMAS.envelopeWrapped, { response: envelope })).toEqual([]);
    expect(schemaErrors(SCHEMAS.envelope, { response: envelope })).toEqual(['head: is required']);
  });

  const mutations: [string, unknown, RegExp][] = [
    ['head renamed', { header: envelope.head, body: {} }, /head: is required/],
    ['rescode as a string', { ...envelope, head: { rescode: '0' } }, /head\.rescode: must be integer/],
    ['rescode a float', { ...envelope, head: { rescode: 0.5 } }, /head\.rescode: must be integer/],
    ['no rescode', { ...envelope, head: { resmsg: 'OK' } }, /head\.rescode: is required/],
    ['head an array', { ...envelope, head: [0] }, /head: must be object/],
    [
      'resmsg a number',
      { ...envelope, head: { rescode: 0, resmsg: 1 } },
      /head\.resmsg: must be string,null/,
    ],
    ['a bare array', [envelope], /\(root\): must be object/],
  ];
  for (const [what, value, message] of mutations) {
    test(`mutation: ${what} is refused`, () => {
      expect(schemaErrors(SCHEMAS.envelope, value).join('\n')).toMatch(message);
    });
  }

  test('a non-zero rescode is an error, not a success', () => {
    const err = { head: { rescode: 2011, resmsg: 'ERR_REQUEST_INVALID_TM' }, body: null };
    expect(schemaErrors(SCHEMAS.errorResponse, err)).toEqual([]);
    expect(schemaErrors(SCHEMAS.successResponse, err).join('\n')).toMatch(
      /head\.rescode: must be equal to constant/,
    );
  });

  test('integration_config: settings in body', () => {
    const ok = { ...envelope, body: { group_callback_url: template, private_token: 'x' } };
    expect(schemaErrors(SCHEMAS.integrationConfigResponse, ok)).toEqual([]);
    expect(schemaErrors(SCHEMAS.integrationConfigResponse, { head: envelope.head }).join('\n')).toMatch(
      /body: is required/,
    );
    expect(
      schemaErrors(SCHEMAS.integrationConfigResponse, { ...envelope, body: { group_callback_url: 3 } }).join(
        '\n',
      ),
    ).toMatch(/body\.group_callback_url: must be string,null/);
  });
});

describe("textmarks: set_integration_config request (the page's callback URL example)", () => {
  test('the example template is a valid group_callback_url', () => {
    expect(template).toBe('http://yoursite.com/yourscript.php?user=\\p&action=\\a');
    expect(schemaErrors(SCHEMAS.setRequest, request)).toEqual([]);
    expect(schemaErrors(SCHEMAS.setRequest, { ...request, group_callback_url: 'NONE' })).toEqual([]);
    expect(schemaErrors(SCHEMAS.setRequest, { ...request, jsonp: '' })).toEqual([]);
  });

  const { tm: _tm, ...noTm } = request;
  const { auth_user: _u, ...noUser } = request;
  const mutations: [string, unknown, RegExp][] = [
    ['no tm', noTm, /tm: is required/],
    ['no auth_user', noUser, /auth_user: is required/],
    [
      'a callback that is not a URL',
      { ...request, group_callback_url: 'yoursite.com/x' },
      /group_callback_url/,
    ],
    ['"none" in lower case', { ...request, group_callback_url: 'none' }, /group_callback_url/],
    ['a jsonp that is not an identifier', { ...request, jsonp: 'alert(1)' }, /jsonp: must match pattern/],
    [
      'an unknown argument',
      { ...request, callback_url: template },
      /must NOT have additional properties 'callback_url'/,
    ],
  ];
  for (const [what, value, message] of mutations) {
    test(`mutation: ${what} is refused`, () => {
      expect(schemaErrors(SCHEMAS.setRequest, value).join('\n')).toMatch(message);
    });
  }
});

describe("textmarks: the page's HTTP line", () => {
  test('POSTs to the set_integration_config path with the doubled slash (reading TXM-C2)', () => {
    const [method, url] = example('http-request.txt').split(' ');
    expect(method).toBe('POST');
    expect(new URL(url as string).pathname).toBe('//TextMarkManager/set_integration_config/');
  });
});

describe('textmarks: target config section', () => {
  const mockSection = {
    auth_user: FIXTURES.auth_user,
    auth_pass: FIXTURES.auth_pass,
    api_key: FIXTURES.api_key,
    tm: FIXTURES.tm,
    foreignTm: FIXTURES.foreignTm,
    groupEventUrl: '/_mock/group_event',
  };
  test("the mock's section and every reading validate", () => {
    expect(
      schemaErrors(configSchema, {
        ...mockSection,
        readings: {
          envelope: 'wrapped',
          pathStyle: 'double',
          readbackPath: 'body.config',
          clearedReadsAs: 'empty-or-NONE',
          privateTokenReadBack: 'hidden',
          errorHttpStatus: 200,
          signerModule: 'builtin:hmac-sha256',
        },
      }),
    ).toEqual([]);
  });
  test('mutations are refused', () => {
    const { auth_pass: _p, ...noPass } = mockSection;
    expect(schemaErrors(configSchema, noPass).join('\n')).toMatch(/auth_pass: is required/);
    expect(
      schemaErrors(configSchema, { ...mockSection, readings: { envelope: 'nested' } }).join('\n'),
    ).toMatch(/readings\.envelope: must be equal to one of the allowed values/);
    expect(schemaErrors(configSchema, { ...mockSection, password: 'x' }).join('\n')).toMatch(
      /additional properties 'password'/,
    );
  });
});
