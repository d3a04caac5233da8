// mock --check-client, TextMarks: calls built as the suite builds them (POST form, or GET) break
// nothing; a call missing a REQ argument breaks exactly that argument's requirement, and the mock
// answers it with a non-zero rescode as the API would.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORM, textMarksCalls } from '../../suites/textmarks/api.ts';
import { type JudgedMock, startJudged } from '../client-proof.ts';

let m: JudgedMock;
let calls: ReturnType<typeof textMarksCalls>;
let login: Record<string, string>;

beforeAll(async () => {
  m = await startJudged('textmarks');
  calls = textMarksCalls(m.mock.url, 'single');
  const s = m.mock.targetConfig as Record<string, string>;
  login = { auth_user: String(s.auth_user), auth_pass: String(s.auth_pass), tm: String(s.tm) };
});
afterAll(() => m.close());

const post = (method: 'set_integration_config' | 'integration_config', fields: Record<string, string>) =>
  m.send(calls.url(method), {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: new URLSearchParams(fields).toString(),
  });
const rescode = (body: string) => (JSON.parse(body) as { head?: { rescode?: number } }).head?.rescode;

test('a correct client: set, read back and GET break nothing and get rescode 0', async () => {
  const answers = [
    await post('set_integration_config', {
      ...login,
      group_callback_url: 'https://client.example/hook?p=\\p',
    }),
    await post('integration_config', login),
    await m.send(`${calls.url('integration_config')}?${new URLSearchParams(login).toString()}`),
  ];
  for (const a of answers) {
    expect(a.violations).toEqual([]);
    expect(a.judged).toEqual(
      expect.arrayContaining(['TXM-CLIENT-AUTH-USER', 'TXM-CLIENT-AUTH-PASS', 'TXM-CLIENT-TM']),
    );
    expect(a.judged).toContain('TXM-CLIENT-JSONP');
    expect(rescode(a.body)).toBe(0);
  }
  expect(answers[0]?.judged).toContain('TXM-CLIENT-CALLBACK-URL');
});

test('a correct client: NONE, https and template URLs, a blank jsonp and callback names (dotted too) break nothing', async () => {
  const answers = [
    await post('set_integration_config', { ...login, group_callback_url: 'NONE', jsonp: '' }),
    await post('set_integration_config', {
      ...login,
      group_callback_url: 'https://client.example/tm?user=\\p&action=\\a&sig=\\s',
      jsonp: 'cb_1',
    }),
    await post('integration_config', { ...login, jsonp: 'jQuery3.cb$' }),
  ];
  for (const a of answers) {
    expect(a.violations).toEqual([]);
    expect(a.status).toBe(200);
  }
});

describe('a wrong client: a callback URL or a JSON-P name out of its form breaks exactly its requirement', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'a callback URL without a scheme',
      { group_callback_url: 'client.example/hook' },
      'TXM-CLIENT-CALLBACK-URL',
    ],
    ['a callback URL sent empty (not NONE)', { group_callback_url: '' }, 'TXM-CLIENT-CALLBACK-URL'],
    ['"none" in lower case', { group_callback_url: 'none' }, 'TXM-CLIENT-CALLBACK-URL'],
    ['an ftp URL', { group_callback_url: 'ftp://client.example/hook' }, 'TXM-CLIENT-CALLBACK-URL'],
    ['a jsonp name with a hyphen', { group_callback_url: 'NONE', jsonp: 'my-callback' }, 'TXM-CLIENT-JSONP'],
    ['a jsonp name that is a call', { group_callback_url: 'NONE', jsonp: 'cb()' }, 'TXM-CLIENT-JSONP'],
    ['a jsonp name starting with a digit', { group_callback_url: 'NONE', jsonp: '1cb' }, 'TXM-CLIENT-JSONP'],
  ];
  for (const [what, fields, id] of cases) {
    test(what, async () => {
      const a = await post('set_integration_config', { ...login, ...fields });
      expect(a.violations).toEqual([id]);
    });
  }

  test('a jsonp name out of form on the read-back too', async () => {
    const a = await post('integration_config', { ...login, jsonp: 'alert(1)//' });
    expect(a.violations).toEqual(['TXM-CLIENT-JSONP']);
    expect(rescode(a.body)).not.toBe(0);
  });
});

describe('a wrong client: a REQ argument left out breaks exactly its requirement', () => {
  for (const [arg, id] of [
    ['auth_user', 'TXM-CLIENT-AUTH-USER'],
    ['auth_pass', 'TXM-CLIENT-AUTH-PASS'],
    ['tm', 'TXM-CLIENT-TM'],
  ] as const) {
    test(arg, async () => {
      const { [arg]: _left, ...rest } = login;
      const a = await post('set_integration_config', { ...rest, group_callback_url: 'NONE' });
      expect(a.violations).toEqual([id]);
      expect(rescode(a.body)).not.toBe(0);
    });
  }
});

test('the password is in no console line and no report', () => {
  expect(m.lines.some((l) => l.includes('TXM-CLIENT-TM'))).toBe(true);
  expect(`${m.lines.join('\n')}${JSON.stringify(m.report())}`).not.toContain(login.auth_pass);
});
