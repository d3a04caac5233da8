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
    expect(a.judged).toEqual(['TXM-CLIENT-AUTH-USER', 'TXM-CLIENT-AUTH-PASS', 'TXM-CLIENT-TM']);
    expect(rescode(a.body)).toBe(0);
  }
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
