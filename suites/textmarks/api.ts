// How a TextMarks target is called and left as found, shared by the suite (textmarks.conformance.ts)
// and the contract's provider driver (contracts/textmarks/provider.ts): one spelling of the calls,
// one rule for what may be written back, so the two never drift apart.
import type { Exchange, HttpClient } from '../../src/http.ts';
import { isCleared } from './checks.ts';
import type { Readings } from './config.ts';

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
