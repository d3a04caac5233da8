// How the textmarks contract is verified against a target as it is, from its target config alone (the
// verifier's state handlers; see ContractProvider in src/types.ts).
//
// States. TextMarks has no call that creates a user or a TextMark, so neither state can be made: the
// config promises both (auth_user owns tm, foreignTm is somebody else's), and the driver confirms
// through the API what it can: that auth_user logs in and reads tm's settings (integration_config()).
// A refusal the contract expects then says something about the rule under test, not about bad
// credentials (the suite does the same before TXM-TM-NOT-OWNED). The old in-process hook also reset
// the mock's TextMarks before each interaction; no interaction depends on what an earlier one set
// (only the rescode is matched), so nothing is reset here: what they change is put back once, at the
// end (preserve).
//
// No request filter: nothing in a request varies per run (no signature, time or session), and the
// one reading that shapes a request, readings.pathStyle = double ({baseUrl}//TextMarkManager/…),
// cannot be honoured: the Pact verifier's proxy (http-proxy) joins the target URL and the request
// path with repeated slashes collapsed, so a filter writing // would still send one slash. Such a
// target is not replayed (unavailable, needs readings.pathStyle) rather than sent a form its config
// disowns.
import { CheckFailure, listReading } from '../../src/check.ts';
import type { HttpClient } from '../../src/http.ts';
import {
  headerName,
  statusOf,
  withBodyUnder,
  withHeaderPattern,
  withoutBodyMatcher,
  withStatus,
} from '../../src/pact/adapt.ts';
import { requirementsOf } from '../../src/pact/files.ts';
import type { ContractProvider, PactJsonObject, ProviderContext } from '../../src/types.ts';
import {
  restoreFields,
  type TokenRule,
  textMarksCalls,
  tokenChangeRefused,
} from '../../suites/textmarks/api.ts';
import { isCleared, rescodeOf, settingsOf } from '../../suites/textmarks/checks.ts';
import { type ResolvedConfig, type TextMarksConfig, withDefaults } from '../../suites/textmarks/config.ts';

/** The states the contract names (contracts/textmarks/textmarks.pact.test.ts). */
export const OWNED = 'auth_user owns the TextMark tm';
export const FOREIGN = 'the TextMark foreignTm exists and is owned by another user';

const configOf = (section: Record<string, unknown>): ResolvedConfig =>
  withDefaults(section as unknown as TextMarksConfig);

type Unavailable = { reason: string; needs?: string } | undefined;

const FIXTURE: Record<string, string> = {
  auth_user: 'auth_user (the account the contract logs in as)',
  auth_pass: 'auth_pass (the password of auth_user)',
  tm: 'tm (a TextMark owned by auth_user)',
  foreignTm: 'foreignTm (an existing TextMark not owned by auth_user)',
};

function missing(section: Record<string, unknown>, keys: readonly string[]): Unavailable {
  const key = keys.find((k) => typeof section[k] !== 'string' || section[k] === '');
  return key ? { reason: `the config names no ${FIXTURE[key] ?? key}`, needs: key } : undefined;
}

/** readings.pathStyle = double: see the header (the verifier cannot send a doubled slash). */
function unreachablePath(section: Record<string, unknown>): Unavailable {
  if (configOf(section).readings.pathStyle !== 'double') return undefined;
  return {
    reason:
      'readings.pathStyle is "double" (this target is called as printed, {baseUrl}//TextMarkManager/…), and the Pact verifier\'s proxy collapses a doubled slash, so the contract can reach it only as /TextMarkManager/… (the overview\'s form): set readings.pathStyle to "single" if the target answers that form too',
    needs: 'readings.pathStyle',
  };
}

/** foreignTm the very string tm is (case is not compared: the page does not say keywords ignore it). */
function foreignIsTm(section: Record<string, unknown>): Unavailable {
  return typeof section.tm === 'string' && section.tm === section.foreignTm
    ? {
        reason: 'foreignTm names tm, which auth_user owns: the config has no TextMark of another user',
        needs: 'foreignTm',
      }
    : undefined;
}

const credentials = (cfg: ResolvedConfig) => ({
  auth_user: cfg.auth_user,
  auth_pass: cfg.auth_pass,
  tm: cfg.tm,
});

const tokenRuleOf = (cfg: ResolvedConfig): TokenRule => ({
  restorePrivateToken: cfg.restorePrivateToken,
  tokenShown: cfg.readings.privateTokenReadBack === 'shown',
});

/** integration_config() for tm as auth_user; throws unless it answers rescode 0. */
async function readTm(http: HttpClient, baseUrl: string, cfg: ResolvedConfig, what: string) {
  const ex = await textMarksCalls(baseUrl, cfg.readings.pathStyle).post(
    http,
    'integration_config',
    credentials(cfg),
  );
  const code = rescodeOf(ex);
  if (code !== 0) {
    throw new Error(
      `${what}: integration_config() for tm as auth_user answered ${code === undefined ? 'no rescode' : `rescode ${code}`} (HTTP ${ex.response.status})`,
    );
  }
  return ex;
}

/**
 * tm's settings as the read-back shows them (readings.readbackPath). A read-back without them throws
 * its title only: the evidence would carry the body, and the private_token in it is a secret the
 * engine's redactor does not know.
 */
async function settingsNow(ctx: ProviderContext, cfg: ResolvedConfig, what: string) {
  const ex = await readTm(ctx.http, ctx.baseUrl, cfg, what);
  try {
    return settingsOf(ex, cfg.readings.readbackPath, what);
  } catch (e) {
    throw e instanceof CheckFailure ? new Error(e.failure.title) : e;
  }
}

/** Both cleared (absent, null, "" or NONE), or the same value. */
const same = (a: unknown, b: unknown): boolean =>
  a === b || (isCleared(a, 'empty-or-NONE') && isCleared(b, 'empty-or-NONE'));

/** private_token reads back other than at the start (only where the read-back shows it). */
export function tokenMoved(
  original: Record<string, unknown>,
  now: Record<string, unknown>,
  rule: TokenRule,
): boolean {
  return rule.tokenShown && !same(original.private_token, now.private_token);
}

/**
 * What does not read back as it should after the put-back: `wrote` the options sent to put it back,
 * `tokenRefusal` why a changed private_token could not be. Token values never appear (secrets).
 */
export function notPutBack(
  original: Record<string, unknown>,
  after: Record<string, unknown>,
  wrote: Record<string, string>,
  tokenRefusal: string | undefined,
): string[] {
  const out: string[] = [];
  const url = wrote.group_callback_url;
  if (
    !(url === 'NONE'
      ? isCleared(after.group_callback_url, 'empty-or-NONE')
      : after.group_callback_url === url)
  ) {
    out.push(
      `group_callback_url of tm reads back ${JSON.stringify(after.group_callback_url ?? null)} after the contract, not ${JSON.stringify(original.group_callback_url ?? null)} as before it`,
    );
  }
  if (wrote.private_token !== undefined && !same(after.private_token, wrote.private_token)) {
    out.push(
      'private_token of tm changed during the contract and does not read back as it was after being put back',
    );
  }
  if (tokenRefusal)
    out.push(`private_token of tm changed during the contract and was not put back: ${tokenRefusal}`);
  return out;
}

/** Puts back what the contract changed on tm (the suite's afterAll rule), and says what is not back. */
async function putBack(
  ctx: ProviderContext,
  cfg: ResolvedConfig,
  original: Record<string, unknown>,
): Promise<string[]> {
  const rule = tokenRuleOf(cfg);
  const warnings: string[] = [];
  // The contract never sends private_token; a target that changed it anyway gets it back only where
  // the suite would write it back (restorePrivateToken, or shown unmasked at the start).
  const left = await settingsNow(ctx, cfg, 'reading tm after the contract').catch((e: unknown) => {
    warnings.push(`${(e as Error).message}: whether private_token changed is unknown`);
    return undefined;
  });
  const tokenChanged = left !== undefined && tokenMoved(original, left, rule);
  const refusal = tokenChanged ? tokenChangeRefused(original, rule) : undefined;
  const fields = restoreFields(original, { ...rule, tokenChanged: tokenChanged && !refusal });
  await textMarksCalls(ctx.baseUrl, cfg.readings.pathStyle)
    .post(ctx.http, 'set_integration_config', { ...credentials(cfg), ...fields })
    .catch((e: unknown) => warnings.push(`putting tm's settings back failed: ${(e as Error).message}`));
  const after = await settingsNow(ctx, cfg, 'reading tm after putting it back').catch(
    (e: unknown) => e as Error,
  );
  if (after instanceof Error)
    return [...warnings, `${after.message}: whether it is back as found is unknown`];
  return [...warnings, ...notPutBack(original, after, fields, refusal)];
}

/**
 * The contract under this target's readings (the consumer test writes the official clients'
 * expectations): an error's HTTP status (TXM-O4) as the reading says, the envelope inside
 * "response" under the wrapped reading (TXM-C1), JSON labelled with a legacy type the user accepts
 * (TXM-O12). Pure.
 */
export function adapt(
  i: PactJsonObject,
  section: Record<string, unknown>,
): { interaction: PactJsonObject; note: string } | undefined {
  const r = configOf(section).readings;
  const notes: string[] = [];
  let out = i;
  if (requirementsOf(i.description).includes('TXM-ERROR-HTTP-STATUS')) {
    if (r.errorHttpStatus === 'any') {
      out = withStatus(out, 'any');
      notes.push(
        'any HTTP status for an error (readings.errorHttpStatus any: the page speaks only of the rescode)',
      );
    } else if (r.errorHttpStatus !== statusOf(out)) {
      out = withStatus(out, [r.errorHttpStatus]);
      notes.push(`HTTP ${r.errorHttpStatus} for an error (readings.errorHttpStatus)`);
    }
  }
  // pact-js pins the content type the verifier detects in a JSON-P body (text/plain); behind an
  // Express-style /**/ it detects C source. The regex is the contract's promise; the pin is not.
  const unpinned = withoutBodyMatcher(out, '$', 'contentType');
  if (unpinned && requirementsOf(i.description).some((id) => id.startsWith('TXM-JSONP'))) {
    out = unpinned;
    notes.push('the JSON-P body judged by its pattern alone (not by the content type detected in it)');
  }
  if (r.envelope === 'wrapped') {
    const wrapped = withBodyUnder(out, 'response');
    if (wrapped) {
      out = wrapped;
      notes.push('the envelope inside "response" (readings.envelope wrapped)');
    }
  }
  const legacy = listReading(r.legacyMediaTypes);
  const name = headerName(out, 'content-type');
  if (
    legacy.length > 0 &&
    name &&
    /application\/json/i.test(
      JSON.stringify((out.response as { headers?: Record<string, unknown> }).headers?.[name] ?? ''),
    )
  ) {
    const types = ['application/json', '[^;\\s]+\\+json', ...legacy.map(escapeRegex)];
    out = withHeaderPattern(out, name, `^(?:${types.join('|')})\\s*(?:;.*)?$`);
    notes.push(`JSON labelled ${legacy.join(' or ')} accepted too (readings.legacyMediaTypes)`);
  }
  return notes.length > 0 ? { interaction: out, note: notes.join('; ') } : undefined;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export const provider: ContractProvider = {
  adapt,
  // The overview names 2011 for a tm not owned by auth_user, but VENDORS.md leaves the code open
  // (TXM-O7): the interaction that expects 2011 holds only a target configured to answer it.
  notApplicable: ({ requirements }, section) =>
    requirements.includes('TXM-TM-NOT-OWNED-2011') && configOf(section).readings.foreignTmRescode !== 2011
      ? {
          reason:
            'it expects rescode 2011 for a tm not owned by auth_user, a code the page leaves open (readings.foreignTmRescode is "any"; TXM-TM-NOT-OWNED checks any non-zero code)',
          needs: 'readings.foreignTmRescode',
        }
      : undefined,
  states: {
    [OWNED]: {
      unavailable: (section) =>
        missing(section, ['auth_user', 'auth_pass', 'tm']) ?? unreachablePath(section),
      setup: async (ctx) => {
        await readTm(ctx.http, ctx.baseUrl, configOf(ctx.section), `'${OWNED}' is not confirmed`);
        return {};
      },
    },
    [FOREIGN]: {
      unavailable: (section) =>
        missing(section, ['auth_user', 'auth_pass', 'tm', 'foreignTm']) ??
        foreignIsTm(section) ??
        unreachablePath(section),
      // foreignTm cannot be read as auth_user (that refusal is what the contract checks): the
      // credentials are confirmed on tm, so a refusal of foreignTm is about ownership.
      setup: async (ctx) => {
        await readTm(ctx.http, ctx.baseUrl, configOf(ctx.section), 'auth_user is not confirmed to log in');
        return {};
      },
    },
  },
  // What the contract may change: tm's group_callback_url (the valid POSTs set it), and private_token
  // on a target that clears an option not sent. Read first; unread, the engine does not verify.
  preserve: async (ctx) => {
    const cfg = configOf(ctx.section);
    const original = await settingsNow(ctx, cfg, 'reading tm before the contract');
    return () => putBack(ctx, cfg, original);
  },
};
