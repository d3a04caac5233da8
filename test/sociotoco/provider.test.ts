// The Sociotoco contract's provider driver (contracts/sociotoco/provider.ts): the request filter signs
// what the pact marks as signed exactly as the suite's signer does, over the query as sent, and leaves
// the rest alone; a state is unavailable only when the config contradicts it; the states' values come
// from the config; and after a verification against a mock started apart, the set reads back (through
// the API, as a user would check) as it was.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  ADDABLE,
  adapt,
  provider,
  SET,
  UNKNOWN_KEY,
  UNKNOWN_SET,
} from '../../contracts/sociotoco/provider.ts';
import { start } from '../../mocks/sociotoco/index.ts';
import { HttpClient } from '../../src/http.ts';
import { PACT_DIR } from '../../src/pact/verify.ts';
import { Redactor } from '../../src/redact.ts';
import { runConformance } from '../../src/runner.ts';
import type { ContractRequest, ContractState, ProviderContext, RunningMock } from '../../src/types.ts';
import { type Algorithm, type Param, queryString, sign } from '../../suites/sociotoco/sign.ts';
import { UUID } from '../../suites/sociotoco/values.ts';
import { VENDORS } from '../../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const SECTION = {
  apiKey: '3f2b8c1d9e7a4b6c8d0e1f2a3b4c5d6e',
  secret: 'test-secret',
  algorithm: 'sha256',
  sid: '89c13185-8756-4577-935d-c3e83e6e77ce',
  profileIds: ['5B2C22279AA3A4E7D4176F3ED1ED29D7', 'A1B2C3D4E5F60718293A4B5C6D7E8F90'],
};

/** Well-formed, and no set of the mock. */
const UUID_OF_NO_SET = '3f1c0a52-6d4e-4b8a-9e2f-7a5b0c9d1e40';

const PACT = JSON.parse(readFileSync(`${PACT_DIR}/legacy-api-conformance-sociotoco.json`, 'utf8')) as {
  interactions: { description: string; providerStates: ContractState[] }[];
};
const statesOf = (id: string): ContractState[] => {
  const i = PACT.interactions.find((x) => x.description.startsWith(id));
  if (!i) throw new Error(`no interaction ${id}`);
  return i.providerStates.map((s) => ({ name: s.name, params: s.params ?? {} }));
};

/** A request as the verifier forwards it: the pact's query with the states' values, form-encoded, the example sig. */
function replayed(params: Param[]): ContractRequest {
  const form = params.map(
    ([n, v]) => `${n}=${encodeURIComponent(v).replace(/%20/g, '+').replace(/!/g, '%21')}`,
  );
  return { method: 'GET', path: `/?${form.join('&')}`, headers: { accept: '*/*' } };
}

const TIME = '1700000000';
const MALFORMED_KEY: Param[] = [
  ['format', 'json'],
  ['key', 'not a key!'],
  ['method', 'sociotoco.sets.setprofiles'],
  ['profiles', SECTION.profileIds.join(',')],
  ['sid', SECTION.sid],
  ['sig', 'f'.repeat(64)],
  ['time', '1262304000'],
];

const queryOf = (r: ContractRequest): Param[] => [
  ...new URLSearchParams(r.path.slice(r.path.indexOf('?') + 1)),
];
const rawPairs = (r: ContractRequest): string[] => r.path.slice(r.path.indexOf('?') + 1).split('&');
const filter = (
  request: ContractRequest,
  section: Record<string, unknown>,
  states: ContractState[],
  values = {},
) => {
  if (!provider.filter) throw new Error('no filter');
  return provider.filter(request, { section, states, values: { time: TIME, ...values } });
};

describe('sociotoco provider: the request filter', () => {
  const states = statesOf('[SOC-ERR-200, SOC-ERROR-ENVELOPE-JSON]');

  test("a signed interaction: time is the state's, sig the suite signer's over the query as sent", () => {
    const out = filter(replayed(MALFORMED_KEY), SECTION, states);
    const sent = queryOf(out);
    expect(sent.map(([n]) => n)).toEqual(['format', 'key', 'method', 'profiles', 'sid', 'time', 'sig']);
    expect(Object.fromEntries(sent).time).toBe(TIME);
    expect(Object.fromEntries(sent).key).toBe('not a key!');
    const unsigned = sent.filter(([n]) => n !== 'sig');
    expect(Object.fromEntries(sent).sig).toBe(sign(unsigned, { secret: 'test-secret', algorithm: 'sha256' }));
    expect(out.path.startsWith('/?')).toBe(true);
    expect(out.method).toBe('GET');
    expect(out.headers).toEqual({ accept: '*/*' });
  });

  test('the configured algorithm and readings.sigHexCase "upper" shape the signature', () => {
    const section = { ...SECTION, algorithm: 'md5', readings: { sigHexCase: 'upper' } };
    // One request: the filter never signs the same request twice (a second would move time on).
    const sent = queryOf(filter(replayed(MALFORMED_KEY), section, states));
    const sig = Object.fromEntries(sent).sig ?? '';
    expect(sig).toMatch(/^[0-9A-F]{32}$/);
    const unsigned = sent.filter(([n]) => n !== 'sig');
    expect(sig).toBe(sign(unsigned, { secret: 'test-secret', algorithm: 'md5' as Algorithm }).toUpperCase());
  });

  test('readings.signFormat false: format is sent but left out of the signature', () => {
    const out = filter(replayed(MALFORMED_KEY), { ...SECTION, readings: { signFormat: false } }, states);
    const sent = queryOf(out);
    expect(Object.fromEntries(sent).format).toBe('json');
    const withoutFormat = sent.filter(([n]) => n !== 'sig' && n !== 'format');
    expect(Object.fromEntries(sent).sig).toBe(
      sign(withoutFormat, { secret: 'test-secret', algorithm: 'sha256' }),
    );
  });

  test('readings.signedValues "encoded": the signature is over the values exactly as they appear in the query sent', () => {
    const out = filter(
      replayed(MALFORMED_KEY),
      { ...SECTION, readings: { signedValues: 'encoded' } },
      states,
    );
    const pairs = rawPairs(out);
    const sig = pairs.find((p) => p.startsWith('sig='))?.slice(4);
    // Spelled out here: the raw name=value pairs as sent, sorted, joined with #, the secret appended.
    const base = `${pairs
      .filter((p) => !p.startsWith('sig='))
      .sort()
      .join('#')}test-secret`;
    expect(base).toContain('key=not%20a%20key!');
    expect(base).toContain('profiles=5B2C22279AA3A4E7D4176F3ED1ED29D7%2CA1B2C3D4E5F60718293A4B5C6D7E8F90');
    expect(sig).toBe(createHash('sha256').update(base, 'utf8').digest('hex'));
  });

  test('interactions without params.sign (no sig, a wrong sig on purpose) are left alone', () => {
    for (const id of ['[SOC-ERR-101, SOC-ERROR-ENVELOPE-XML]', '[SOC-ERR-210, SOC-ERROR-ENVELOPE-JSON]']) {
      const request = replayed([
        ['key', SECTION.apiKey],
        ['sig', 'f'.repeat(64)],
        ['time', '1262304000'],
      ]);
      expect(filter(request, SECTION, statesOf(id))).toBe(request);
    }
    const request = replayed(MALFORMED_KEY);
    expect(filter(request, SECTION, [])).toBe(request);
  });

  test('a signed interaction without a time from its state is not guessed at: the filter says so', () => {
    if (!provider.filter) throw new Error('no filter');
    const run = provider.filter;
    expect(() => run(replayed(MALFORMED_KEY), { section: SECTION, states, values: {} })).toThrow(/no time/);
  });
});

describe('sociotoco provider: the contract under the readings (adapt)', () => {
  const interaction = (id: string) => {
    const i = PACT.interactions.find((x) => x.description.startsWith(id));
    if (!i) throw new Error(`no interaction ${id}`);
    return i;
  };
  type Rules = { status?: unknown; header?: Record<string, { matchers: { regex: string }[] }> };
  const rulesOf = (i: Record<string, unknown> | undefined) =>
    ((i?.response as { matchingRules?: Rules } | undefined)?.matchingRules ?? {}) as Rules;
  const contentType = (i: Record<string, unknown> | undefined) =>
    new RegExp(rulesOf(i).header?.['Content-Type']?.matchers[0]?.regex ?? '^$');

  test('an error: any HTTP status under readings.errorStatus "any", the listed ones otherwise; a success as written', () => {
    const error = interaction('[SOC-ERR-304, SOC-ERROR-ENVELOPE-XML]');
    const any = adapt(error, SECTION);
    expect(rulesOf(any?.interaction).status).toEqual({
      combine: 'OR',
      matchers: [
        { match: 'statusCode', status: 'nonError' },
        { match: 'statusCode', status: 'error' },
      ],
    });
    expect(any?.note).toMatch(/any HTTP status for an error/);
    const listed = adapt(error, { ...SECTION, readings: { errorStatus: '200,500' } });
    expect(rulesOf(listed?.interaction).status).toEqual({
      combine: 'OR',
      matchers: [{ match: 'statusCode', status: [200, 500] }],
    });
    expect(adapt(interaction('[SOC-SUCCESS-JSON'), SECTION)).toBeUndefined();
  });

  test('readings.legacyMediaTypes: the labels the user accepts, beside the XML or JSON types the contract takes', () => {
    const readings = { legacyMediaTypes: 'text/plain' };
    const json = contentType(adapt(interaction('[SOC-SUCCESS-JSON'), { ...SECTION, readings })?.interaction);
    expect(
      ['application/json; charset=utf-8', 'text/plain;charset=utf-8', 'application/vnd.x+json'].every((t) =>
        json.test(t),
      ),
    ).toBe(true);
    expect(json.test('text/xml')).toBe(false);
    expect(json.test('text/plainer')).toBe(false);
    const xml = contentType(adapt(interaction('[SOC-SUCCESS-XML'), { ...SECTION, readings })?.interaction);
    expect(['text/xml; charset=utf-8', 'application/xml', 'text/plain'].every((t) => xml.test(t))).toBe(true);
    expect(xml.test('application/json')).toBe(false);
  });
});

describe('sociotoco provider: which states this target can be in', () => {
  test('every provider state of the pact has a driver, available on a complete config', () => {
    const names = new Set(PACT.interactions.flatMap((i) => i.providerStates.map((s) => s.name)));
    expect([...names].sort()).toEqual([SET, ADDABLE, UNKNOWN_KEY, UNKNOWN_SET].sort());
    for (const name of names) expect(provider.states[name]?.unavailable?.(SECTION)).toBeUndefined();
    const configured = {
      ...SECTION,
      unknownKey: 'ffffffffffffffffffffffffffffffff',
      unknownSid: UUID_OF_NO_SET,
    };
    for (const name of names) expect(provider.states[name]?.unavailable?.(configured)).toBeUndefined();
  });

  test('readings.setSemantics "add": the successful setProfiles is not replayed (it would change the set for good)', () => {
    const under = (readings: Record<string, string>) =>
      provider.states[ADDABLE]?.unavailable?.({ ...SECTION, readings });
    expect(under({ setSemantics: 'add' })).toEqual({
      reason:
        'readings.setSemantics is "add": a successful setProfiles adds profiles for good (none can be taken out again), so replaying it would leave the set changed',
    });
    expect(under({ setSemantics: 'replace' })).toBeUndefined();
    expect(under({ setSemantics: 'any' })).toBeUndefined();
    expect(
      provider.states[SET]?.unavailable?.({ ...SECTION, readings: { setSemantics: 'add' } }),
    ).toBeUndefined();
  });

  test('a configured unknownKey that is the apiKey: not applicable, needs unknownKey', () => {
    expect(provider.states[UNKNOWN_KEY]?.unavailable?.({ ...SECTION, unknownKey: SECTION.apiKey })).toEqual({
      reason: 'the configured unknownKey is the configured apiKey itself',
      needs: 'unknownKey',
    });
  });

  test('a configured unknownSid that is the sid (a UUID, in another letter case): not applicable, needs unknownSid', () => {
    expect(
      provider.states[UNKNOWN_SET]?.unavailable?.({ ...SECTION, unknownSid: SECTION.sid.toUpperCase() }),
    ).toEqual({ reason: 'the configured unknownSid is the configured sid itself', needs: 'unknownSid' });
  });
});

describe('sociotoco provider: states set up on a mock started apart', () => {
  let mock: RunningMock;
  let section: Record<string, unknown>;
  beforeEach(async () => {
    mock = await start();
    section = mock.targetConfig;
  });
  afterEach(() => mock.close());

  const ctx = (over: Record<string, unknown> = {}): ProviderContext => ({
    section: { ...section, ...over },
    baseUrl: mock.url,
    runId: 'run-1',
    http: new HttpClient({ timeoutMs: 5000, maxBodyBytes: 1 << 20, redactor: new Redactor([]) }),
  });

  /** A signed call of the API, written out here as a client would (not through the driver's code). */
  const api = async (params: Param[]) => {
    const cfg = section as { apiKey: string; secret: string; algorithm: Algorithm; sid: string };
    const all: Param[] = [
      ...params,
      ['key', cfg.apiKey],
      ['sid', cfg.sid],
      ['time', String(Math.floor(Date.now() / 1000))],
    ];
    const sig = sign(all, { secret: cfg.secret, algorithm: cfg.algorithm });
    return (await fetch(`${mock.url}?${queryString([...all, ['sig', sig]])}`)).text();
  };
  const profilesHeld = async () =>
    [...(await api([['method', 'sociotoco.sets.get']])).matchAll(/<profile id="([^"]+)"/g)].map((m) => m[1]);
  const setTo = (ids: readonly string[]) =>
    api([
      ['method', 'sociotoco.sets.setProfiles'],
      ['profiles', ids.join(',')],
    ]);

  test('values: the configured profiles as the suite joins them, the readings with their defaults, a fresh time', async () => {
    const before = Math.floor(Date.now() / 1000);
    const values = (await provider.states[SET]?.setup?.(ctx(), {}, {})) ?? {};
    expect(values.profiles).toBe((section.profileIds as string[]).join(','));
    expect(values['readings.methodName']).toBe('sociotoco.sets.setprofiles');
    expect(values['readings.invalidKey']).toBe('not a key!');
    expect(Number(values.time)).toBeGreaterThanOrEqual(before);
    const custom =
      (await provider.states[SET]?.setup?.(
        ctx({ readings: { methodName: 'sociotoco.sets.setProfiles' } }),
        {},
        {},
      )) ?? {};
    expect(custom['readings.methodName']).toBe('sociotoco.sets.setProfiles');
  });

  test('unknownKey and unknownSid: the configured ones, else fresh ones of the right shape per run', async () => {
    const key = (await provider.states[UNKNOWN_KEY]?.setup?.(ctx(), {}, {}))?.unknownKey as string;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toBe(section.apiKey);
    const other = (await provider.states[UNKNOWN_KEY]?.setup?.({ ...ctx(), runId: 'run-2' }, {}, {}))
      ?.unknownKey;
    expect(other).not.toBe(key);
    const sid = (await provider.states[UNKNOWN_SET]?.setup?.(ctx(), {}, {}))?.unknownSid as string;
    expect(sid).toMatch(UUID);
    expect(sid).not.toBe(section.sid);
    const configured = await provider.states[UNKNOWN_SET]?.setup?.(
      ctx({ unknownSid: UUID_OF_NO_SET }),
      {},
      {},
    );
    expect(configured?.unknownSid).toBe(UUID_OF_NO_SET);
  });

  test('a configured profile the set does not hold yet: that one is sent; a set holding them all gets the first alone first', async () => {
    const ids = section.profileIds as string[];
    const profiles = async (over: Record<string, unknown> = {}) =>
      (await provider.states[ADDABLE]?.setup?.(ctx(over), {}, {}))?.profiles;
    expect(await profiles()).toBe(ids[0]); // the mock's set holds none of them
    await setTo(ids.slice(0, 1));
    expect(await profiles()).toBe(ids[1]);
    await setTo(ids);
    expect(await profiles({ readings: { addedProfilesListing: 'sent' } })).toBe(ids.join(','));
    expect(await profilesHeld()).toEqual(ids); // every profile sent is listed: nothing to prepare
    expect(await profiles()).toBe(ids[1]);
    expect(await profilesHeld()).toEqual(ids.slice(0, 1));
    await provider.states[SET]?.setup?.(ctx(), {}, {});
    expect(await profilesHeld()).toEqual(ids.slice(0, 1)); // the other states change nothing
  });

  test('on a target that only adds and already holds every configured profile: errored, saying why', async () => {
    await mock.close();
    mock = await start({ faults: ['adds-instead-of-replacing'] });
    section = mock.targetConfig;
    await setTo(section.profileIds as string[]);
    await expect(provider.states[ADDABLE]?.setup?.(ctx(), {}, {})).rejects.toThrow(
      /holds every configured profile even after setting .* alone/,
    );
  });

  test('what a target did not give back is a warning: it accepts the put-back and keeps what was added', async () => {
    await mock.close();
    mock = await start({ faults: ['adds-instead-of-replacing'] });
    section = mock.targetConfig;
    const restore = await provider.preserve?.(ctx());
    if (!restore) throw new Error('no preserve');
    expect(await restore()).toEqual([]); // nothing changed: nothing to put back
    await setTo((section.profileIds as string[]).slice(0, 1));
    const warnings = await restore();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^sociotoco: the set .* was not put back as it was before the run: its profiles read back as/,
    );
  });

  test('preserve: a set it cannot read first is an error (then nothing is verified)', async () => {
    await expect(provider.preserve?.(ctx({ sid: UUID_OF_NO_SET }))).rejects.toThrow(/not accepted/);
  });

  test('after the contract is verified, the set reads back through the API as before (but for its version)', async () => {
    const read = async () => {
      const body = await api([['method', 'sociotoco.sets.get']]);
      return { version: Number(/version="(\d+)"/.exec(body)?.[1]), rest: body.replace(/version="\d+"/, '') };
    };
    const before = await read();
    const { reports } = await runConformance({
      allVendors: VENDORS,
      vendors: ['sociotoco'],
      baseUrl: mock.url,
      config: { sociotoco: mock.targetConfig },
      suite: false,
      pact: true,
    });
    const r = reports[0];
    expect(r?.contract?.interactions).toBeGreaterThan(0);
    expect(r?.warnings).toBeUndefined();
    expect([r?.verdict, r?.exitCode]).toEqual(['conformant', 0]);
    const after = await read();
    // The contract did change the set (its successful setProfiles), else this would prove nothing …
    expect(after.version).toBeGreaterThan(before.version);
    // … and its profiles, name, urlName and sociotocoId are back.
    expect(after.rest).toBe(before.rest);
  }, 60_000);
});
