// Before the checks, one cheap documented request per vendor (the vendor's `probe`): does the target
// look like that API at all? A wrong base URL otherwise reads as "not conformant" with a list of
// failures. And a TLS failure (a self-signed or private-CA certificate) is said once, before any
// check, with how to trust that CA; verification is never turned off.
import { excerpt, type HttpClient, TransportError } from './http.ts';
import type { ProbeAnswer, VendorDefinition } from './types.ts';

/** Node's codes for a certificate it does not trust, or that does not fit the host. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isTlsFailure(code: string): boolean {
  return TLS_CODES.has(code);
}

/** The one-line reason a run stops on a certificate, with how to trust it. */
export function tlsMessage(baseUrl: string, code: string): string {
  const host = (() => {
    try {
      return new URL(baseUrl).host;
    } catch {
      return baseUrl;
    }
  })();
  return `TLS: the certificate of ${host} is not trusted (${code}): if it is your staging server's, trust its CA with --ca FILE (PEM) or NODE_EXTRA_CA_CERTS=FILE; verification is never turned off`;
}

/** An HTML page: none of the five APIs answers one, so it is a web server or a wrong path. */
export function looksLikeHtml(a: ProbeAnswer): boolean {
  const type = (a.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('text/html') || /^\s*(<!doctype html|<html[\s>])/i.test(a.body);
}

/**
 * The usual judgement of a probe's answer: its own shape is this API; an HTML page, or a body in
 * another format, is not; an answer any server may give whatever it is (no body, auth refused,
 * method not allowed, rate limited, a server error) cannot tell.
 */
export function byShape(a: ProbeAnswer, own: (a: ProbeAnswer) => boolean): boolean | undefined {
  if (own(a)) return true;
  if (looksLikeHtml(a)) return false;
  if ([401, 403, 405, 407, 429].includes(a.status) || a.status >= 500 || a.body.trim() === '')
    return undefined;
  return false;
}

export type ProbeResult = { ok: true } | { ok: false; kind: 'tls' | 'not-this-api'; reason: string };

/**
 * Sends the vendor's probe and judges its answer: not this API when the vendor says its answer
 * cannot be one of its own (never on an answer the vendor cannot tell: auth, rate limit, a server
 * error; the checks judge those). A transport error other than TLS is left to the checks.
 */
export async function probeTarget(
  def: VendorDefinition,
  ctx: { http: HttpClient; section: Record<string, unknown>; baseUrl: string },
): Promise<ProbeResult> {
  if (!def.probe) return { ok: true };
  const probe = await def.probe();
  const request = probe.request(ctx.section, ctx.baseUrl);
  let answer: ProbeAnswer;
  try {
    const ex = await ctx.http.send(request);
    answer = { status: ex.response.status, headers: ex.response.headers, body: excerpt(ex.response.body) };
  } catch (e) {
    if (e instanceof TransportError && isTlsFailure(e.code))
      return { ok: false, kind: 'tls', reason: tlsMessage(ctx.baseUrl, e.code) };
    if (e instanceof TransportError) return { ok: true };
    throw e;
  }
  if (probe.recognise(answer) !== false) return { ok: true };
  const type = answer.headers['content-type']?.split(';')[0] ?? 'no Content-Type';
  const what = looksLikeHtml(answer) ? 'an HTML page' : `HTTP ${answer.status} ${type}`;
  const path = (() => {
    try {
      const u = new URL(request.url);
      return `${u.pathname}`;
    } catch {
      return request.url;
    }
  })();
  return {
    ok: false,
    kind: 'not-this-api',
    reason: `the probe ${request.method} ${path} got ${what}${answer.status !== 200 ? ` (HTTP ${answer.status})` : ''}: this does not look like ${def.title} at ${ctx.baseUrl}; is the base path right? like https://host${def.basePathHint}`,
  };
}
