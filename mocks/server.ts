// What every reference mock shares: a node:http server on a free loopback port, request bodies read
// with a cap, and one form parser (query strings, url-encoded and multipart bodies) that keeps the
// bytes' charset in mind.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientRequest, MockInspector } from '../src/types.ts';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>;

export interface Listening {
  url: string;
  port: number;
  close: () => Promise<void>;
}

const MAX_BODY = 1_048_576;
/** How much of each answer an inspector is shown (evidence, not an archive). */
const KEPT_ANSWER = 65_536;

/** The request as an inspector sees it: header names in lower case, repeated values joined. */
function received(req: IncomingMessage, body: Buffer): ClientRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = String(v);
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers, body };
}

/** Hands the request and the mock's answer (status, headers, the first bytes of the body) to `inspector`. */
function inspect(inspector: MockInspector, request: ClientRequest, res: ServerResponse): void {
  const kept: Buffer[] = [];
  let size = 0;
  const keep = (chunk: unknown) => {
    if (size >= KEPT_ANSWER || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
    kept.push(b.subarray(0, KEPT_ANSWER - size));
    size += b.length;
  };
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  // Headers given to writeHead() are not in getHeaders(): kept as they pass.
  const given: Record<string, string> = {};
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  res.writeHead = ((...a: unknown[]) => {
    const h = a.find((x, i) => i > 0 && x !== null && typeof x === 'object') as
      | Record<string, unknown>
      | unknown[]
      | undefined;
    const pairs: [string, unknown][] = Array.isArray(h)
      ? Array.from({ length: Math.floor(h.length / 2) }, (_, i) => [String(h[2 * i]), h[2 * i + 1]])
      : Object.entries(h ?? {});
    for (const [k, v] of pairs)
      if (v !== undefined) given[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    return writeHead(...a);
  }) as typeof res.writeHead;
  res.write = ((...a: unknown[]) => {
    keep(a[0]);
    return write(...a);
  }) as typeof res.write;
  res.end = ((...a: unknown[]) => {
    keep(a[0]);
    return end(...a);
  }) as typeof res.end;
  res.once('finish', () => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.getHeaders())) if (v !== undefined) headers[k] = String(v);
    Object.assign(headers, given);
    inspector.observe(request, { status: res.statusCode, headers, body: Buffer.concat(kept) });
  });
}

export async function listen(
  handler: Handler,
  opts: { port?: number; host?: string; inspector?: MockInspector | undefined } = {},
): Promise<Listening> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const inspector = opts.inspector;
      if (inspector) {
        const request = received(req, body);
        const own = inspector.answer?.(request);
        if (own) {
          res.writeHead(own.status, own.headers).end(own.body);
          return;
        }
        inspect(inspector, request, res);
      }
      Promise.resolve(handler(req, body, res)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`mock error: ${(err as Error).message}`);
      });
    });
  });
  // Node's default: a keep-alive hint of 1 s is below undici's 2 s threshold, and every request
  // would then open a connection of its own.
  server.keepAliveTimeout = 5000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { parseForm } from '../src/form.ts';

/**
 * How a request's Accept takes a media type (RFC 9110 §12.5.1): the q of the most specific range that
 * matches it (type/subtype 2, a type wildcard 1, the full wildcard 0), q 0 when none does; no Accept
 * at all takes anything (q 1). Parameters other than q are ignored, names compared case-insensitively.
 */
export function acceptMatch(
  accept: string | undefined,
  mediaType: string,
): { q: number; specificity: number } {
  if (accept === undefined || accept.trim() === '') return { q: 1, specificity: -1 };
  const [type = '', subtype = ''] = mediaType.toLowerCase().split('/');
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(',')) {
    const [name = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const [t, st] = name.split('/');
    const specificity =
      t === type && st === subtype ? 2 : t === type && st === '*' ? 1 : t === '*' && st === '*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const qParam = params.find((p) => /^q\s*=/.test(p));
    const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/, ''));
    best = { specificity, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 };
  }
  return best;
}

/** The q a request's Accept gives a media type (acceptMatch). */
export function acceptQuality(accept: string | undefined, mediaType: string): number {
  return acceptMatch(accept, mediaType).q;
}

/**
 * The offer a request's Accept prefers: the highest q, then the one it names most specifically
 * (application/json beats the wildcard that covers XML), then the server's order (the first offer
 * is the default: no Accept, or a true tie). Undefined when the Accept takes none of them.
 */
export function preferredType(accept: string | undefined, offers: readonly string[]): string | undefined {
  let best: { offer: string; q: number; specificity: number } | undefined;
  for (const offer of offers) {
    const m = acceptMatch(accept, offer);
    if (m.q <= 0) continue;
    if (!best || m.q > best.q || (m.q === best.q && m.specificity > best.specificity)) best = { offer, ...m };
  }
  return best?.offer;
}

export function basicAuth(req: IncomingMessage): { username: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
