// The TextMarketer contract's provider driver (contracts/textmarketer/provider.ts): its request filter
// is pure and sends what the suite's own request builder sends under the same readings, and leaves
// the contract's request alone when no reading asks for a change; a state this config cannot give is
// not applicable with the key that would; and a verification against the mock served apart leaves
// the account as it was, read back through the API as a user would check it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { provider } from '../../contracts/textmarketer/provider.ts';
import { start } from '../../mocks/textmarketer/index.ts';
import { HttpClient } from '../../src/http.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { Redactor } from '../../src/redact.ts';
import { runConformance } from '../../src/runner.ts';
import type {
  CheckResult,
  ContractProvider,
  ContractRequest,
  ContractState,
  VendorReport,
} from '../../src/types.ts';
import type { Readings } from '../../suites/textmarketer/config.ts';
import { modifyRequest, type RequestTarget } from '../../suites/textmarketer/requests.ts';
import { VENDORS } from '../../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const MAY_MODIFY = 'an account the API credentials may modify';
const NAME_TAKEN =
  'an account the API credentials may modify, and a web UI username already used by another account';
const NO_SUCH_ACCOUNT = 'an account ID that does not exist';
const FOREIGN_ACCOUNT = 'an existing account the API credentials may not access';

const SECTION = {
  credentials: { username: 'api_user', password: 'api_pass1' },
  accountId: 'acc0001',
  foreignAccountId: 'other0002',
  takenUsername: 'taken_ui',
};

interface PactRequest {
  method: string;
  path: string;
  headers?: Record<string, string[]>;
  body?: { content: string };
}
const PACT = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'contracts/pacts/legacy-api-conformance-textmarketer.json'), 'utf8'),
) as {
  interactions: { description: string; providerStates: ContractState[]; request: PactRequest }[];
};

/** An interaction's request as the verifier hands it to the filter (after the proxy re-encoded the form). */
function contractRequest(covering: string): { request: ContractRequest; states: ContractState[] } {
  const i = PACT.interactions.find((x) => x.description.startsWith(`[${covering}`));
  if (!i) throw new Error(`no interaction for ${covering}`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.request.headers ?? {})) headers[k.toLowerCase()] = v.join(', ');
  const request: ContractRequest = {
    method: i.request.method,
    path: i.request.path,
    headers,
    ...(i.request.body ? { body: Buffer.from(i.request.body.content) } : {}),
  };
  return { request, states: i.providerStates.map((s) => ({ name: s.name, params: s.params ?? {} })) };
}

const filter = (covering: string, readings: Partial<Readings>): ContractRequest => {
  const { request, states } = contractRequest(covering);
  const f = provider.filter;
  if (!f) throw new Error('no filter');
  return f(request, { section: { ...SECTION, readings }, states, values: {} });
};

const form = (r: ContractRequest) => Object.fromEntries(new URLSearchParams(r.body?.toString('latin1')));
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('the request filter (pure)', () => {
  test('with the default readings every contract request is left exactly as the contract has it', () => {
    for (const i of PACT.interactions) {
      const covering = i.description.slice(1, i.description.indexOf(']'));
      const { request, states } = contractRequest(covering);
      expect(provider.filter?.(request, { section: SECTION, states, values: {} }), i.description).toBe(
        request,
      );
    }
  });

  test('a request that is not the account call is left alone, whatever the readings', () => {
    const request: ContractRequest = { method: 'GET', path: '/DTD/errors.dtd', headers: {} };
    const readings = { accountPath: 'v2/accounts/{account_id}', auth: 'basic', requestCharset: 'iso-8859-1' };
    expect(provider.filter?.(request, { section: { ...SECTION, readings }, states: [], values: {} })).toBe(
      request,
    );
  });

  test('readings.accountPath moves the call to the template, the ID URL-encoded in it', () => {
    const out = filter('TMR-COMPANY-LENGTH', { accountPath: 'v2/accounts/{account_id}/details' });
    expect(out.path).toBe('/v2/accounts/abcdefghijklmnopqrstuvwx/details');
    expect(out.body).toEqual(contractRequest('TMR-COMPANY-LENGTH').request.body);
  });

  test('readings.requestFieldSpelling renames notifcation_* to notification_*, the value kept', () => {
    const out = form(filter('TMR-AUTH-PARAMS', { requestFieldSpelling: 'notification' }));
    expect(out).toEqual({
      company_name: 'Pact Bakery Ltd',
      notification_email: 'pact@example.com',
      username: 'my_api_username',
      password: 'my_api_password',
    });
    expect(form(filter('TMR-MOBILE-INVALID', { requestFieldSpelling: 'notification' }))).toMatchObject({
      notification_mobile: '12345',
    });
  });

  test('readings.auth basic moves the credentials the request carries into HTTP Basic', () => {
    const out = filter('TMR-COMPANY-LENGTH', { auth: 'basic' });
    expect(out.headers.authorization).toBe(basic('my_api_username', 'my_api_password'));
    expect(form(out)).toEqual({ company_name: 'ab' });
    // The wrong credentials of TMR-AUTH-REQUIRED move too: still wrong, now where this target reads them.
    const wrong = filter('TMR-AUTH-REQUIRED', { auth: 'basic' });
    expect(wrong.headers.authorization).toBe(basic('pact_nobody', 'not_the_password_1'));
    expect(form(wrong)).toEqual({ company_name: 'Pact Bakery Ltd' });
  });

  test("readings.auth basic leaves the interaction about the username/password fields alone (state param auth: 'params')", () => {
    const out = filter('TMR-AUTH-PARAMS', { auth: 'basic' });
    expect(out.headers.authorization).toBeUndefined();
    expect(form(out)).toMatchObject({ username: 'my_api_username', password: 'my_api_password' });
  });

  test('readings.requestCharset iso-8859-1: the form says so and carries Latin-1 bytes', () => {
    const { request, states } = contractRequest('TMR-COMPANY-LENGTH');
    const latin = { ...request, body: Buffer.from('company_name=Caf%C3%A9&username=u&password=p') };
    const out = provider.filter?.(latin, {
      section: { ...SECTION, readings: { requestCharset: 'iso-8859-1' } },
      states,
      values: {},
    });
    expect(out?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=ISO-8859-1');
    expect(out?.body?.toString('latin1')).toBe('company_name=Caf%E9&username=u&password=p');
  });

  test('under every combination of readings it sends what the suite sends for the same fields', () => {
    const base = 'http://target.example/services/rest';
    for (const auth of ['params', 'basic'] as const)
      for (const requestCharset of ['utf-8', 'iso-8859-1'] as const)
        for (const requestFieldSpelling of ['notifcation', 'notification'] as const) {
          const readings = { accountPath: 'acct/{account_id}', auth, requestCharset, requestFieldSpelling };
          const out = filter('TMR-EMAIL-INVALID', readings);
          const target: RequestTarget = {
            baseUrl: base,
            credentials: { username: 'my_api_username', password: 'my_api_password' },
            readings,
          };
          const suite = modifyRequest(target, 'abcdefghijklmnopqrstuvwx', {
            [`${requestFieldSpelling}_email`]: 'not-an-email-address',
          });
          const what = JSON.stringify(readings);
          expect(`${base}${out.path}`, what).toBe(suite.url);
          expect(form(out), what).toEqual(Object.fromEntries(new URLSearchParams(String(suite.body))));
          expect(out.headers['content-type'], what).toBe(suite.headers?.['content-type']);
          expect(out.headers.authorization, what).toBe(suite.headers?.authorization);
        }
  });
});

describe('the states', () => {
  const unavailable = (state: string, section: Record<string, unknown>) =>
    provider.states[state]?.unavailable?.(section);

  test('every state of the contract has a driver', () => {
    const named = new Set(PACT.interactions.flatMap((i) => i.providerStates.map((s) => s.name)));
    expect([...named].filter((n) => !provider.states[n])).toEqual([]);
  });

  test('a missing fixture makes its state unavailable, with the reason and the key; present, available', () => {
    const { takenUsername: _t, foreignAccountId: _f, ...bare } = SECTION;
    expect(unavailable(NAME_TAKEN, bare)).toEqual({
      reason: 'the config names no web UI username used by another account',
      needs: 'takenUsername',
    });
    expect(unavailable(FOREIGN_ACCOUNT, bare)).toEqual({
      reason: 'the config names no account the credentials may not access',
      needs: 'foreignAccountId',
    });
    expect(unavailable(NAME_TAKEN, SECTION)).toBeUndefined();
    expect(unavailable(FOREIGN_ACCOUNT, SECTION)).toBeUndefined();
    expect(unavailable(MAY_MODIFY, bare)).toBeUndefined();
    expect(unavailable(NO_SUCH_ACCOUNT, bare)).toBeUndefined();
  });

  test("an unknown account ID: the configured one, else the suite's made-up default", async () => {
    const http = new HttpClient({ timeoutMs: 1000, maxBodyBytes: 1000, redactor: new Redactor([]) });
    const setup = provider.states[NO_SUCH_ACCOUNT]?.setup;
    if (!setup) throw new Error('no setup');
    const ctx = { baseUrl: 'http://127.0.0.1:9', runId: 'r1', http };
    expect(await setup({ ...ctx, section: SECTION }, {}, {})).toEqual({
      unknownAccountId: 'zz00nosuchaccount00zz000',
    });
    expect(await setup({ ...ctx, section: { ...SECTION, unknownAccountId: 'nope42' } }, {}, {})).toEqual({
      unknownAccountId: 'nope42',
    });
  });
});

describe('against the reference mock served apart (a base URL and its target config only)', () => {
  type Served = Awaited<ReturnType<typeof start>>;
  const creds = (mock: Served) => (mock.targetConfig as { credentials: Record<string, string> }).credentials;
  const accountId = (mock: Served) => (mock.targetConfig as { accountId: string }).accountId;

  /**
   * The account as a user reads it back (GET account/{id}, HTTP Basic: every mock below reads it);
   * processed_date is the answer's time, not state.
   */
  async function readAccount(mock: Served): Promise<string> {
    const { username = '', password = '' } = creds(mock);
    const res = await fetch(`${mock.url}/account/${accountId(mock)}`, {
      headers: { authorization: basic(username, password) },
    });
    expect(res.status).toBe(200);
    return (await res.text()).replace(/processed_date="[^"]*"/, '');
  }

  async function verify(
    mock: Served,
    readings: Record<string, string> = {},
    change?: (p: ContractProvider) => ContractProvider,
  ): Promise<VendorReport> {
    const { reports } = await runConformance({
      allVendors: change
        ? VENDORS.map((v) => (v.id === 'textmarketer' ? { ...v, provider: change(provider) } : v))
        : VENDORS,
      vendors: ['textmarketer'],
      baseUrl: mock.url,
      config: { textmarketer: { ...mock.targetConfig, readings } },
      suite: false,
      pact: true,
    });
    const r = reports[0];
    if (!r) throw new Error('no report');
    return r;
  }

  const contract = (r: VendorReport): CheckResult[] => r.checks.filter((c) => c.origin === 'contract');
  const notPassed = (r: VendorReport) =>
    contract(r)
      .filter((c) => c.outcome !== 'passed')
      .map((c) => c.requirements[0]);

  async function withMock(faults: string[], body: (mock: Served) => Promise<void>): Promise<void> {
    const mock = await start({ faults });
    try {
      await body(mock);
    } finally {
      await mock.close();
    }
  }

  test('what the contract changed reads back as before (and without preserve it would not)', async () => {
    await withMock([], async (mock) => {
      const before = await readAccount(mock);
      expect(before).toMatch(/<company_name>Bill.*Bakery<\/company_name>/);
      const r = await verify(mock);
      expect(notPassed(r)).toEqual([]);
      expect(r.warnings ?? []).toEqual([]);
      expect(await readAccount(mock)).toBe(before);
      // The account's web UI password, read first, is masked in the evidence (the valid change shows it).
      expect(before).toContain('my_UI_password');
      expect(JSON.stringify(r)).not.toContain('my_UI_password');
      // The same verification without the driver's preserve leaves the valid change on the account.
      const { preserve: _p, ...bare } = provider;
      const unrestored = await verify(mock, {}, () => bare);
      expect(notPassed(unrestored)).toEqual([]);
      expect(await readAccount(mock)).toContain('<company_name>Pact Bakery Ltd</company_name>');
    });
  });

  test('a target that wrongly accepts a username in use: that interaction fails, and the username is put back', async () => {
    await withMock(['taken-username-accepted'], async (mock) => {
      const before = await readAccount(mock);
      const r = await verify(mock);
      expect(notPassed(r)).toEqual(['TMR-USERNAME-TAKEN']);
      expect(r.warnings ?? []).toEqual([]);
      expect(await readAccount(mock)).toBe(before);
    });
  });

  test('an account that cannot be read first: nothing is sent, the run says why', async () => {
    await withMock([], async (mock) => {
      const { reports } = await runConformance({
        allVendors: VENDORS,
        vendors: ['textmarketer'],
        baseUrl: mock.url,
        config: {
          textmarketer: { ...mock.targetConfig, credentials: { username: 'nobody', password: 'nope1' } },
        },
        suite: false,
        pact: true,
      });
      const r = reports[0] as VendorReport;
      expect(r.errors.join('\n')).toMatch(/could not be read first.*reading the account before the contract/);
      expect(contract(r).every((c) => c.exchanges.length === 0)).toBe(true);
    });
  });

  test('readings.requestFieldSpelling: a target reading notification_* passes only under that reading', async () => {
    await withMock(['spelling-notification'], async (mock) => {
      const before = await readAccount(mock);
      expect(notPassed(await verify(mock, { requestFieldSpelling: 'notification' }))).toEqual([]);
      expect(await readAccount(mock)).toBe(before);
      // Unadapted, email and mobile are unknown fields there: neither applied nor refused.
      expect(notPassed(await verify(mock))).toEqual([
        'TMR-AUTH-PARAMS',
        'TMR-EMAIL-INVALID',
        'TMR-MOBILE-INVALID',
      ]);
      expect(await readAccount(mock)).toBe(before);
    });
  });

  test('readings.auth basic: a target ignoring username/password fields fails only the interaction about them', async () => {
    await withMock(['no-param-auth'], async (mock) => {
      const before = await readAccount(mock);
      const r = await verify(mock, { auth: 'basic' });
      expect(notPassed(r)).toEqual(['TMR-AUTH-PARAMS']);
      expect(r.warnings ?? []).toEqual([]);
      expect(await readAccount(mock)).toBe(before);
    });
  });
});
