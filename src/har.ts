// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), read and written. Read: what browsers'
// devtools, mitmproxy and Charles export (headers as name/value lists, postData.text plain or base64,
// content.text plain or base64 with `encoding`, bodies absent), as the exchanges the passive rules
// judge. Each entry's request keeps its path and query as sent: the rules match on the path's own
// shape (an account call, a method name), never on a base path, so a HAR taken behind another base
// path reads the same. Written: what the proxy passed (--har-out).
import { UsageError } from './config.ts';
import type { TrafficExchange } from './types.ts';

interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: unknown[];
    headersSize: number;
    bodySize: number;
    postData?: { mimeType: string; text: string; encoding?: 'base64' };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: unknown[];
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64' };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

export interface Har {
  log: { version: string; creator: { name: string; version: string }; entries: HarEntry[] };
}

/** Text as HAR holds it: UTF-8 when the bytes are UTF-8, else base64 (with `encoding`). */
function harText(bytes: Buffer): { text: string; encoding?: 'base64' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { text: bytes.toString('base64'), encoding: 'base64' };
  }
}

const headerList = (h: Record<string, string>): HarHeader[] =>
  Object.entries(h).map(([name, value]) => ({ name, value }));

/** One exchange as a HAR entry; bodies cut at `bodyBytes` (the full sizes stay in size/bodySize). */
export function harEntry(
  x: TrafficExchange,
  meta: {
    url: string;
    startedAt: Date;
    durationMs: number;
    bodyBytes: number;
    sizes: { request: number; response: number };
  },
): HarEntry {
  const url = new URL(meta.url);
  const reqBody = x.request.body.subarray(0, meta.bodyBytes);
  const resBody = x.response.body.subarray(0, meta.bodyBytes);
  const ms = Math.round(meta.durationMs * 1000) / 1000;
  return {
    startedDateTime: meta.startedAt.toISOString(),
    time: ms,
    request: {
      method: x.request.method,
      url: url.href,
      httpVersion: 'HTTP/1.1',
      headers: headerList(x.request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: meta.sizes.request,
      ...(meta.sizes.request > 0
        ? { postData: { mimeType: x.request.headers['content-type'] ?? '', ...harText(reqBody) } }
        : {}),
    },
    response: {
      status: x.response.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: headerList(x.response.headers),
      cookies: [],
      content: {
        size: meta.sizes.response,
        mimeType: x.response.headers['content-type'] ?? '',
        ...(meta.sizes.response > 0 ? harText(resBody) : {}),
      },
      redirectURL: x.response.headers.location ?? '',
      headersSize: -1,
      bodySize: meta.sizes.response,
    },
    cache: {},
    timings: { send: 0, wait: ms, receive: 0 },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Name/value lists as lower-case headers, repeated names joined (set-cookie as a client reads it). */
function headersOf(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const h of list) {
    if (!isObject(h) || typeof h.name !== 'string') continue;
    const name = h.name.toLowerCase();
    // HTTP/2 pseudo-headers (devtools lists :authority, :path) are not headers of the exchange.
    if (name.startsWith(':')) continue;
    const value = String(h.value ?? '');
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}

/** A body's text (base64 when `encoding` says so; Charles and mitmproxy both use it). */
function bytesOf(text: unknown, encoding: unknown): Buffer {
  if (typeof text !== 'string') return Buffer.alloc(0);
  return encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
}

export interface HarRead {
  exchanges: TrafficExchange[];
  /** The first matching entry's origin (the report's target). */
  origin: string;
  /** Entries of the file, and those skipped (not this vendor's, no answer, unreadable). */
  entries: number;
  skipped: number;
}

/**
 * The exchanges of a HAR file this vendor's `matches` accepts. Not JSON, no log.entries, a version
 * other than 1.x, or nothing of this vendor: a UsageError naming the file.
 */
export function readHar(
  text: string,
  file: string,
  matches: (request: TrafficExchange['request']) => boolean,
  vendor: string,
): HarRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`--har ${file}: not a HAR file (not JSON: ${(e as Error).message})`);
  }
  const log = isObject(raw) ? raw.log : undefined;
  if (!isObject(log) || !Array.isArray(log.entries))
    throw new UsageError(`--har ${file}: not a HAR file (no log.entries)`);
  if (log.version !== undefined && !/^1\.\d+$/.test(String(log.version)))
    throw new UsageError(`--har ${file}: HAR version ${String(log.version)} (this tool reads HAR 1.x)`);
  const exchanges: TrafficExchange[] = [];
  let origin = '';
  let skipped = 0;
  for (const e of log.entries as unknown[]) {
    const x = isObject(e) ? exchangeOf(e) : undefined;
    if (!x || !matches(x.exchange.request)) {
      skipped++;
      continue;
    }
    origin ||= x.origin;
    exchanges.push(x.exchange);
  }
  if (exchanges.length === 0)
    throw new UsageError(
      `--har ${file}: none of its ${log.entries.length} entries is a ${vendor} API call with an answer (is it the right vendor?)`,
    );
  return { exchanges, origin, entries: log.entries.length, skipped };
}

/** One entry as an exchange; undefined when it has no request URL or no answer (status 0: aborted). */
function exchangeOf(e: Record<string, unknown>): { exchange: TrafficExchange; origin: string } | undefined {
  const rq = e.request;
  const rs = e.response;
  if (!isObject(rq) || !isObject(rs) || typeof rq.url !== 'string') return undefined;
  const status = Number(rs.status);
  if (!Number.isInteger(status) || status < 100) return undefined;
  let url: URL;
  try {
    url = new URL(rq.url);
  } catch {
    return undefined;
  }
  const post = isObject(rq.postData) ? rq.postData : {};
  const content = isObject(rs.content) ? rs.content : {};
  const body = bytesOf(content.text, content.encoding);
  // A body cut short: the file says how big it was (size), and holds less.
  const size = Number(content.size);
  const truncated = Number.isFinite(size) && size > body.length && content.text !== undefined;
  const sent = bytesOf(post.text, post.encoding);
  const sentSize = Number(rq.bodySize);
  const sentCut = Number.isFinite(sentSize) && sentSize > sent.length && post.text !== undefined;
  return {
    origin: url.origin,
    exchange: {
      request: {
        method: String(rq.method ?? 'GET').toUpperCase(),
        url: `${url.pathname}${url.search}`,
        headers: headersOf(rq.headers),
        body: sent,
        ...(sentCut ? { truncated: true } : {}),
      },
      response: {
        status,
        headers: headersOf(rs.headers),
        body,
        ...(truncated ? { truncated: true } : {}),
      },
    },
  };
}
