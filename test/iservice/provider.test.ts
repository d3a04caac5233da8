// The iService contract's provider driver (contracts/iservice/provider.ts): its filter (pure), when a
// state is not applicable (with the reason and the config key), what a state's set-up gives, and that
// a contract verification against the mock started apart leaves both contacts as it found them, read
// back through the API's own details call as a user would check.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { filter, provider, STATES } from '../../contracts/iservice/provider.ts';
import { start } from '../../mocks/iservice/index.ts';
import { HttpClient } from '../../src/http.ts';
import { findPactFiles, type PactInteraction, readPact, requirementsOf } from '../../src/pact/verify.ts';
import { Redactor } from '../../src/redact.ts';
import { runConformance } from '../../src/runner.ts';
import type {
  ContractRequest,
  ContractState,
  RunningMock,
  VendorDefinition,
  VendorReport,
} from '../../src/types.ts';
import { toPayload } from '../../suites/iservice/checks.ts';
import { VENDORS } from '../../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

type Obj = Record<string, unknown>;

type Interaction = PactInteraction & {
  request: { method: string; path: string; query?: Record<string, string[]>; body?: { content: unknown } };
};
const pact = readPact(findPactFiles('iservice')[0] ?? '');
const interactions = pact.interactions as Interaction[];

/** An interaction's request as the verifier hands it to the filter (its example values). */
function replayed(match: RegExp | Interaction): { request: ContractRequest; states: ContractState[] } {
  const i = match instanceof RegExp ? interactions.find((x) => match.test(x.description)) : match;
  if (!i) throw new Error(`no interaction matches ${match}`);
  const { request: r } = i;
  const query = new URLSearchParams(
    Object.entries(r.query ?? {}).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v])),
  );
  const content = r.body?.content;
  const json = typeof content !== 'string';
  return {
    request: {
      method: r.method,
      path: `${r.path}?${query}`,
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: Buffer.from(json ? JSON.stringify(content) : String(content)),
    },
    states: (i.providerStates ?? []).map((s) => ({ name: s.name, params: s.params ?? {} })),
  };
}

const SAVE = /the agent saves another contact's details/;
const LOGIN = /the agent logs in with the emailAddress/;

let mock: RunningMock;
let section: Obj;
beforeAll(async () => {
  mock = await start();
  section = mock.targetConfig;
});
afterAll(() => mock.close());

const withReadings = (readings: Obj): Obj => ({ ...section, readings });
const without = (path: string): Obj => {
  const copy = structuredClone(section);
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail) delete (copy[head] as Obj)[tail];
  else delete copy[head];
  return copy;
};

describe('iservice provider: its states', () => {
  test('every provider state the contract names has a driver, and no other', () => {
    const named = new Set(pact.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name)));
    expect(Object.keys(provider.states).sort()).toEqual([...named].sort());
    expect(Object.values(STATES).sort()).toEqual([...named].sort());
  });

  test('with the whole config every state can be set up', () => {
    for (const [name, driver] of Object.entries(provider.states)) {
      expect(driver.unavailable?.(section), name).toBeUndefined();
    }
  });

  test('a fixture the config lacks makes the states that need it not applicable, with the key', () => {
    expect(provider.states[STATES.agentOther]?.unavailable?.(without('otherContactID'))).toEqual({
      reason: "the config names no otherContactID (a contact that is not the customer's)",
      needs: 'otherContactID',
    });
    expect(provider.states[STATES.agentOther]?.unavailable?.(without('customerContactID'))).toBeUndefined();
    expect(provider.states[STATES.customerOwn]?.unavailable?.(without('customerContactID'))?.needs).toBe(
      'customerContactID',
    );
    expect(provider.states[STATES.logins]?.unavailable?.(without('customer.password'))?.needs).toBe(
      'customer.password',
    );
    expect(provider.states[STATES.agentUnknown]?.unavailable?.(without('multiValueProperty'))).toEqual({
      reason:
        'the config names no multiValueProperty.propertyID (the property every contact-details form of the contract names)',
      needs: 'multiValueProperty.propertyID',
    });
    // unknownContactID has the suite's default: not a missing fixture.
    expect(provider.states[STATES.agentUnknown]?.unavailable?.(without('unknownContactID'))).toBeUndefined();
  });

  test("the customer's refusal on another contact: its state cannot hold when the config's other contact is the customer's", () => {
    expect(
      provider.states[STATES.customerOther]?.unavailable?.({
        ...section,
        otherContactID: section.customerContactID,
      }),
    ).toEqual({
      reason:
        "the config names the same contact as customerContactID and otherContactID, so the other contact is the customer's",
      needs: 'otherContactID',
    });
  });

  test('that refusal is not applicable when readings.foreignRefusal admits a refusal without an errors body', () => {
    const foreign = interactions.filter((i) => /ISV-ACCESS-CUSTOMER-OTHER/.test(i.description));
    expect(foreign.length).toBe(1);
    const of = (i: Interaction) => ({
      description: i.description,
      requirements: requirementsOf(i.description),
    });
    for (const chosen of ['errors-or-status', 'any-non-success']) {
      const why = provider.notApplicable?.(
        of(foreign[0] as Interaction),
        withReadings({ foreignRefusal: chosen }),
      );
      expect(why?.reason).toContain(`readings.foreignRefusal = ${chosen}`);
      expect(why?.needs).toBe('readings.foreignRefusal');
      // The reading concerns that refusal only.
      for (const i of interactions.filter((x) => !foreign.includes(x))) {
        expect(
          provider.notApplicable?.(of(i), withReadings({ foreignRefusal: chosen })),
          i.description,
        ).toBeUndefined();
      }
    }
    // Unset: the default (any-non-success) admits a bare refusal, so not replayed; errors: replayed.
    expect(provider.notApplicable?.(of(foreign[0] as Interaction), section)?.reason).toContain(
      'readings.foreignRefusal = any-non-success, the default',
    );
    expect(
      provider.notApplicable?.(of(foreign[0] as Interaction), withReadings({ foreignRefusal: 'errors' })),
    ).toBeUndefined();
  });

  test('a logged-in state logs in through the API: its cookie is a session the API accepts, masked as a secret; unknownContactID defaults as in the suite', async () => {
    const http = new HttpClient({ timeoutMs: 5000, maxBodyBytes: 1 << 20, redactor: new Redactor([]) });
    const secrets: string[] = [];
    const ctx = {
      section: without('unknownContactID'),
      baseUrl: mock.url,
      runId: 'provider-test',
      http,
      secret: (value: string) => secrets.push(value),
    };
    const values = await provider.states[STATES.agentUnknown]?.setup?.(ctx, {}, {});
    expect(values?.unknownContactID).toBe(2147480000);
    const cookie = String(values?.agentSessionCookie);
    const read = await fetch(`${mock.url}/webapp-api-custinfo?api=details`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ contactID: section.otherContactID }),
    });
    expect(((await read.json()) as Obj).errors).toEqual([]);
    expect(secrets).toEqual([cookie.slice(cookie.indexOf('=') + 1)]);
    const customer = await provider.states[STATES.customerOwn]?.setup?.(ctx, {}, {});
    expect(Object.keys(customer ?? {})).toEqual(['customerSessionCookie']);
    expect(customer?.customerSessionCookie).not.toBe(cookie);
    // A login the target refuses is a real failure of the state: the interaction errors with why.
    const wrong = {
      ...ctx,
      section: { ...section, agent: { emailAddress: 'nobody@example.com', password: 'x-wrong' } },
    };
    await expect(provider.states[STATES.agentOther]?.setup?.(wrong, {}, {})).rejects.toThrow(
      /could not log in as the agent: the login answer sets no session cookie/,
    );
  });
});

describe('iservice provider: its filter', () => {
  test('by default (details as the example, an object) every request is left as the contract has it', () => {
    for (const i of interactions) {
      const { request, states } = replayed(i);
      expect(filter(request, { section, states, values: {} })).toBe(request);
    }
  });

  test("under readings.detailsShape = array the form's details is the array of one the suite sends", () => {
    const { request, states } = replayed(SAVE);
    const out = filter(request, { section: withReadings({ detailsShape: 'array' }), states, values: {} });
    const sent = JSON.parse(String(out.body)) as Obj;
    const original = JSON.parse(String(request.body)) as {
      contactID: number;
      details: Obj & { properties: { propertyID: string; propertyName: string; values: [] }[] };
    };
    // The suite's own form builder, for the same contact and reading.
    const suiteForm = toPayload(
      original.contactID,
      { properties: original.details.properties, logins: [], membership: [] },
      { detailsShape: 'array', setLogins: false },
    );
    expect(sent).toEqual(suiteForm);
    expect(Array.isArray(sent.details)).toBe(true);
    expect({ ...out, body: undefined }).toEqual({ ...request, body: undefined });
  });

  test('requests without a session state, a login, a body that is not a details form: left alone', () => {
    const array = withReadings({ detailsShape: 'array' });
    const login = replayed(LOGIN);
    expect(filter(login.request, { section: array, states: login.states, values: {} })).toBe(login.request);
    const save = replayed(SAVE);
    expect(filter(save.request, { section: array, states: [], values: {} })).toBe(save.request);
    const notJson = { ...save.request, body: Buffer.from('contactID=1') };
    expect(filter(notJson, { section: array, states: save.states, values: {} })).toBe(notJson);
    const already = { ...save.request, body: Buffer.from(JSON.stringify({ contactID: 1, details: [{}] })) };
    expect(filter(already, { section: array, states: save.states, values: {} })).toBe(already);
  });
});

/** The contract verified against a target reached by URL only, with this section. */
async function verify(
  url: string,
  config: Obj,
  vendors: VendorDefinition[] = VENDORS,
): Promise<VendorReport> {
  const { reports } = await runConformance({
    allVendors: vendors,
    vendors: ['iservice'],
    baseUrl: url,
    config: { iservice: config },
    suite: false,
    pact: true,
  });
  const r = reports[0];
  if (!r) throw new Error('no report');
  return r;
}

/** Contract checks that neither passed nor were the customer-on-another-contact refusal, not applicable under the default reading. */
const outcomes = (r: VendorReport) =>
  r.checks
    .filter(
      (c) =>
        c.origin === 'contract' &&
        c.outcome !== 'passed' &&
        !(c.outcome === 'not-applicable' && c.requirements.includes('ISV-ACCESS-CUSTOMER-OTHER')),
    )
    .map((c) => `${c.id}: ${c.outcome}`);

describe('iservice provider: against the mock started apart', () => {
  /** Both contacts the contract writes, as the agent reads them through the API's own details call. */
  async function contacts(url: string, cfg: Obj): Promise<Obj> {
    const agent = cfg.agent as { emailAddress: string; password: string };
    const login = await fetch(`${url}/webapp-api-login?api=login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ emailAddress: agent.emailAddress, Password: agent.password }),
    });
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const out: Obj = {};
    for (const id of [cfg.customerContactID, cfg.otherContactID] as number[]) {
      const res = await fetch(`${url}/webapp-api-custinfo?api=details`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ contactID: id }),
      });
      out[id] = await res.json();
    }
    return out;
  }

  test('what the contract changed reads back as before; without its preserve it would not', async () => {
    const before = await contacts(mock.url, section);
    expect(JSON.stringify(before)).toContain('"Baking"');
    const r = await verify(mock.url, section);
    expect(r.errors).toEqual([]);
    expect(r.warnings ?? []).toEqual([]);
    expect(outcomes(r)).toEqual([]);
    expect(await contacts(mock.url, section)).toEqual(before);

    // The same verification with the restore left out: the saves did change both contacts, so the
    // read-back above is what proves the restore.
    const noPreserve = VENDORS.map((v) =>
      v.id === 'iservice' ? { ...v, provider: { states: provider.states, filter } } : v,
    );
    const other = await start();
    try {
      const otherBefore = await contacts(other.url, other.targetConfig);
      expect(outcomes(await verify(other.url, other.targetConfig, noPreserve))).toEqual([]);
      const after = await contacts(other.url, other.targetConfig);
      for (const id of [section.customerContactID, section.otherContactID] as number[]) {
        expect(after[id], `contact ${id}`).not.toEqual(otherBefore[id]);
      }
    } finally {
      await other.close();
    }
  });

  test('under readings.foreignRefusal = errors-or-status the refusal is reported not applicable with its reason; the rest passes', async () => {
    const r = await verify(mock.url, withReadings({ foreignRefusal: 'errors-or-status' }));
    expect(r.errors).toEqual([]);
    expect(r.warnings ?? []).toEqual([]);
    const na = r.checks.filter((c) => c.origin === 'contract' && c.outcome === 'not-applicable');
    expect(na.map((c) => c.requirements)).toEqual([['ISV-ACCESS-CUSTOMER-OTHER', 'ISV-ERROR-SHAPE']]);
    expect(na[0]?.message).toMatch(
      /^not replayed: this interaction expects an errors body when a customer updates another contact/,
    );
    expect(na[0]?.needs).toBe('readings.foreignRefusal');
    expect(outcomes(r).filter((o) => !o.endsWith(': not-applicable'))).toEqual([]);
  });

  test("a target read as details[] (the mock's details-array variant) passes with readings.detailsShape = array, and fails the saves without it", async () => {
    const arrays = await start({ faults: ['details-array'] });
    try {
      const cfg = arrays.targetConfig;
      const r = await verify(arrays.url, { ...cfg, readings: { detailsShape: 'array' } });
      expect(r.errors).toEqual([]);
      expect(r.warnings ?? []).toEqual([]);
      expect(outcomes(r)).toEqual([]);
      const unread = await verify(arrays.url, cfg);
      // The object the pact sends is refused: exactly the three accepted saves fail (refusals stay refusals).
      const saves = interactions.filter((i) => /ISV-SUCCESS-SHAPE/.test(i.description));
      expect(saves.length).toBe(3);
      expect(outcomes(unread).sort()).toEqual(saves.map((i) => `contract › ${i.description}: failed`).sort());
    } finally {
      await arrays.close();
    }
  });
});
