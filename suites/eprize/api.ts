// The calls of the ePrize API that the suite and the contract's provider driver (contracts/eprize/
// provider.ts) both make: a create as the config's readings shape it, a new CAPTCHA challenge, and
// where the answer of a challenge comes from. One place, so that the contract's set-up talks to a
// target exactly as the suite does. No verdicts here: the callers decide what a bad answer means.
import { uniqueValues } from '../../src/check.ts';
import { type Exchange, type HttpClient, type HttpRequest, joinUrl } from '../../src/http.ts';
import { type BodyFormat, encodeBody, type Pairs } from './checks.ts';
import { type ResolvedConfig, uniqueValue } from './config.ts';

export const XML_ACCEPT = 'application/xml, text/xml;q=0.9, */*;q=0.1';

export type Solved = { challenge: string; answer: string };

/** The header names a create carries a CAPTCHA in (reading captchaHeaders: "challenge,response"). */
export function captchaHeaderNames(reading: string): [string, string] {
  const [challenge = 'X-CAPTCHA-Challenge', response = 'X-CAPTCHA-Response'] = reading.split(',');
  return [challenge, response];
}

/** /v1/{apikey}: every path of the API starts here. */
export function apiPath(apikey: string): string {
  return `/v1/${encodeURIComponent(apikey)}`;
}

/** The path a create is POSTed to (reading profilePath, unless the caller names the other). */
export function createPath(cfg: ResolvedConfig, path?: 'profile' | 'profiles'): string {
  return `${apiPath(cfg.apikey)}/${path ?? cfg.readings.profilePath}`;
}

/** The unique key with a value, then the required keys: the smallest valid profile. */
export function minimalPairs(cfg: ResolvedConfig, value: string): Pairs {
  return [[cfg.uniqueKey, value], ...Object.entries(cfg.requiredKeys)];
}

/** A create of these pairs: encoded as the reading bodyFormat says, with the CAPTCHA headers when solved. */
export function createRequest(
  cfg: ResolvedConfig,
  baseUrl: string,
  pairs: Pairs,
  opts: {
    captcha?: Solved | undefined;
    accept?: string | undefined;
    path?: 'profile' | 'profiles' | undefined;
    format?: BodyFormat | undefined;
  } = {},
): HttpRequest & { headers: Record<string, string> } {
  const { body, contentType } = encodeBody(
    pairs,
    opts.format ?? cfg.readings.bodyFormat,
    cfg.readings.linesContentType,
  );
  const headers: Record<string, string> = { 'content-type': contentType, accept: opts.accept ?? XML_ACCEPT };
  if (opts.captcha) {
    const [challenge, response] = captchaHeaderNames(cfg.readings.captchaHeaders);
    headers[challenge] = opts.captcha.challenge;
    headers[response] = opts.captcha.answer;
  }
  return { method: 'POST', url: joinUrl(baseUrl, createPath(cfg, opts.path)), headers, body };
}

/** POST /v1/{apikey}/captcha: a new challenge (its Location names it). */
export function newChallenge(http: HttpClient, cfg: ResolvedConfig, baseUrl: string): Promise<Exchange> {
  return http.send({
    method: 'POST',
    url: joinUrl(baseUrl, `${apiPath(cfg.apikey)}/captcha`),
    headers: { accept: XML_ACCEPT },
  });
}

/**
 * Where the answer of a challenge comes from: the test-only fixture's URL for it (answerUrl, which
 * wins), a fixed answer the promotion accepts, or nothing (the config gives no way to answer one).
 */
export function answerSource(
  captcha: ResolvedConfig['captcha'],
  challengePath: string,
): { url: string } | { answer: string } | undefined {
  if (captcha.answerUrl) {
    return {
      url: captcha.answerUrl
        .replaceAll('{challengeId}', encodeURIComponent(challengePath.split('/').pop() ?? ''))
        .replaceAll('{challenge}', encodeURIComponent(challengePath)),
    };
  }
  return captcha.answer ? { answer: captcha.answer } : undefined;
}

/** The answer the fixture gave (its body, trimmed), or undefined when it did not answer 200. */
export function fixtureAnswer(ex: Exchange): string | undefined {
  return ex.response.status === 200 ? ex.response.body.toString('utf8').trim() : undefined;
}

/**
 * Fresh values of the unique key, in the promotion's template (config.ts uniqueValue): {run} is
 * `runId`, {n} the kit's serial, so two uses never share one.
 */
export function freshValues(cfg: ResolvedConfig, runId: string): () => string {
  const { serial } = uniqueValues(runId);
  return () => uniqueValue(cfg.uniqueValueTemplate, runId, serial());
}
