// The ePrize contract's provider driver (contracts/eprize/provider.ts): its request filter is pure,
// maps the consumer's promotion onto the target's (unique key, required keys, readings) and writes
// the body the suite's own request builder writes for the same pairs; it leaves alone what is not a
// create; a state this config cannot give is not applicable with its reason (and the key that
// would give it); fresh values are the run's own; and a verification against the mock served apart
// leaves a profile it did not create as it was, read back through the API as a user would check it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONSUMER, filter, provider, STATES, targetPairs } from '../../contracts/eprize/provider.ts';
import { start } from '../../mocks/eprize/index.ts';
import { requirementsOf } from '../../src/pact/files.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { runConformance } from '../../src/runner.ts';
import type { ContractRequest, ProviderContext } from '../../src/types.ts';
import { createRequest } from '../../suites/eprize/api.ts';
import { type EprizeConfig, uniqueValue, withDefaults } from '../../suites/eprize/config.ts';
import { VENDORS } from '../../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

/** The consumer's own promotion (unique email, required birthdate), CAPTCHA answered by a fixed answer. */
const SECTION: EprizeConfig = {
  apikey: 'promo123',
  uniqueKey: 'email',
  requiredKeys: { birthdate: '1990-01-31' },
  safeKeys: ['email', 'first_name'],
  invalidValues: { email: 'not-an-email', birthdate: '31/01/1990' },
  captcha: { enforced: true, answer: 'letmein' },
};
/** Another promotion: unique user_name, email required, birthdate optional (refused when malformed). */
const OTHER: EprizeConfig = {
  apikey: 'other456',
  uniqueKey: 'user_name',
  requiredKeys: { email: 'someone@example.com' },
  optionalKeys: { birthdate: '1990-01-31' },
  safeKeys: ['user_name', 'email', 'first_name'],
  invalidValues: { email: 'not-an-email', birthdate: '31/01/1990' },
  captcha: { enforced: true, answer: 'letmein' },
};
const section = (c: EprizeConfig) => c as unknown as Record<string, unknown>;

interface PactInteraction {
  description: string;
  providerStates: { name: string }[];
  request: {
    method: string;
    path: string;
    headers?: Record<string, string[]>;
    body?: { content: string };
    generators?: {
      path?: { expression: string };
      header?: Record<string, { expression: string }>;
      body?: Record<string, { expression: string }>;
    };
  };
}
const PACT = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'contracts/pacts/legacy-api-conformance-eprize.json'), 'utf8'),
) as { interactions: PactInteraction[] };

const fill = (expression: string, values: Record<string, unknown>) =>
  expression.replace(/\$\{([^}]+)\}/g, (_, name: string) => String(values[name] ?? ''));

/**
 * An interaction's request as the verifier hands it to the filter: the pact's provider-state
 * expressions filled with `values`, header names in lower case, the form re-encoded.
 */
function replayed(covering: string, values: Record<string, unknown>): ContractRequest {
  const i = PACT.interactions.find((x) => x.description.includes(covering));
  if (!i) throw new Error(`no interaction for ${covering}`);
  const g = i.request.generators ?? {};
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.request.headers ?? {})) {
    const gen = g.header?.[k];
    headers[k.toLowerCase()] = gen ? fill(gen.expression, values) : v.join(', ');
  }
  const form = new URLSearchParams(i.request.body?.content ?? '');
  for (const [path, gen] of Object.entries(g.body ?? {}))
    form.set(path.replace(/^\$\./, ''), fill(gen.expression, values));
  return {
    method: i.request.method,
    path: g.path ? fill(g.path.expression, values) : i.request.path,
    headers,
    ...(i.request.body ? { body: Buffer.from(form.toString()) } : {}),
  };
}

/** The values the states and fixtures give an interaction (fixtures at their dotted paths). */
function valuesFor(c: EprizeConfig, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { apikey: c.apikey };
  for (const [k, v] of Object.entries(c.requiredKeys ?? {})) out[`requiredKeys.${k}`] = v;
  for (const [k, v] of Object.entries(c.invalidValues ?? {})) out[`invalidValues.${k}`] = v;
  return {
    ...out,
    uniqueValue: 'conformance.rtest.1@example.com',
    captchaChallenge: `/v1/${c.apikey}/captcha/abc`,
    captchaResponse: 'letmein',
    ...extra,
  };
}

function adjusted(covering: string, c: EprizeConfig, extra: Record<string, unknown> = {}) {
  const values = valuesFor(c, extra);
  const request = replayed(covering, values);
  return { request, values, after: filter(request, { section: section(c), values }) };
}

const pairsOf = (r: ContractRequest) =>
  r.body
    ?.toString('utf8')
    .split('\n')
    .map((line) => line.replace(/,$/, '').split(':'));

describe('the filter', () => {
  test('a create on the consumer promotion: the same keys, written as the suite writes them (bodyFormat "page")', () => {
    const { request, after } = adjusted('[EPZ-CREATE-201', SECTION);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const cfg = withDefaults(SECTION);
    const pairs: [string, string][] = [
      ['email', 'conformance.rtest.1@example.com'],
      ['birthdate', '1990-01-31'],
      ['first_name', 'Pact Consumer'],
    ];
    const suite = createRequest(cfg, 'http://target', pairs, {
      captcha: { challenge: '/v1/promo123/captcha/abc', answer: 'letmein' },
    });
    expect(after.body?.toString('utf8')).toBe(suite.body);
    expect(after.body?.toString('utf8')).toBe(
      'email:conformance.rtest.1@example.com\nbirthdate:1990-01-31,\nfirst_name:Pact Consumer',
    );
    expect(after.headers['content-type']).toBe(suite.headers['content-type']);
    expect(after.headers['x-captcha-challenge']).toBe('/v1/promo123/captcha/abc');
    expect(after.headers['x-captcha-response']).toBe('letmein');
    expect([after.method, after.path]).toEqual(['POST', '/v1/promo123/profile']);
  });

  test("another promotion: the consumer's unique value goes in its unique key, its required keys are added, birthdate it does not require is left out", () => {
    const { after } = adjusted('[EPZ-CREATE-201', OTHER);
    expect(pairsOf(after)).toEqual([
      ['user_name', 'conformance.rtest.1@example.com'],
      ['first_name', 'Pact Consumer'],
      ['email', 'someone@example.com'],
    ]);
  });

  test('values the promotion refuses stay under their key; the unique key is added with the fresh value', () => {
    const { after } = adjusted('[EPZ-FIELD-PER-ERROR', OTHER);
    expect(pairsOf(after)).toEqual([
      ['user_name', 'conformance.rtest.1@example.com'],
      ['birthdate', '31/01/1990'],
      ['email', 'not-an-email'],
    ]);
    // On the consumer's promotion the invalid email is the unique key's own value: nothing added.
    expect(pairsOf(adjusted('[EPZ-FIELD-PER-ERROR', SECTION).after)).toEqual([
      ['email', 'not-an-email'],
      ['birthdate', '31/01/1990'],
    ]);
  });

  test("the consumer's required key left out stays out; the promotion's other required keys are added", () => {
    const cfg = { ...SECTION, requiredKeys: { birthdate: '1990-01-31', optin: 'Y' } };
    expect(pairsOf(adjusted('[EPZ-REQUIRED-KEY', cfg).after)).toEqual([
      ['email', 'conformance.rtest.1@example.com'],
      ['optin', 'Y'],
    ]);
    // The empty unique value is the unique key's, empty.
    expect(pairsOf(adjusted('[EPZ-UNIQUE-NULL', cfg).after)).toEqual([
      ['email', ''],
      ['birthdate', '1990-01-31'],
      ['optin', 'Y'],
    ]);
  });

  test('readings move the request: profilePath, bodyFormat, captchaHeaders', () => {
    const cfg: EprizeConfig = {
      ...SECTION,
      readings: { profilePath: 'profiles', bodyFormat: 'form', captchaHeaders: 'X-Challenge,X-Answer' },
    };
    const { after } = adjusted('[EPZ-CREATE-201', cfg);
    expect(after.path).toBe('/v1/promo123/profiles');
    expect(after.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(after.body?.toString('utf8')).toBe(
      'email=conformance.rtest.1%40example.com&birthdate=1990-01-31&first_name=Pact+Consumer',
    );
    expect(after.headers['x-challenge']).toBe('/v1/promo123/captcha/abc');
    expect(after.headers['x-answer']).toBe('letmein');
    expect(after.headers['x-captcha-challenge']).toBeUndefined();
    const lines = adjusted('[EPZ-CREATE-201', {
      ...SECTION,
      readings: { bodyFormat: 'lines', linesContentType: 'text/x-profile' },
    }).after;
    expect(lines.headers['content-type']).toBe('text/x-profile');
    expect(lines.body?.toString('utf8')).toBe(
      'email:conformance.rtest.1@example.com\nbirthdate:1990-01-31\nfirst_name:Pact Consumer',
    );
  });

  test('a promotion that enforces no CAPTCHA gets no CAPTCHA headers (a trusted caller)', () => {
    const { after } = adjusted('[EPZ-CREATE-201', { ...SECTION, captcha: { enforced: false } });
    expect(Object.keys(after.headers).filter((h) => /captcha/i.test(h))).toEqual([]);
    // Enforced: the wrong answer the contract sends is sent as it is.
    expect(adjusted('[EPZ-CAPTCHA-WRONG', SECTION).after.headers['x-captcha-response']).toBe(
      'not-the-answer-0',
    );
  });

  test('what is not a create is left alone: the read-back, the 404, a new challenge', () => {
    for (const covering of ['[EPZ-READBACK]', '[EPZ-READBACK-404]', '[EPZ-CAPTCHA-CHALLENGE]']) {
      const { request, after } = adjusted(covering, OTHER, { profileUid: '42', unknownUid: '0' });
      expect(after).toBe(request);
    }
  });

  test('targetPairs on its own: a body without the unique value (no state gave one) gets no unique key added', () => {
    const cfg = withDefaults(OTHER);
    expect(targetPairs([['Nickname', 'x']], cfg, {})).toEqual([
      ['Nickname', 'x'],
      ['email', 'someone@example.com'],
    ]);
    expect(CONSUMER).toEqual({ uniqueKey: 'email', requiredKey: 'birthdate' });
  });
});

describe('unavailable: the reason, and the key that would make the state possible', () => {
  const why = (state: string, c: EprizeConfig) => provider.states[state]?.unavailable?.(section(c));

  test('every state the contract names has a driver', () => {
    const named = new Set(PACT.interactions.flatMap((i) => i.providerStates.map((s) => s.name)));
    expect([...named].filter((n) => !provider.states[n]).sort()).toEqual([]);
    expect(Object.values(STATES).sort()).toEqual([...named].sort());
  });

  test("the consumer's promotion can be in every state", () => {
    for (const state of Object.values(STATES)) {
      expect(why(state, SECTION), state).toBeUndefined();
    }
  });

  test('a promotion that enforces no CAPTCHA: the CAPTCHA states are not applicable, an answered one is (no headers)', () => {
    const open = { ...SECTION, captcha: { enforced: false } };
    for (const state of [STATES.captchaEnforced, STATES.used, STATES.unanswered]) {
      expect(why(state, open)?.reason, state).toMatch(/^captcha\.enforced is false/);
      expect(why(state, open)?.needs).toBeUndefined();
    }
    expect(why(STATES.answered, open)).toBeUndefined();
    expect(why(STATES.existing, open)).toBeUndefined();
  });

  test('an enforced CAPTCHA and no answer source: the answered states need captcha.answer', () => {
    const unanswerable = { ...SECTION, captcha: { enforced: true } };
    for (const state of [STATES.answered, STATES.used, STATES.existing]) {
      expect(why(state, unanswerable), state).toEqual({
        reason:
          'the promotion enforces a CAPTCHA and the config gives no way to answer one (captcha.answerUrl or captcha.answer)',
        needs: 'captcha.answer',
      });
    }
    expect(why(STATES.unanswered, unanswerable)).toBeUndefined();
    expect(
      why(STATES.used, {
        ...SECTION,
        captcha: { enforced: true, answerUrl: 'http://fixture/{challengeId}' },
      }),
    ).toBeUndefined();
  });

  test("what the answers name of the consumer's promotion: its unique key, its required key, refused values, keys shown back", () => {
    expect(why(STATES.uniqueEmail, OTHER)?.reason).toMatch(/unique key is user_name$/);
    expect(why(STATES.uniqueEmail, OTHER)?.needs).toBeUndefined();
    expect(why(STATES.requiresBirthdate, OTHER)).toEqual({
      reason:
        'the consumer leaves out birthdate, a key its promotion requires, and expects the field error to name it; requiredKeys names email',
      needs: 'requiredKeys.birthdate',
    });
    const noInvalid = { ...SECTION, invalidValues: { email: 'not-an-email' } };
    expect(why(STATES.refusesBirthdate, noInvalid)).toEqual({
      reason: 'the config names no value the promotion refuses for birthdate',
      needs: 'invalidValues.birthdate',
    });
    expect(why(STATES.refusesEmail, noInvalid)).toBeUndefined();
    // email shown: OTHER requires it and shows it; a promotion that neither sends nor shows it cannot.
    expect(why(STATES.showsEmail, OTHER)).toBeUndefined();
    const noEmail = why(STATES.showsEmail, { ...OTHER, requiredKeys: {} });
    expect(noEmail?.reason).toMatch(/creates carry no email \(its unique key is user_name/);
    expect(noEmail?.needs).toBeUndefined();
    expect(why(STATES.showsEmail, { ...SECTION, safeKeys: ['first_name'] })?.needs).toBe('safeKeys');
    // safeKeys unset: the unique key alone is shown.
    const { apikey, uniqueKey, requiredKeys } = SECTION;
    expect(
      why(STATES.showsFirstName, { apikey, uniqueKey, ...(requiredKeys ? { requiredKeys } : {}) }),
    ).toEqual({
      reason: 'the consumer sends first_name and reads it back as sent; safeKeys does not name first_name',
      needs: 'safeKeys',
    });
  });

  test('a 400 for a badly named key is one reading: its interactions are not applicable unless badKeyNames is "refused" (as in the suite)', () => {
    const keyName = PACT.interactions.filter((i) => i.description.startsWith('[EPZ-KEY-NAME-REFUSED]'));
    expect(keyName.length).toBe(2);
    const judge = (c: EprizeConfig) =>
      PACT.interactions.map((i) => ({
        description: i.description,
        why: provider.notApplicable?.(
          { description: i.description, requirements: requirementsOf(i.description) },
          section(c),
        ),
      }));
    for (const readings of [{}, { badKeyNames: 'ignored' as const }]) {
      const out = judge({ ...SECTION, readings }).filter((x) => x.why);
      expect(out.map((x) => x.description).sort()).toEqual(keyName.map((i) => i.description).sort());
      for (const x of out) {
        expect(x.why).toEqual({
          reason:
            'readings.badKeyNames is "ignored": the page states the rule for key names, not the answer, so its 400 is not promised',
          needs: 'readings.badKeyNames',
        });
      }
    }
    expect(judge({ ...SECTION, readings: { badKeyNames: 'refused' } }).filter((x) => x.why)).toEqual([]);
  });
});

describe('set-up values', () => {
  test("fresh unique values are the run's, in the promotion's template, and never the suite's of the same run", async () => {
    const setup = provider.states[STATES.fresh]?.setup;
    if (!setup) throw new Error('no set-up');
    const ctx = (runId: string): ProviderContext => ({
      section: section(SECTION),
      baseUrl: 'http://target',
      runId,
      http: undefined as never,
    });
    const a = await setup(ctx('rabc123'), {}, {});
    const b = await setup(ctx('rabc123'), {}, {});
    const c = await setup(ctx('rdef456'), {}, {});
    expect(a.uniqueValue).toMatch(/^conformance\.rabc123p\.\d+@example\.com$/);
    expect(new Set([a.uniqueValue, b.uniqueValue, c.uniqueValue]).size).toBe(3);
    const suiteValues = [1, 2, 3].map((n) => uniqueValue('conformance.{run}.{n}@example.com', 'rabc123', n));
    expect(suiteValues).not.toContain(a.uniqueValue);
    expect(suiteValues).not.toContain(b.uniqueValue);
  });

  test('the unknown uid is the config default when the config names none', async () => {
    const setup = provider.states[STATES.noSuchUid]?.setup;
    const ctx = { section: section(SECTION), baseUrl: '', runId: 'r', http: undefined as never };
    expect(await setup?.(ctx, {}, {})).toEqual({ unknownUid: '0000000000' });
  });
});

test('eprize: after a contract verification, a profile the contract did not create reads back exactly as before', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as { apikey: string; captcha: { answerUrl: string } };
  const api = `${mock.url}/v1/${cfg.apikey}`;
  const email = `contract.restore.${Date.now()}@example.com`;
  try {
    // A profile that was there before, created through the API (with a solved CAPTCHA).
    const challenge = await fetch(`${api}/captcha`, { method: 'POST' });
    const path = challenge.headers.get('location') ?? '';
    const answer = await (
      await fetch(cfg.captcha.answerUrl.replace('{challengeId}', path.split('/').pop() ?? ''))
    ).text();
    const created = await fetch(`${api}/profile`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-captcha-challenge': path,
        'x-captcha-response': answer,
      },
      body: new URLSearchParams({
        email,
        birthdate: '1990-01-31',
        first_name: 'Zoë Before',
        optin: 'N',
      }).toString(),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const read = async () => {
      const profile = await fetch(`${mock.url}${location}`, { headers: { accept: 'application/xml' } });
      const lookup = await fetch(`${api}/profile(email)/${encodeURIComponent(email)}`, {
        redirect: 'manual',
      });
      return {
        status: profile.status,
        body: await profile.text(),
        lookup: [lookup.status, lookup.headers.get('location')],
      };
    };
    const before = await read();
    expect(before.body).toContain('<first_name>Zoë Before</first_name>');
    expect(before.lookup).toEqual([303, location]);

    const { reports } = await runConformance({
      allVendors: VENDORS,
      vendors: ['eprize'],
      baseUrl: mock.url,
      config: { eprize: mock.targetConfig },
      suite: false,
      pact: true,
    });
    const r = reports[0];
    // The contract did run (every interaction passed: it created profiles of its own), and said nothing was left changed.
    expect(r?.checks.filter((c) => c.origin === 'contract' && c.outcome !== 'passed')).toEqual([]);
    expect(r?.checks.length).toBe(r?.contract?.interactions);
    expect(r?.warnings ?? []).toEqual([]);
    // The answers the fixture told the driver are masked in the evidence, as the suite masks them.
    const answered = r?.checks.find((c) => c.requirements.includes('EPZ-CREATE-201'))?.exchanges[0]?.request;
    expect(answered?.headers['x-captcha-challenge']).toMatch(/\/captcha\/[0-9a-f]+$/);
    expect(answered?.headers['x-captcha-response']).toBe('[REDACTED]');
    expect(await read()).toEqual(before);
  } finally {
    await mock.close();
  }
});

describe('the promotions and reading variants of the mock verify through the driver', () => {
  test('the open promotion (CAPTCHA off, alternatives.open), served apart: every interaction passed, the CAPTCHA ones not applicable with the reason', async () => {
    const mock = await start();
    try {
      const open = mock.alternatives?.open;
      if (!open) throw new Error('no open promotion');
      const { reports } = await runConformance({
        allVendors: VENDORS,
        vendors: ['eprize'],
        baseUrl: mock.url,
        config: { eprize: open },
        suite: false,
        pact: true,
      });
      const r = reports[0];
      expect(r?.errors).toEqual([]);
      const na = (r?.checks ?? []).filter((c) => c.outcome === 'not-applicable');
      expect(na.map((c) => c.requirements[0]).sort()).toEqual([
        'EPZ-CAPTCHA-CHALLENGE',
        'EPZ-CAPTCHA-REQUIRED',
        'EPZ-CAPTCHA-SINGLE-USE',
        'EPZ-CAPTCHA-WRONG',
      ]);
      for (const c of na) expect(c.message).toMatch(/^not replayed: given '.*', captcha\.enforced is false/);
      expect(
        (r?.checks ?? [])
          .filter((c) => c.outcome !== 'passed' && c.outcome !== 'not-applicable')
          .map((c) => c.title),
      ).toEqual([]);
      expect(r?.checks.length).toBe(r?.contract?.interactions);
      // The answered create went without CAPTCHA headers: a trusted caller.
      const create = r?.checks.find((c) => c.requirements.includes('EPZ-CREATE-201'));
      expect(create?.outcome).toBe('passed');
      expect(
        Object.keys(create?.exchanges[0]?.request.headers ?? {}).filter((h) => /captcha/i.test(h)),
      ).toEqual([]);
      expect([r?.verdict, r?.exitCode]).toEqual(['conformant', 0]);
    } finally {
      await mock.close();
    }
  });

  test.each([
    ['profiles-only', { profilePath: 'profiles' }, /\/profiles$/],
    ['form-only', { bodyFormat: 'form' }, /\/profile$/],
  ] as const)(
    'variant %s under its reading: every interaction passed, the creates sent as the reading says',
    async (variant, readings, path) => {
      const { reports } = await runConformance({
        allVendors: VENDORS,
        vendors: ['eprize'],
        variants: [variant],
        config: { eprize: { readings } },
        suite: false,
        pact: true,
      });
      const r = reports[0];
      expect(r?.checks.filter((c) => c.outcome !== 'passed').map((c) => c.title)).toEqual([]);
      const create = r?.checks.find((c) => c.requirements.includes('EPZ-CREATE-201'))?.exchanges[0]?.request;
      expect(create?.url).toMatch(path);
      if ('bodyFormat' in readings)
        expect(create?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    },
  );
});
