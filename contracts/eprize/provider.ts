// How the ePrize contract is verified against a target as it is, from its target config alone (the
// verifier's state handlers and request filter; see ContractProvider in src/types.ts).
//
// - States: a fresh unique value is the suite's own (the promotion's uniqueValueTemplate), per run;
//   "a profile has the unique value" creates one through the API, as the suite does; a CAPTCHA
//   challenge is asked of the API (POST /v1/{apikey}/captcha) and answered through the config's
//   answer source (captcha.answerUrl or captcha.answer), as the suite does. A promotion that does not
//   enforce a CAPTCHA cannot be in the states about one; one that does but gives no answer source
//   cannot be in the answered ones. The states that say what the consumer's promotion is (its unique
//   key, a required key, a value it refuses, what it shows back) are judged from the config; the one
//   expectation that rests on a reading (a 400 for a badly named key) is judged by notApplicable.
// - Filter: the contract's requests are those of the consumer's promotion (unique key email,
//   required key birthdate, form fields, the wiki's CAPTCHA headers). Each create is rewritten for
//   this promotion: its unique key and required keys (values from the config), its readings
//   (profilePath, bodyFormat, captchaHeaders), and no CAPTCHA headers where none is enforced (a
//   trusted caller sends none).
// - Preserve: the contract only creates profiles, each with a value fresh to this run (the page
//   documents no delete, so they stay, like the suite's); it never changes a profile it did not
//   create. Nothing to read first, nothing to put back.
import type { HttpClient } from '../../src/http.ts';
import type {
  ContractProvider,
  ContractRequest,
  ProviderContext,
  ProviderStateDriver,
} from '../../src/types.ts';
import {
  answerSource,
  captchaHeaderNames,
  createPath,
  createRequest,
  fixtureAnswer,
  freshValues,
  minimalPairs,
  newChallenge,
  type Solved,
} from '../../suites/eprize/api.ts';
import { challengePathOf, encodeBody, type Pairs, readUrlFor } from '../../suites/eprize/checks.ts';
import { type EprizeConfig, type ResolvedConfig, withDefaults } from '../../suites/eprize/config.ts';

/** The provider states the contract names (contracts/eprize/eprize.pact.test.ts). */
export const STATES = {
  fresh: 'no profile has the unique value the consumer sends',
  existing: 'a profile has the unique value the consumer sends',
  noSuchUid: 'no profile has the uid the consumer asks for',
  captchaEnforced: 'the promotion requires a CAPTCHA of untrusted create requests',
  answered: 'a CAPTCHA challenge the consumer has answered',
  used: 'a CAPTCHA challenge the consumer has answered and already used once',
  unanswered: 'a CAPTCHA challenge the consumer has not answered',
  uniqueEmail: "the promotion's unique key is email",
  requiresBirthdate: 'the promotion requires birthdate',
  refusesBirthdate: 'the promotion refuses the value of birthdate the consumer sends',
  refusesEmail: 'the promotion refuses the value of email the consumer sends',
  showsEmail: 'the promotion shows email back',
  showsFirstName: 'the promotion shows first_name back',
} as const;

/** The consumer's promotion: the keys the contract's requests and answers name. */
export const CONSUMER = { uniqueKey: 'email', requiredKey: 'birthdate' } as const;

/** The header names the contract sends a CAPTCHA in (the wiki's), as the verifier's proxy has them. */
const CONTRACT_CAPTCHA = ['x-captcha-challenge', 'x-captcha-response'] as const;

type Section = Record<string, unknown>;
type Unavailable = { reason: string; needs?: string };

const config = (section: Section): ResolvedConfig => withDefaults(section as unknown as EprizeConfig);

// ---------------------------------------------------------------- fresh values

/**
 * The run's generator of unique values. The contract's values carry the run id and a "p": in one
 * `run --pact` the suite and the contract share the run id, and must never send the same value.
 */
const generators = new Map<string, () => string>();
function freshValue(ctx: ProviderContext, cfg: ResolvedConfig): string {
  let next = generators.get(ctx.runId);
  if (!next) {
    next = freshValues(cfg, `${ctx.runId}p`);
    generators.set(ctx.runId, next);
  }
  return next();
}

// ---------------------------------------------------------------- I/O: the target's own API

/** A new challenge's path (its Location), or an error naming what the target answered. */
async function challenge(http: HttpClient, cfg: ResolvedConfig, baseUrl: string): Promise<string> {
  const ex = await newChallenge(http, cfg, baseUrl);
  const path = challengePathOf(ex, baseUrl);
  if (path === undefined) {
    throw new Error(
      `POST /v1/{apikey}/captcha answered HTTP ${ex.response.status} with no Location on the target: no challenge to answer`,
    );
  }
  return path;
}

/**
 * The answer of a challenge, from the config's answer source (its unavailable says when there is
 * none). One the fixture tells is masked in every report, as the suite masks it (a fixed answer is
 * a secret of the config already).
 */
async function answer(ctx: ProviderContext, cfg: ResolvedConfig, path: string): Promise<string> {
  const source = answerSource(cfg.captcha, path);
  if (!source)
    throw new Error('the config gives no way to answer a CAPTCHA (captcha.answerUrl or captcha.answer)');
  if ('answer' in source) return source.answer;
  const ex = await ctx.http.send({ method: 'GET', url: source.url });
  const secret = fixtureAnswer(ex);
  if (secret === undefined) throw new Error(`the CAPTCHA answer fixture answered HTTP ${ex.response.status}`);
  ctx.secret?.(secret);
  return secret;
}

async function solved(ctx: ProviderContext, cfg: ResolvedConfig): Promise<Solved> {
  const path = await challenge(ctx.http, cfg, ctx.baseUrl);
  return { challenge: path, answer: await answer(ctx, cfg, path) };
}

/**
 * A profile of a fresh value created through the API (the smallest valid one), with a solved
 * CAPTCHA when the promotion enforces one; its uid from the Location (or the body's id). Any 2xx
 * will do: whether the create is answered as the page says is the contract's business, not the
 * set-up's.
 */
async function createProfile(
  ctx: ProviderContext,
  cfg: ResolvedConfig,
  captcha?: Solved,
): Promise<{ uniqueValue: string; profileUid: string }> {
  const value = freshValue(ctx, cfg);
  const ex = await ctx.http.send(createRequest(cfg, ctx.baseUrl, minimalPairs(cfg, value), { captcha }));
  if (ex.response.status < 200 || ex.response.status > 299) {
    throw new Error(`a create of a fresh profile was answered HTTP ${ex.response.status}, not a 2xx`);
  }
  return { uniqueValue: value, profileUid: readUrlFor(ex, ctx.baseUrl, cfg.apikey).uid };
}

// ---------------------------------------------------------------- unavailable: from the config alone

const notEnforced = (section: Section): Unavailable | undefined =>
  config(section).captcha.enforced
    ? undefined
    : {
        reason:
          'captcha.enforced is false: the promotion asks for no CAPTCHA (a trusted caller, or CAPTCHA off)',
      };

const noAnswer = (section: Section): Unavailable | undefined => {
  const { captcha } = config(section);
  return captcha.enforced && !captcha.answerUrl && !captcha.answer
    ? {
        reason:
          'the promotion enforces a CAPTCHA and the config gives no way to answer one (captcha.answerUrl or captcha.answer)',
        needs: 'captcha.answer',
      }
    : undefined;
};

const refuses =
  (key: string) =>
  (section: Section): Unavailable | undefined =>
    config(section).invalidValues[key] === undefined
      ? {
          reason: `the config names no value the promotion refuses for ${key}`,
          needs: `invalidValues.${key}`,
        }
      : undefined;

/** The promotion shows `key` back (safeKeys; by default the unique key alone). */
const shown = (cfg: ResolvedConfig, key: string, why: string): Unavailable | undefined =>
  cfg.safeKeys.includes(key)
    ? undefined
    : { reason: `${why}; safeKeys does not name ${key}`, needs: 'safeKeys' };

/**
 * The consumer reads email back: every create of this promotion must carry one (email is its unique
 * key or a required key: the filter sends the config's value) and show it.
 */
const showsEmail = (section: Section): Unavailable | undefined => {
  const cfg = config(section);
  const why = 'the consumer reads email back';
  if (cfg.uniqueKey !== 'email' && cfg.requiredKeys.email === undefined) {
    return {
      reason: `${why}; this promotion's creates carry no email (its unique key is ${cfg.uniqueKey}, and requiredKeys does not name email)`,
    };
  }
  return shown(cfg, 'email', why);
};

/** The consumer sends first_name itself and reads it back as sent. */
const showsFirstName = (section: Section): Unavailable | undefined =>
  shown(config(section), 'first_name', 'the consumer sends first_name and reads it back as sent');

/** A driver for a state the target is in when it can be: nothing to set up. */
const judged = (unavailable: (section: Section) => Unavailable | undefined): ProviderStateDriver => ({
  unavailable,
});

// ---------------------------------------------------------------- an expectation resting on a reading

/**
 * The contract's 400 for a badly named key (EPZ-KEY-NAME-REFUSED) is one reading of the page: it
 * states the rule for key names ("The name of a key must begin with a letter..."), not the answer.
 * Under any other reading of readings.badKeyNames (the default "ignored" too) it is not applicable,
 * exactly as the suite's check of the same requirement.
 */
export function notApplicable(
  interaction: { requirements: readonly string[] },
  section: Section,
): Unavailable | undefined {
  const { badKeyNames } = config(section).readings;
  if (!interaction.requirements.includes('EPZ-KEY-NAME-REFUSED') || badKeyNames === 'refused')
    return undefined;
  return {
    reason: `readings.badKeyNames is "${badKeyNames}": the page states the rule for key names, not the answer, so its 400 is not promised`,
    needs: 'readings.badKeyNames',
  };
}

// ---------------------------------------------------------------- the filter: pure

/** POST /v1/{apikey}/profile: the contract's create (the only request the filter rewrites). */
const isCreate = (r: ContractRequest): boolean =>
  r.method === 'POST' && /^\/v1\/[^/?#]+\/profile(?:[?#]|$)/.test(r.path);

/**
 * The contract's form fields as this promotion takes them. The consumer's unique key (email) with
 * the state's value, or empty, becomes the promotion's unique key; the consumer's required key
 * (birthdate), unless it carries the value the promotion refuses, stays only if this promotion
 * requires it too; every other field is sent as the contract has it. Then the promotion's unique key
 * and required keys that are missing are added (never the consumer's required key: the contract
 * leaves it out on purpose), the unique key first, as the page lays a body out.
 */
export function targetPairs(pairs: Pairs, cfg: ResolvedConfig, values: Record<string, unknown>): Pairs {
  const unique = values.uniqueValue;
  const out: Pairs = [];
  for (const [k, v] of pairs) {
    if (k === CONSUMER.uniqueKey && (v === unique || v === '')) out.push([cfg.uniqueKey, v]);
    else if (k === CONSUMER.requiredKey && v !== cfg.invalidValues[k]) {
      const required = cfg.requiredKeys[k];
      if (required !== undefined) out.push([k, required]);
    } else out.push([k, v]);
  }
  const has = (key: string) => out.some(([k]) => k === key);
  if (!has(cfg.uniqueKey) && typeof unique === 'string') out.push([cfg.uniqueKey, unique]);
  for (const [k, v] of Object.entries(cfg.requiredKeys)) {
    if (k !== CONSUMER.requiredKey && !has(k)) out.push([k, v]);
  }
  return [...out.filter(([k]) => k === cfg.uniqueKey), ...out.filter(([k]) => k !== cfg.uniqueKey)];
}

/** The CAPTCHA headers under this promotion's names (reading captchaHeaders), or none where it enforces none. */
function captchaHeaders(headers: Record<string, string>, cfg: ResolvedConfig): Record<string, string> {
  const out = { ...headers };
  const names = captchaHeaderNames(cfg.readings.captchaHeaders);
  CONTRACT_CAPTCHA.forEach((name, i) => {
    const value = out[name];
    delete out[name];
    if (value !== undefined && cfg.captcha.enforced) out[(names[i] ?? name).toLowerCase()] = value;
  });
  return out;
}

export function filter(
  request: ContractRequest,
  ctx: { section: Section; values: Record<string, unknown> },
): ContractRequest {
  if (!isCreate(request)) return request;
  const cfg = config(ctx.section);
  // The body is encoded anew below, with its own content type.
  const headers = captchaHeaders(request.headers, cfg);
  delete headers['content-type'];
  const pairs = [...new URLSearchParams(request.body?.toString('utf8') ?? '')];
  const { body, contentType } = encodeBody(
    targetPairs(pairs, cfg, ctx.values),
    cfg.readings.bodyFormat,
    cfg.readings.linesContentType,
  );
  return {
    method: request.method,
    path: createPath(cfg),
    headers: { ...headers, 'content-type': contentType },
    body: Buffer.from(body, 'utf8'),
  };
}

// ---------------------------------------------------------------- the provider

export const provider: ContractProvider = {
  states: {
    [STATES.fresh]: {
      setup: async (ctx) => ({ uniqueValue: freshValue(ctx, config(ctx.section)) }),
    },
    [STATES.existing]: {
      // A profile made by this run (never one already there): with a solved CAPTCHA when enforced.
      unavailable: noAnswer,
      setup: async (ctx) => {
        const cfg = config(ctx.section);
        return createProfile(ctx, cfg, cfg.captcha.enforced ? await solved(ctx, cfg) : undefined);
      },
    },
    [STATES.noSuchUid]: {
      // The config's unknownUid (default 0000000000): the pact's `${unknownUid}` needs it even unset.
      setup: async (ctx) => ({ unknownUid: config(ctx.section).unknownUid }),
    },
    [STATES.captchaEnforced]: judged(notEnforced),
    [STATES.answered]: {
      unavailable: noAnswer,
      // Where no CAPTCHA is enforced there is nothing to answer: the filter sends no CAPTCHA headers.
      setup: async (ctx) => {
        const cfg = config(ctx.section);
        if (!cfg.captcha.enforced) return {};
        const s = await solved(ctx, cfg);
        return { captchaChallenge: s.challenge, captchaResponse: s.answer };
      },
    },
    [STATES.used]: {
      unavailable: (section) => notEnforced(section) ?? noAnswer(section),
      // Used once the way the suite uses one: in a create that succeeds (a fresh profile of this run).
      setup: async (ctx) => {
        const cfg = config(ctx.section);
        const s = await solved(ctx, cfg);
        await createProfile(ctx, cfg, s).catch((e: unknown) => {
          throw new Error(`the first use of the challenge failed: ${(e as Error).message}`);
        });
        return { captchaChallenge: s.challenge, captchaResponse: s.answer };
      },
    },
    [STATES.unanswered]: {
      unavailable: notEnforced,
      setup: async (ctx) => ({
        captchaChallenge: await challenge(ctx.http, config(ctx.section), ctx.baseUrl),
      }),
    },
    [STATES.uniqueEmail]: judged((section) => {
      const { uniqueKey } = config(section);
      return uniqueKey === CONSUMER.uniqueKey
        ? undefined
        : {
            reason: `the consumer sends its unique key, email, empty and expects the field error to name email; this promotion's unique key is ${uniqueKey}`,
          };
    }),
    [STATES.requiresBirthdate]: judged((section) => {
      const { requiredKeys } = config(section);
      const named = Object.keys(requiredKeys);
      return requiredKeys[CONSUMER.requiredKey] !== undefined
        ? undefined
        : {
            reason: `the consumer leaves out birthdate, a key its promotion requires, and expects the field error to name it; requiredKeys names ${named.length > 0 ? named.join(', ') : 'no key'}`,
            needs: 'requiredKeys.birthdate',
          };
    }),
    [STATES.refusesBirthdate]: judged(refuses('birthdate')),
    [STATES.refusesEmail]: judged(refuses('email')),
    [STATES.showsEmail]: judged(showsEmail),
    [STATES.showsFirstName]: judged(showsFirstName),
  },
  notApplicable,
  filter,
  preserve: async () => async () => [],
};
