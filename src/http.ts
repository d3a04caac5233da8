// All HTTP goes through here: one undici Agent, a timeout on every request, a cap on body size,
// no redirects followed, and every exchange recorded (redacted) for the report.
import { createRequire } from 'node:module';
import type { Agent, request as Request } from 'undici';
import type { Redactor } from './redact.ts';
import type { RecordedExchange } from './types.ts';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie kept apart in `setCookies`). */
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
  /** True when the body was larger than the cap and was cut. */
  truncated: boolean;
}

export interface Exchange {
  request: HttpRequest & { headers: Record<string, string> };
  response: HttpResponse;
  durationMs: number;
}

/** The target could not be reached or did not answer in time: the check is errored, not failed. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  redactor: Redactor;
  /**
   * Each exchange as recorded for the evidence (`redacted()`, masked with every secret the redactor
   * knows when it is called) and as it was (`raw`, secrets in clear): a judge reads the raw one, since
   * a secret that happens to be a substring of a header (a password `appl` in `application/json`)
   * would otherwise change what it judges. The evidence is masked on demand: a check keeps a few of
   * its generated exchanges, and masks the kept ones once, at its end (src/suite.ts).
   */
  onExchange?: (redacted: () => RecordedExchange, raw: RecordedExchange) => void;
  /** Requests per second to one origin (--rate), shared by every client of this process. */
  rate?: number;
}

// --rate: the start of each request to an origin is spaced 1000/rate ms after the previous one,
// whichever client of this thread sends it. The run's threads hand the spacing on: the engine's
// (journal reads, then the contract and the restores) to the suite's worker through its context
// (paceState, resumePace), and back when the suite ends (paceAfterOthers), so each target sees at
// most `rate` requests per second.
const nextStart = new Map<string, number>();
/** Milliseconds since the epoch, monotonic within a thread: comparable across the run's threads. */
const clock = (): number => performance.timeOrigin + performance.now();

export async function pace(url: string, rate: number | undefined): Promise<void> {
  if (!rate || rate <= 0) return;
  const key = safeOrigin(url);
  const now = clock();
  const at = Math.max(now, nextStart.get(key) ?? 0);
  nextStart.set(key, at + 1000 / rate);
  if (at > now) await new Promise((done) => setTimeout(done, at - now));
}

/** This thread's spacing: when each origin's next request may start, to hand on to another thread. */
export function paceState(): Record<string, number> {
  return Object.fromEntries(nextStart);
}

/** Takes on another thread's spacing: no request starts before that thread's next one could. */
export function resumePace(state: Readonly<Record<string, number>> | undefined): void {
  for (const [key, at] of Object.entries(state ?? {}))
    nextStart.set(key, Math.max(nextStart.get(key) ?? 0, at));
}

/** Another thread sent to `url` until now: this thread's next request there waits one gap from now. */
export function paceAfterOthers(url: string, rate: number | undefined): void {
  if (!rate || rate <= 0) return;
  const key = safeOrigin(url);
  nextStart.set(key, Math.max(nextStart.get(key) ?? 0, clock() + 1000 / rate));
}

const EXCERPT_CHARS = 4000;
type Undici = { Agent: typeof Agent; request: typeof Request };
/**
 * undici, loaded by the first request of the thread: the engine's thread sends none in a run against
 * the embedded mocks. Only the two modules the client uses are loaded (its Agent, and the request
 * call with the URL handling undici's index puts around it): about 50 ms of each thread's start
 * instead of 135-160 ms for the whole package, whose index also loads fetch, the mock agents, the
 * caches and node's own copy of undici. Where those files are not found (another undici 7 release
 * laid out otherwise) the whole package is loaded; test/engine/http.test.ts holds them to be the
 * package's own Agent and request.
 */
let undici: Undici | undefined;
export function loadUndici(): Undici {
  if (undici) return undici;
  const require = createRequire(import.meta.url);
  try {
    const AgentClass = require('undici/lib/dispatcher/agent.js') as typeof Agent;
    const apiRequest = require('undici/lib/api/api-request.js') as (
      this: Agent,
      opts: Record<string, unknown>,
    ) => ReturnType<typeof Request>;
    const { parseURL } = require('undici/lib/core/util.js') as { parseURL: (url: string) => URL };
    // undici's index.js, makeDispatcher: the same origin, path and method for a URL string.
    const request = ((url: string, opts: Record<string, unknown> & { dispatcher: Agent }) => {
      const u = parseURL(url);
      return apiRequest.call(opts.dispatcher, {
        ...opts,
        origin: u.origin,
        path: u.search ? `${u.pathname}${u.search}` : u.pathname,
        method: opts.method || (opts.body ? 'PUT' : 'GET'),
      });
    }) as unknown as typeof Request;
    undici = { Agent: AgentClass, request };
  } catch {
    undici = require('undici') as Undici;
  }
  return undici;
}
let sharedAgent: Agent | undefined;
let sharedAgentTimeout = 0;

let extraCa: string | undefined;

/**
 * --ca: a CA (PEM) trusted beside the system's, for a staging server with a private-CA or
 * self-signed certificate. Verification stays on: nothing else is trusted.
 */
export function trustCa(pem: string | undefined): void {
  if (pem === extraCa) return;
  extraCa = pem;
  const a = sharedAgent;
  sharedAgent = undefined;
  void a?.close();
}

/** The system's CAs: node:tls is loaded only by a run given --ca (about 10 ms of each thread's start). */
const trustedRoots = (): readonly string[] =>
  (createRequire(import.meta.url)('node:tls') as typeof import('node:tls')).rootCertificates;

function agentFor(timeoutMs: number): Agent {
  if (!sharedAgent || sharedAgentTimeout !== timeoutMs) {
    sharedAgent = new (loadUndici().Agent)({
      connect: { timeout: timeoutMs, ...(extraCa ? { ca: [...trustedRoots(), extraCa] } : {}) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 1000,
    });
    sharedAgentTimeout = timeoutMs;
  }
  return sharedAgent;
}

export async function closeAgent(): Promise<void> {
  const a = sharedAgent;
  sharedAgent = undefined;
  await a?.close();
}

function describeError(err: unknown, req: HttpRequest, timeoutMs: number): TransportError {
  const e = err as {
    code?: string;
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = e.code ?? e.cause?.code ?? e.name ?? 'ERROR';
  const origin = safeOrigin(req.url);
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    e.name === 'TimeoutError' ||
    code === 'ABORT_ERR'
  ) {
    return new TransportError(
      `timed out after ${timeoutMs} ms waiting for ${req.method} ${req.url} (timeoutMs in the target config)`,
      'TIMEOUT',
    );
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return new TransportError(`cannot connect to ${origin}: ${code}`, code);
  }
  return new TransportError(
    `${req.method} ${req.url} failed: ${code}${e.message ? ` (${e.message})` : ''}`,
    code,
  );
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Headers as recorded: lower-case names, repeated values joined with ", ", numbers as text. */
export function flatHeaders(raw: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return headers;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): {
  headers: Record<string, string>;
  setCookies: string[];
} {
  let setCookies: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined && k.toLowerCase() === 'set-cookie') setCookies = Array.isArray(v) ? v : [v];
  }
  return { headers: flatHeaders(raw), setCookies };
}

/** Body bytes as text for evidence: UTF-8 when it decodes, else Latin-1; control bytes shown escaped. */
export function excerpt(body: Buffer, max = EXCERPT_CHARS): string {
  const slice = body.subarray(0, max * 4);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(slice);
  } catch {
    text = slice.toString('latin1');
  }
  text = text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return text.length > max ? `${text.slice(0, max)}… [${body.length} bytes in all]` : text;
}

/** An exchange as evidence: every string masked (sensitive headers whole), the raw one untouched. */
export function redactExchange(raw: RecordedExchange, redactor: Redactor): RecordedExchange {
  const rec: RecordedExchange = {
    request: {
      method: redactor.text(raw.request.method),
      url: redactor.text(raw.request.url),
      headers: redactor.headers(raw.request.headers),
    },
    durationMs: raw.durationMs,
  };
  if (raw.request.body !== undefined) rec.request.body = redactor.text(raw.request.body);
  if (raw.response)
    rec.response = {
      ...raw.response,
      headers: redactor.headers(raw.response.headers),
      body: redactor.text(raw.response.body),
    };
  if (raw.error !== undefined) rec.error = redactor.text(raw.error);
  return rec;
}

export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  async send(req: HttpRequest): Promise<Exchange> {
    const { timeoutMs, maxBodyBytes, redactor } = this.options;
    const headers = { ...(req.headers ?? {}) };
    // Loaded before the request's turn under --rate, so that loading never delays a paced request.
    const { request } = loadUndici();
    await pace(req.url, this.options.rate);
    const started = performance.now();
    const record = (response?: RecordedExchange['response'], error?: string): void => {
      if (!this.options.onExchange) return;
      const raw: RecordedExchange = {
        request: { method: req.method, url: req.url, headers },
        durationMs: Math.round(performance.now() - started),
      };
      if (req.body !== undefined) {
        const b = typeof req.body === 'string' ? req.body : excerpt(req.body);
        raw.request.body = b.length > EXCERPT_CHARS ? `${b.slice(0, EXCERPT_CHARS)}…` : b;
      }
      if (response) raw.response = response;
      if (error) raw.error = error;
      this.options.onExchange(() => redactExchange(raw, redactor), raw);
    };

    let res: Awaited<ReturnType<typeof Request>>;
    try {
      res = await request(req.url, {
        method: req.method as 'GET',
        headers,
        body: req.body ?? null,
        dispatcher: agentFor(timeoutMs),
        signal: AbortSignal.timeout(timeoutMs),
        maxRedirections: 0,
      } as Parameters<typeof Request>[1]);
    } catch (err) {
      const te = describeError(err, req, timeoutMs);
      record(undefined, te.message);
      throw te;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    try {
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (size + buf.length > maxBodyBytes) {
          chunks.push(buf.subarray(0, maxBodyBytes - size));
          size = maxBodyBytes;
          truncated = true;
          res.body.destroy();
          break;
        }
        chunks.push(buf);
        size += buf.length;
      }
    } catch (err) {
      if (!truncated) {
        const te = describeError(err, req, timeoutMs);
        record(undefined, te.message);
        throw te;
      }
    }
    const body = Buffer.concat(chunks);
    const { headers: resHeaders, setCookies } = flattenHeaders(res.headers);
    record({
      status: res.statusCode,
      headers: resHeaders,
      body: excerpt(body),
      bodyBytes: body.length,
      truncated,
    });
    return {
      request: { ...req, headers },
      response: { status: res.statusCode, headers: resHeaders, setCookies, body, truncated },
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** Joins a base URL and a relative path without losing the base's own path. */
export function joinUrl(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return `${base}/${path.replace(/^\/+/, '')}`;
}
