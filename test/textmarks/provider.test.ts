// The TextMarks contract's provider driver (contracts/textmarks/provider.ts): which states a config
// can give (unavailable, with the key that would change it), the set-up that confirms a state through
// the API, the shared put-back rule (suites/textmarks/api.ts), and that a contract verification
// against a target leaves tm reading back as it was found.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FOREIGN, notPutBack, OWNED, provider, tokenMoved } from '../../contracts/textmarks/provider.ts';
import { start } from '../../mocks/textmarks/index.ts';
import { HttpClient } from '../../src/http.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { Redactor } from '../../src/redact.ts';
import { runConformance } from '../../src/runner.ts';
import type { ProviderContext, RunningMock, VendorReport } from '../../src/types.ts';
import { MASKED, restoreFields, tokenChangeRefused } from '../../suites/textmarks/api.ts';
import { VENDORS } from '../../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const PACT = join(PROJECT_ROOT, 'contracts', 'pacts', 'legacy-api-conformance-textmarks.json');
const pact = JSON.parse(readFileSync(PACT, 'utf8')) as {
  interactions: { description: string; providerStates?: { name: string }[] }[];
};

const SECTION = {
  auth_user: 'u',
  auth_pass: 'p',
  tm: 'MINE',
  foreignTm: 'THEIRS',
};
const unavailable = (state: string, section: Record<string, unknown>) =>
  provider.states[state]?.unavailable?.(section);

test('a driver for every provider state the pact names, and none for a state it does not', () => {
  const named = [...new Set(pact.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name)))];
  expect(Object.keys(provider.states).sort()).toEqual(named.sort());
});

describe('unavailable: the interaction is not replayed, with the reason and the config key', () => {
  test('a config with every fixture can give both states', () => {
    expect(unavailable(OWNED, SECTION)).toBeUndefined();
    expect(unavailable(FOREIGN, SECTION)).toBeUndefined();
  });

  test('a missing fixture names its key', () => {
    const { tm: _, ...noTm } = SECTION;
    expect(unavailable(OWNED, noTm)).toEqual({ reason: expect.stringMatching(/names no tm/), needs: 'tm' });
    const { foreignTm: __, ...noForeign } = SECTION;
    expect(unavailable(FOREIGN, noForeign)).toEqual({
      reason: expect.stringMatching(/names no foreignTm/),
      needs: 'foreignTm',
    });
    // The owned state does not need foreignTm.
    expect(unavailable(OWNED, noForeign)).toBeUndefined();
    expect(unavailable(FOREIGN, { ...SECTION, auth_pass: '' })?.needs).toBe('auth_pass');
  });

  test('foreignTm naming tm is no TextMark of another user', () => {
    expect(unavailable(FOREIGN, { ...SECTION, foreignTm: 'MINE' })).toEqual({
      reason: expect.stringMatching(/foreignTm names tm/),
      needs: 'foreignTm',
    });
    expect(unavailable(OWNED, { ...SECTION, foreignTm: 'MINE' })).toBeUndefined();
  });

  test('readings.pathStyle = double: the filter calls //TextMarkManager/… as the page prints it; single leaves it alone', () => {
    const request = { method: 'POST', path: '/TextMarkManager/set_integration_config/', headers: {} };
    const double = { ...SECTION, readings: { pathStyle: 'double' } };
    expect(provider.filter?.(request, { section: double, states: [], values: {} }).path).toBe(
      '//TextMarkManager/set_integration_config/',
    );
    expect(provider.filter?.(request, { section: SECTION, states: [], values: {} })).toBe(request);
    for (const state of [OWNED, FOREIGN]) expect(unavailable(state, double)).toBeUndefined();
  });
});

describe('set-up against a target (the mock started apart)', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await start();
  });
  afterAll(() => mock.close());

  const ctx = (section: Record<string, unknown>): ProviderContext => ({
    section,
    baseUrl: mock.url,
    runId: 'run1',
    http: new HttpClient({ timeoutMs: 5000, maxBodyBytes: 100_000, redactor: new Redactor([]) }),
  });

  test('both states confirm that auth_user reads tm, and add no value to the fixtures', async () => {
    for (const state of [OWNED, FOREIGN]) {
      await expect(provider.states[state]?.setup?.(ctx(mock.targetConfig), {}, {})).resolves.toEqual({});
    }
  });

  test('credentials the target refuses: the set-up throws with the rescode (the interaction errors)', async () => {
    const wrong = { ...mock.targetConfig, auth_pass: 'not-the-password' };
    await expect(provider.states[OWNED]?.setup?.(ctx(wrong), {}, {})).rejects.toThrow(
      /is not confirmed: integration_config\(\) for tm as auth_user answered rescode 1003/,
    );
    const foreignOwner = { ...mock.targetConfig, tm: mock.targetConfig.foreignTm };
    await expect(provider.states[FOREIGN]?.setup?.(ctx(foreignOwner), {}, {})).rejects.toThrow(
      /answered rescode 2011/,
    );
  });
});

describe("the put-back rule (the suite's afterAll, shared)", () => {
  const rule = { restorePrivateToken: undefined, tokenShown: true };

  test('group_callback_url as found, or NONE when it was unset or unknown', () => {
    expect(
      restoreFields({ group_callback_url: 'http://a.example/x' }, { ...rule, tokenChanged: false }),
    ).toEqual({
      group_callback_url: 'http://a.example/x',
    });
    expect(restoreFields({ group_callback_url: '' }, { ...rule, tokenChanged: false })).toEqual({
      group_callback_url: 'NONE',
    });
    expect(restoreFields(undefined, { ...rule, tokenChanged: true })).toEqual({ group_callback_url: 'NONE' });
  });

  test('private_token only when changed: restorePrivateToken first, else the one shown; never a mask', () => {
    const original = { group_callback_url: '', private_token: 'tok-1' };
    expect(restoreFields(original, { ...rule, tokenChanged: false }).private_token).toBeUndefined();
    expect(restoreFields(original, { ...rule, tokenChanged: true }).private_token).toBe('tok-1');
    expect(
      restoreFields(original, { restorePrivateToken: 'cfg-tok', tokenShown: true, tokenChanged: true })
        .private_token,
    ).toBe('cfg-tok');
    expect(
      restoreFields({ private_token: '********' }, { ...rule, tokenChanged: true }).private_token,
    ).toBeUndefined();
    expect(MASKED.test('********')).toBe(true);
  });

  test('why private_token may not be changed (then it is not written back either)', () => {
    expect(tokenChangeRefused({ private_token: 'tok-1' }, rule)).toBeUndefined();
    expect(tokenChangeRefused({ private_token: '****' }, rule)).toMatch(/masked/);
    expect(tokenChangeRefused({}, rule)).toMatch(/showed no private_token/);
    expect(tokenChangeRefused({ private_token: 'tok-1' }, { ...rule, tokenShown: false })).toMatch(/hidden/);
    expect(tokenChangeRefused({}, { restorePrivateToken: 'x', tokenShown: false })).toBeUndefined();
  });

  test('a changed token is seen only where the read-back shows it; cleared forms are equal', () => {
    expect(tokenMoved({ private_token: 'a' }, { private_token: 'b' }, rule)).toBe(true);
    expect(tokenMoved({ private_token: 'a' }, { private_token: 'b' }, { ...rule, tokenShown: false })).toBe(
      false,
    );
    expect(tokenMoved({ private_token: '' }, { private_token: null }, rule)).toBe(false);
  });

  test('what is not back is a warning; token values never appear in it', () => {
    const original = { group_callback_url: 'http://a.example/x', private_token: 'secret-tok' };
    expect(notPutBack(original, original, { group_callback_url: 'http://a.example/x' }, undefined)).toEqual(
      [],
    );
    expect(
      notPutBack(
        { group_callback_url: '' },
        { group_callback_url: 'NONE' },
        { group_callback_url: 'NONE' },
        undefined,
      ),
    ).toEqual([]);
    const moved = notPutBack(
      original,
      { group_callback_url: 'http://example.com/pact/x', private_token: 'other' },
      { group_callback_url: 'http://a.example/x', private_token: 'secret-tok' },
      undefined,
    );
    expect(moved).toHaveLength(2);
    expect(moved[0]).toMatch(
      /reads back "http:\/\/example.com\/pact\/x" after the contract, not "http:\/\/a.example\/x"/,
    );
    const refused = notPutBack(original, original, { group_callback_url: 'http://a.example/x' }, 'masked');
    expect(refused).toEqual([expect.stringMatching(/private_token of tm changed .* not put back: masked/)]);
    expect([...moved, ...refused].join(' ')).not.toContain('secret-tok');
  });
});

describe('a contract verification leaves tm as it was found (read through the API, as a user would)', () => {
  async function read(mock: RunningMock): Promise<string> {
    const c = mock.targetConfig as { auth_user: string; auth_pass: string; tm: string };
    const res = await fetch(`${mock.url}/TextMarkManager/integration_config/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ auth_user: c.auth_user, auth_pass: c.auth_pass, tm: c.tm }).toString(),
    });
    return res.text();
  }

  async function verify(mock: RunningMock, section: Record<string, unknown>): Promise<VendorReport> {
    const { reports } = await runConformance({
      allVendors: VENDORS,
      vendors: ['textmarks'],
      baseUrl: mock.url,
      config: { textmarks: section },
      suite: false,
      pact: true,
    });
    const r = reports[0];
    if (!r) throw new Error('no report');
    return r;
  }

  const success = (r: VendorReport) =>
    r.checks.find((c) => c.origin === 'contract' && c.requirements.includes('TXM-RESCODE-SUCCESS'));

  test('the clean mock: the valid POSTs change group_callback_url, and it reads back as before', async () => {
    const mock = await start();
    try {
      const before = await read(mock);
      expect(JSON.parse(before)).toMatchObject({
        head: { rescode: 0 },
        body: { group_callback_url: expect.stringMatching(/^http:\/\/old\./) },
      });
      const r = await verify(mock, mock.targetConfig);
      // The success interaction was applied: it set the contract's example.com URL.
      expect(success(r)?.outcome).toBe('passed');
      expect(success(r)?.exchanges[0]?.request.body).toContain('group_callback_url=http%3A%2F%2Fexample.com');
      expect([r.errors, r.warnings ?? []]).toEqual([[], []]);
      expect(await read(mock)).toBe(before);
    } finally {
      await mock.close();
    }
  });

  // A target that clears an option not sent (the mock's fault unspecified-cleared) loses private_token
  // to the contract's URL-only POSTs: it is written back from restorePrivateToken, or else from the
  // value the read-back showed at the start.
  for (const [label, withConfigToken] of [
    ['restorePrivateToken', true],
    ['the token shown at the start', false],
  ] as const) {
    test(`private_token cleared by the target is put back from ${label}`, async () => {
      const mock = await start({ faults: ['unspecified-cleared'] });
      try {
        const before = await read(mock);
        const { restorePrivateToken: _, ...noToken } = mock.targetConfig;
        const r = await verify(mock, withConfigToken ? mock.targetConfig : noToken);
        expect(success(r)?.outcome).toBe('passed');
        expect([r.errors, r.warnings ?? []]).toEqual([[], []]);
        expect(await read(mock)).toBe(before);
      } finally {
        await mock.close();
      }
    });
  }

  test('tm cannot be read first: nothing is replayed, and the run says why', async () => {
    const mock = await start();
    try {
      const before = await read(mock);
      const r = await verify(mock, { ...mock.targetConfig, auth_pass: 'not-the-password' });
      expect(r.errors.join('\n')).toMatch(
        /not verified: what its interactions change could not be read first.*rescode 1003/,
      );
      // Nothing replayed: no contract check carries an exchange (the one not applicable sent nothing either).
      expect(r.checks.filter((c) => c.origin === 'contract' && c.outcome !== 'not-applicable')).toEqual([]);
      expect(await read(mock)).toBe(before);
    } finally {
      await mock.close();
    }
  });

  test('settings not where readings.readbackPath says: not verified, and the token read is not in the error', async () => {
    const mock = await start();
    try {
      const { restorePrivateToken, ...section } = mock.targetConfig;
      const r = await verify(mock, { ...section, readings: { readbackPath: 'body.settings' } });
      expect(r.errors.join('\n')).toMatch(/could not be read first.*no settings object at body\.settings/);
      expect(JSON.stringify(r)).not.toContain(String(restorePrivateToken));
    } finally {
      await mock.close();
    }
  });
});
