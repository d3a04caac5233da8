// mock --check-client, iService: the page's own payload example, sent in a session as the suite sends
// it, breaks nothing; a payload that breaks the request table, or a call without a session, breaks
// exactly its requirement, and the mock refuses it with errors as the API would.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HttpRequest } from '../../src/http.ts';
import { loginCall, setdetailsCall, withSession } from '../../suites/iservice/api.ts';
import type { Login } from '../../suites/iservice/config.ts';
import { type JudgedMock, startJudged } from '../client-proof.ts';

// The page's example, verbatim but for its no-break spaces (as test/iservice/schemas.test.ts reads it).
const example = JSON.parse(
  readFileSync(
    new URL('../../schemas/iservice/examples/setdetails-request.json', import.meta.url),
    'utf8',
  ).replace(/\u00a0/g, ' '),
) as Record<string, unknown>;

let m: JudgedMock;
let cookie: string;
let customer: Login;

const send = (r: HttpRequest) =>
  m.send(r.url, {
    method: r.method,
    headers: r.headers ?? {},
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
/** session null: no Cookie at all. */
const setdetails = (payload: unknown, session: string | null = cookie) =>
  send(
    withSession({ ...setdetailsCall(m.mock.url, {}), body: JSON.stringify(payload) }, session ?? undefined),
  );
const errorsOf = (body: string) => (JSON.parse(body) as { errors?: string[] }).errors ?? [];

beforeAll(async () => {
  m = await startJudged('iservice');
  customer = m.mock.targetConfig.customer as Login;
  const res = await fetch(loginCall(m.mock.url, customer).url, {
    method: 'POST',
    headers: loginCall(m.mock.url, customer).headers ?? {},
    body: loginCall(m.mock.url, customer).body ?? '',
  });
  cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/=/);
});
afterAll(() => m.close());

test('a correct client: the page example, in the customer session, breaks nothing and is saved', async () => {
  const a = await setdetails({ ...example, contactID: m.mock.targetConfig.customerContactID });
  expect(a.violations).toEqual([]);
  expect(a.judged).toEqual(['ISV-CLIENT-SESSION', 'ISV-CLIENT-PAYLOAD']);
  expect(errorsOf(a.body)).toEqual([]);
});

describe('a wrong client breaks exactly its requirement', () => {
  const own = (): Record<string, unknown> => ({
    ...example,
    contactID: m.mock.targetConfig.customerContactID,
  });
  const cases: [string, () => unknown][] = [
    ['contactID as a string', () => ({ ...own(), contactID: 'abc' })],
    [
      'membership missing',
      () => {
        const { membership: _m, ...rest } = own();
        return rest;
      },
    ],
    [
      'setLogins as a string',
      () => ({ ...own(), details: { ...(own().details as object), setLogins: 'yes' } }),
    ],
    ['a body that is not JSON', () => undefined],
  ];
  for (const [what, payload] of cases) {
    test(what, async () => {
      const p = payload();
      const a =
        p === undefined
          ? await send(withSession({ ...setdetailsCall(m.mock.url, {}), body: '{contactID: 466' }, cookie))
          : await setdetails(p);
      expect(a.violations).toEqual(['ISV-CLIENT-PAYLOAD']);
      expect(errorsOf(a.body).length).toBeGreaterThan(0);
    });
  }

  test('no session: ISV-CLIENT-SESSION, refused', async () => {
    const a = await setdetails({ ...example, contactID: m.mock.targetConfig.customerContactID }, null);
    expect(a.violations).toEqual(['ISV-CLIENT-SESSION']);
    expect(a.status).toBe(401);
  });
});

test('the login password is in no console line and no report', () => {
  expect(m.lines.some((l) => l.includes('ISV-CLIENT-PAYLOAD'))).toBe(true);
  expect(`${m.lines.join('\n')}${JSON.stringify(m.report())}`).not.toContain(customer.password);
});
