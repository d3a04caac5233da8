// How a TextMarks target is called and left as found, shared by the suite (textmarks.conformance.ts)
// and the contract's provider driver (contracts/textmarks/provider.ts): one spelling of the calls,
// one rule for what may be written back, so the two never drift apart.
import { CheckFailure } from '../../src/check.ts';
import { leftToAnother, type Ownership, restoreStep, stringsOf } from '../../src/concurrent.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import type { Json, RestoreContext, Restorer } from '../../src/types.ts';
import { isCleared, rescodeOf, settingsOf } from './checks.ts';
import { type Readings, type ResolvedConfig, type TextMarksConfig, withDefaults } from './config.ts';

export type Method = 'set_integration_config' | 'integration_config';

export const FORM = 'application/x-www-form-urlencoded';
const ACCEPT = 'application/json, text/javascript';

/** The two calls of the page, at {baseUrl}/TextMarkManager/{method}/ in the slash readings.pathStyle says. */
export function textMarksCalls(baseUrl: string, pathStyle: Readings['pathStyle']) {
  const url = (method: Method): string =>
    `${baseUrl}${pathStyle === 'double' ? '//' : '/'}TextMarkManager/${method}/`;
  return {
    url,
    /** Form fields in a POST body (the page's "(POST)"). */
    post: (
      http: HttpClient,
      method: Method,
      fields: Record<string, string>,
      contentType = FORM,
    ): Promise<Exchange> =>
      http.send({
        method: 'POST',
        url: url(method),
        headers: { 'content-type': contentType, accept: ACCEPT },
        body: new URLSearchParams(fields).toString(),
      }),
    /** The same call by GET, the arguments in the query string (TXM-GET, readings.getRequests). */
    get: (http: HttpClient, method: Method, fields: Record<string, string>): Promise<Exchange> =>
      http.send({
        method: 'GET',
        url: `${url(method)}?${new URLSearchParams(fields).toString()}`,
        headers: { accept: ACCEPT },
      }),
  };
}

/** A value made of one masking character only ("********"): a read-back that hides the token. */
export const MASKED = /^[*•xX]+$/;

/** What decides whether private_token may be changed, and what it is put back to. */
export interface TokenRule {
  restorePrivateToken: string | undefined;
  /** readings.privateTokenReadBack = shown. */
  tokenShown: boolean;
}

/**
 * private_token may be changed only when the original can be put back: given as
 * restorePrivateToken, or shown (unmasked) by the read-back at the start. Otherwise why not, or
 * undefined when it may.
 */
export function tokenChangeRefused(
  original: Record<string, unknown> | undefined,
  rule: TokenRule,
): string | undefined {
  if (rule.restorePrivateToken !== undefined) return undefined;
  if (!rule.tokenShown)
    return 'readings.privateTokenReadBack is "hidden" and no restorePrivateToken is configured: the suite does not change private_token';
  if (!original || !('private_token' in original))
    return 'the read-back at the start showed no private_token, so the suite could not put it back: configure restorePrivateToken (or readings.privateTokenReadBack = hidden)';
  const shown = original.private_token;
  if (typeof shown === 'string' && MASKED.test(shown))
    return 'the read-back at the start showed private_token masked, so the suite could not put it back: configure restorePrivateToken (and readings.privateTokenReadBack = hidden if it is never shown)';
  return undefined;
}

/**
 * The options that put back the settings read at the start (`original`; undefined when that read
 * failed). group_callback_url always: as found, or cleared (NONE) rather than left on a test URL
 * when it was unset or unknown. private_token only when it was changed, and only to a true value:
 * restorePrivateToken when configured, else the one shown at the start; a masked or unknown token
 * is left alone (the mask is not the token).
 */
export function restoreFields(
  original: Record<string, unknown> | undefined,
  rule: TokenRule & { tokenChanged: boolean },
): Record<string, string> {
  const url = original?.group_callback_url;
  const out: Record<string, string> = {
    group_callback_url: typeof url === 'string' && !isCleared(url, 'empty') ? url : 'NONE',
  };
  if (rule.tokenChanged) {
    const shown = original?.private_token;
    if (rule.restorePrivateToken !== undefined) out.private_token = rule.restorePrivateToken;
    else if (original && rule.tokenShown && typeof shown === 'string' && !MASKED.test(shown))
      out.private_token = shown;
    else if (original && rule.tokenShown && 'private_token' in original && typeof shown !== 'string')
      out.private_token = '';
  }
  return out;
}

export const credentials = (cfg: ResolvedConfig) => ({
  auth_user: cfg.auth_user,
  auth_pass: cfg.auth_pass,
  tm: cfg.tm,
});

export const tokenRuleOf = (cfg: ResolvedConfig): TokenRule => ({
  restorePrivateToken: cfg.restorePrivateToken,
  tokenShown: cfg.readings.privateTokenReadBack === 'shown',
});

/** integration_config() for tm as auth_user; throws unless it answers rescode 0. */
export async function readTm(http: HttpClient, baseUrl: string, cfg: ResolvedConfig, what: string) {
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
async function settingsNow(ctx: RestoreContext, cfg: ResolvedConfig, what: string) {
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
  when = 'the contract',
): string[] {
  const out: string[] = [];
  const url = wrote.group_callback_url;
  // Not written (left to another client, said by the caller): nothing to judge.
  if (
    url !== undefined &&
    !(url === 'NONE'
      ? isCleared(after.group_callback_url, 'empty-or-NONE')
      : after.group_callback_url === url)
  ) {
    out.push(
      `group_callback_url of tm reads back ${JSON.stringify(after.group_callback_url ?? null)} after ${when}, not ${JSON.stringify(original.group_callback_url ?? null)} as before it`,
    );
  }
  if (wrote.private_token !== undefined && !same(after.private_token, wrote.private_token)) {
    out.push(
      `private_token of tm changed during ${when} and does not read back as it was after being put back`,
    );
  }
  if (tokenRefusal)
    out.push(`private_token of tm changed during ${when} and was not put back: ${tokenRefusal}`);
  return out;
}

/** What the restorer saves: tm's settings as read, and whether the run changed private_token, when it knows. */
export interface SavedSettings {
  settings: Record<string, unknown>;
  tokenChanged?: boolean;
}

/**
 * The put-back options less those whose field now shows another client's value (src/concurrent.ts):
 * those are left as that client wrote it, and said. Pure: `now` as read at the end, `own` what the
 * run wrote (without it, or without `now`, every option is kept).
 */
export function leaveAnothers(
  fields: Record<string, string>,
  original: Record<string, unknown>,
  now: Record<string, unknown> | undefined,
  own: Ownership | undefined,
): { fields: Record<string, string>; left: string[] } {
  if (!own || !now) return { fields, left: [] };
  const read = stringsOf(now);
  const before = stringsOf(original);
  const left = Object.keys(fields).filter(
    (f) => restoreStep(f, read[f], before[f], own) === 'another-client',
  );
  return {
    fields: Object.fromEntries(Object.entries(fields).filter(([f]) => !left.includes(f))),
    left: left.map((f) => leftToAnother('tm', f)),
  };
}

/**
 * Puts tm's settings back by the suite's rule (restoreFields): group_callback_url always,
 * private_token only when it changed and can be put back to a true value; then reads them again, and
 * what is not back is said. Whether private_token changed is what the caller knows (the suite), else
 * what the read-back shows, else (a hidden token, in the journal) assumed when restorePrivateToken is
 * configured (the suite changes it only then). With `own` (the suite knows what it wrote), a field
 * that now shows another client's value is left as that client wrote it, and said; without it (the
 * restore journal after a kill, the contract driver), it is put back.
 */
export async function putBackSettings(
  ctx: RestoreContext,
  saved: SavedSettings,
  own?: Ownership,
): Promise<string[]> {
  const when = ctx.when ?? 'the run';
  const cfg = withDefaults(ctx.section as unknown as TextMarksConfig);
  const { settings: original, tokenChanged: known } = saved;
  const rule = tokenRuleOf(cfg);
  const warnings: string[] = [];
  const left = await settingsNow(ctx, cfg, `reading tm after ${when}`).catch((e: unknown) => {
    warnings.push(`${(e as Error).message}: whether private_token changed is unknown`);
    return undefined;
  });
  const tokenChanged =
    known ??
    (left !== undefined && rule.tokenShown
      ? tokenMoved(original, left, rule)
      : !rule.tokenShown && rule.restorePrivateToken !== undefined);
  const refusal = tokenChanged ? tokenChangeRefused(original, rule) : undefined;
  const all = restoreFields(original, { ...rule, tokenChanged: tokenChanged && !refusal });
  const { fields, left: leftWarnings } = leaveAnothers(all, original, left, own);
  warnings.push(...leftWarnings);
  if (Object.keys(fields).length === 0) return warnings;
  await textMarksCalls(ctx.baseUrl, cfg.readings.pathStyle)
    .post(ctx.http, 'set_integration_config', { ...credentials(cfg), ...fields })
    .catch((e: unknown) => warnings.push(`putting tm's settings back failed: ${(e as Error).message}`));
  const after = await settingsNow(ctx, cfg, 'reading tm after putting it back').catch(
    (e: unknown) => e as Error,
  );
  if (after instanceof Error)
    return [...warnings, `${after.message}: whether it is back as found is unknown`];
  return [...warnings, ...notPutBack(original, after, fields, refusal, when)];
}

/**
 * TextMarks' restorer: tm's settings read first, and put back at the end (putBackSettings); the
 * suite, the contract driver and the restore journal share it.
 */
export const restorer: Restorer = {
  async read(ctx) {
    const cfg = withDefaults(ctx.section as unknown as TextMarksConfig);
    const saved: SavedSettings = {
      settings: await settingsNow(ctx, cfg, `reading tm before ${ctx.when ?? 'the run'}`),
    };
    return saved as unknown as Json;
  },
  putBack: (ctx, saved) => putBackSettings(ctx, saved as unknown as SavedSettings),
};
