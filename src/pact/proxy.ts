// The verifier reaches the target through pact-js's proxy; its request filter records each exchange
// as evidence and puts right what pact-js 16.5 gets wrong for a legacy XML-over-forms API: forms it
// forwards as JSON (pact-js#884), XML the Rust verifier's parser rejects (public DOCTYPE, non-UTF-8).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { excerpt, flatHeaders, HttpClient, joinUrl } from '../http.ts';
import type { Redactor } from '../redact.ts';
import type { ContractRequest, RecordedExchange } from '../types.ts';
import { contractsHalted, HALTED } from './halt.ts';

/** One request the verifier replayed; `normalised` when its XML answer was rewritten for the verifier. */
export interface RequestEvent {
  kind: 'request';
  exchange: RecordedExchange;
  normalised: boolean;
  /** The request as the contract has it, when the vendor's filter changed it (method and path). */
  contractLine?: string;
  /** Why the vendor's request filter could not adjust it (then it went as the contract has it). */
  filterError?: string;
  /** The target's label of the answer, when the verifier was shown it as the contract's type. */
  relabelled?: { from: string; to: string };
}

export interface ProxyContext {
  baseUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** --rate: requests per second to the target. */
  rate?: number;
  redactor: Redactor;
  /** Every request, in the verifier's order (paired with the interactions afterwards). */
  events: { push(event: RequestEvent): unknown };
  /**
   * The vendor's request filter, bound to this run (the states of the interaction being replayed);
   * `{ refuse }` when the request must not reach the target (its state could not be set up).
   */
  adjust?: (request: ContractRequest) => ContractRequest | { refuse: string };
  /** The vendor's relabel, bound to this run: a legacy label the readings accept, as the contract's type. */
  relabel?: (contentType: string | undefined) => string | undefined;
}

type Req = IncomingMessage & { body?: unknown; path?: string; originalUrl?: string };

const XML_DECL_ENCODING = /^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])/;
const SINGLE_BYTE = new Set([
  'iso-8859-1',
  'latin1',
  'iso_8859-1',
  'l1',
  'windows-1252',
  'cp1252',
  'us-ascii',
]);

/**
 * An XML body as the Rust verifier can parse it: without its DOCTYPE, in UTF-8. Undefined when the
 * body is not XML or needs no change.
 */
export function xmlForVerifier(body: Buffer, contentType: string | undefined): Buffer | undefined {
  const head = body.subarray(0, 256).toString('latin1');
  if (!/xml/i.test(contentType ?? '') && !/^\s*<\?xml/.test(head)) return undefined;
  const encoding = XML_DECL_ENCODING.exec(head)?.[2]?.toLowerCase();
  const singleByte = encoding !== undefined && SINGLE_BYTE.has(encoding);
  const original = singleByte ? body.toString('latin1') : body.toString('utf8');
  let text = original.replace(/<!DOCTYPE\s[^[>]*(\[[\s\S]*?\]\s*)?>/i, '');
  if (singleByte) text = text.replace(XML_DECL_ENCODING, '$1UTF-8$3');
  return text === original && !singleByte ? undefined : Buffer.from(text, 'utf8');
}

/** A form body parsed by the verifier proxy (body-parser, extended) back into form encoding. */
export function formEncode(value: unknown): string {
  const pairs: string[] = [];
  const add = (key: string, v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) add(key, item);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) add(`${key}[${k}]`, inner);
    } else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v ?? ''))}`);
  };
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(k, v);
  return pairs.join('&').replace(/%20/g, '+');
}

/** pact-js#884: the proxy parsed the form into an object and would forward it as JSON. */
function reencodeForm(req: Req): void {
  const contentType = String(req.headers['content-type'] ?? '');
  if (
    /application\/x-www-form-urlencoded/i.test(contentType) &&
    req.body &&
    typeof req.body === 'object' &&
    !Buffer.isBuffer(req.body)
  ) {
    const form = Buffer.from(formEncode(req.body));
    req.body = form;
    req.headers['content-length'] = String(form.length);
  }
}

/** The body as the proxy will forward it (pact-js stringifies a parsed JSON body; an empty parse is no body). */
function bodyBytes(req: Req): Buffer | undefined {
  const { body } = req;
  if (Buffer.isBuffer(body)) return body.length > 0 ? body : undefined;
  if (body && typeof body === 'object') {
    const json = /json/i.test(String(req.headers['content-type'] ?? ''));
    return json || Object.keys(body).length > 0 ? Buffer.from(JSON.stringify(body)) : undefined;
  }
  return typeof body === 'string' && body.length > 0 ? Buffer.from(body) : undefined;
}

/**
 * Hands the request to the vendor's filter and forwards what it answers. A filter that throws
 * leaves the request as the contract has it, and says why on the event.
 */
function applyFilter(
  req: Req,
  event: RequestEvent,
  adjust: NonNullable<ProxyContext['adjust']>,
): string | undefined {
  const host = req.headers.host;
  const headers = flatHeaders(
    Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')),
  );
  const before: ContractRequest = {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    body: bodyBytes(req),
  };
  let adjusted: ContractRequest | { refuse: string };
  try {
    adjusted = adjust(before);
  } catch (e) {
    event.filterError = `the request filter failed: ${(e as Error).message}`;
    return undefined;
  }
  if ('refuse' in adjusted) return adjusted.refuse;
  const after = adjusted;
  if (after.method !== before.method || after.path !== before.path) {
    event.contractLine = `${before.method} ${before.path}`;
  }
  req.method = after.method;
  req.url = after.path;
  req.originalUrl = after.path;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(after.headers)) out[k.toLowerCase()] = v;
  if (host) out.host = host;
  const body = after.body ?? Buffer.alloc(0);
  if (body.length > 0 || before.body) out['content-length'] = String(body.length);
  req.headers = out;
  req.body = body;
  return undefined;
}

/**
 * A contract path of `/` names the base URL itself (Sociotoco's REST endpoint is the base URL):
 * `/?q` is sent as `?q`, which the proxy joins to the base URL without a slash, as the suite calls
 * `{baseUrl}?q` (a server may answer `…/rest/` otherwise than `…/rest`).
 */
export function atBase(path: string): string {
  return path === '/' ? '' : path.startsWith('/?') ? path.slice(1) : path;
}

/** The URL the target receives for a proxied path: the base URL, its own path kept, then the path as it is. */
export function targetUrl(baseUrl: string, path: string): string {
  return /^([/?]|$)/.test(path) ? `${baseUrl.replace(/\/+$/, '')}${path}` : joinUrl(baseUrl, path);
}

/** The proxy hands over a parsed JSON body as an object: record it as JSON, not as nothing. */
function requestBodyText(body: unknown): string | undefined {
  if (Buffer.isBuffer(body)) return body.length > 0 ? excerpt(body) : undefined;
  if (body && typeof body === 'object' && Object.keys(body).length > 0) return JSON.stringify(body);
  return typeof body === 'string' && body.length > 0 ? body : undefined;
}

function recordRequest(req: Req, url: string, ctx: ProxyContext): RecordedExchange {
  const { redactor } = ctx;
  const body = requestBodyText(req.body);
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host'));
  return {
    request: {
      method: req.method ?? 'GET',
      url: redactor.text(url),
      headers: redactor.headers(flatHeaders(headers)),
      ...(body !== undefined ? { body: redactor.text(body) } : {}),
    },
    durationMs: 0,
  };
}

/** Headers that belong to one connection, or that undici sets itself from the URL and the body. */
const HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'expect',
  'upgrade',
]);

/**
 * Sends the request to the target ourselves (bounded like every request: timeout, body cap, no
 * redirects; the exact URL, a doubled slash or none before the query kept), records the exchange as
 * the target saw it, and answers the verifier with the target's answer (a legacy label the readings
 * accept relabelled; XML as the Rust verifier can parse it). A target that does not answer: the
 * verifier gets a 599 and the exchange says why (the check is errored on transport).
 */
async function forward(
  req: Req,
  res: ServerResponse,
  url: string,
  event: RequestEvent,
  ctx: ProxyContext,
): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(flatHeaders(req.headers as Record<string, unknown>)).filter(([k]) => !HOP.has(k)),
  );
  const body = bodyBytes(req);
  const client = new HttpClient({
    timeoutMs: ctx.timeoutMs,
    maxBodyBytes: ctx.maxBodyBytes,
    ...(ctx.rate !== undefined ? { rate: ctx.rate } : {}),
    redactor: ctx.redactor,
    onExchange: (redacted) => {
      event.exchange = redacted();
    },
  });
  let answer: Awaited<ReturnType<HttpClient['send']>>;
  try {
    answer = await client.send({ method: req.method ?? 'GET', url, headers, ...(body ? { body } : {}) });
  } catch (e) {
    if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
    res.end(`not answered: ${(e as Error).message}`);
    return;
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(answer.response.headers)) if (!HOP.has(k)) out[k] = v;
  if (answer.response.setCookies.length > 0) out['set-cookie'] = answer.response.setCookies;
  const label = ctx.relabel?.(answer.response.headers['content-type']);
  if (label) {
    event.relabelled = { from: answer.response.headers['content-type'] ?? '', to: label };
    out['content-type'] = label;
  }
  let payload = answer.response.body;
  const forVerifier = xmlForVerifier(payload, label ?? answer.response.headers['content-type']);
  if (forVerifier) {
    event.normalised = true;
    payload = forVerifier;
  }
  out['content-length'] = String(payload.length);
  // Headers pact-js's server set for itself (X-Powered-By: Express) are not the target's.
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(answer.response.status, out);
  res.end(payload);
}

/**
 * The verifier's `requestFilter`: every request to the target passes here and is sent from here
 * (pact-js's own proxy, http-proxy, would collapse a doubled slash and add one before a query).
 */
export function recordingProxy(ctx: ProxyContext): (req: Req, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const path = req.path ?? req.url ?? '';
    if (path === '/_pactSetup' || path === '/_messages') {
      next();
      return;
    }
    if (contractsHalted()) {
      res.writeHead(599, { 'content-type': 'text/plain' }).end(HALTED);
      return;
    }
    reencodeForm(req);
    req.url = atBase(req.url ?? '/');
    const event: RequestEvent = {
      kind: 'request',
      exchange: { request: { method: '', url: '', headers: {} }, durationMs: 0 },
      normalised: false,
    };
    const refused = ctx.adjust ? applyFilter(req, event, ctx.adjust) : undefined;
    const url = targetUrl(ctx.baseUrl, req.url ?? '');
    event.exchange = recordRequest(req, url, ctx);
    ctx.events.push(event);
    if (refused) {
      // Its state is not there: the request would act on the wrong ground. Never sent; the verifier
      // gets an answer that fails the interaction, whose state error explains it.
      event.exchange.error = `not sent: ${refused}`;
      res
        .writeHead(599, { 'content-type': 'text/plain' })
        .end('not sent: a provider state could not be set up');
      return;
    }
    forward(req, res, url, event, ctx).catch((e: unknown) => {
      event.exchange.error = ctx.redactor.text(`the proxy failed: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(599);
      res.end();
    });
  };
}
