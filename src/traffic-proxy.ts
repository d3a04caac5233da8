// conformance proxy: a reverse proxy in front of a target. Every request goes to the target as the
// client sent it (path and query unchanged: point the client at the proxy's origin with the target's
// own base path), and the answer comes back as the target gave it: status, headers (hop-by-hop ones
// aside, as HTTP requires) and body bytes, streamed, never held back for the checks. Each exchange is
// handed to `observe` once it has been answered, with the first `maxBodyBytes` of each body (the rest
// still flows to the client, marked truncated for the judge). A target that resets, hangs past the
// timeout or answers garbage gets the client a short 502/504 and a console line; the proxy goes on.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Agent, request } from 'undici';
import { type Har, type HarEntry, harEntry } from './har.ts';
import type { TrafficExchange } from './types.ts';

/** Headers of one connection, never forwarded (RFC 9110 7.6.1), and those undici sets itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'expect']);

export const PROXY_REPORT_PATH = '/_conformance/report';

/** What --har-out keeps: at most this many entries, each body cut at this many bytes. */
export const HAR_KEEP = { entries: 1000, bodyBytes: 262_144 } as const;

export interface ProxyOptions {
  /** The target's base URL; its origin receives every request. */
  target: string;
  port?: number;
  host?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Called after the client was answered (never before): the exchange as far as it was kept. */
  observe: (exchange: TrafficExchange, meta: { durationMs: number; startedAt: Date }) => void;
  /** The proxy's own answer to GET /_conformance/report (rendered on demand). */
  report?: () => string;
  /** One line per misbehaving target answer (never a stack). */
  log: (line: string) => void;
  /** Keep a HAR of what passed (for --har-out), bounded by HAR_KEEP unless given. */
  har?: { entries?: number; bodyBytes?: number };
}

export interface RunningProxy {
  /** The URL to point the client at: the proxy's origin with the target's base path. */
  url: string;
  origin: string;
  port: number;
  /** The HAR of what passed so far (empty unless `har` was asked for). */
  har: () => Har;
  /** Requests forwarded, and those answered by the proxy itself (502/504). */
  stats: () => { forwarded: number; failed: number; harDropped: number };
  close: () => Promise<void>;
}

/** A request header list for the target: the client's, minus what belongs to the connection. */
export function forwardHeaders(raw: readonly string[]): string[] {
  const connectionNamed = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2)
    if ((raw[i] ?? '').toLowerCase() === 'connection')
      for (const n of (raw[i + 1] ?? '').split(',')) connectionNamed.add(n.trim().toLowerCase());
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (NOT_FORWARDED.has(name) || connectionNamed.has(name)) continue;
    out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

/** The answer's headers for the client, in the target's order, repeated ones kept apart; hop-by-hop ones out. */
export function answerHeaders(headers: Record<string, string | string[] | undefined>): string[] {
  const connectionNamed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((n) => n.trim().toLowerCase()),
  );
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || connectionNamed.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, v);
  }
  return out;
}

/** Lower-case names, repeated values joined (as the judges read headers everywhere). */
function flat(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Why the target gave no answer, as the client's status and one short line. */
export function transportFailure(err: unknown, timeoutMs: number): { status: 502 | 504; why: string } {
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? e.name ?? 'ERROR';
  if (/TIMEOUT|ABORT/i.test(code) || e.name === 'TimeoutError')
    return { status: 504, why: `the target did not answer within ${timeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { status: 502, why: 'the target refused the connection' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return { status: 502, why: `the target closed the connection (${code})` };
  if (code.startsWith('HPE_') || code === 'HTTPParserError' || code === 'UND_ERR_INFO')
    return { status: 502, why: `the target answered something that is not HTTP (${code})` };
  return { status: 502, why: `the target could not be reached (${code})` };
}

/** Collects the first `cap` bytes of a stream of chunks, counting them all. */
class Kept {
  private chunks: Buffer[] = [];
  size = 0;
  private kept = 0;
  constructor(private readonly cap: number) {}
  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.kept >= this.cap) return;
    const part = chunk.subarray(0, this.cap - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get truncated(): boolean {
    return this.size > this.kept;
  }
}

export async function startProxy(o: ProxyOptions): Promise<RunningProxy> {
  const target = new URL(o.target);
  const agent = new Agent({
    connect: { timeout: o.timeoutMs },
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    keepAliveTimeout: 4000,
  });
  const harCap = {
    entries: o.har?.entries ?? HAR_KEEP.entries,
    bodyBytes: o.har?.bodyBytes ?? HAR_KEEP.bodyBytes,
  };
  const entries: HarEntry[] = [];
  let forwarded = 0;
  let failed = 0;
  let harDropped = 0;

  const refuse = (res: ServerResponse, req: IncomingMessage, status: number, why: string) => {
    failed++;
    o.log(`proxy: ${req.method} ${(req.url ?? '/').split('?')[0]}: ${why} (answered ${status})`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`conformance proxy: ${why}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    if (o.report && req.method === 'GET' && path.split('?')[0] === PROXY_REPORT_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(o.report());
      return;
    }
    const startedAt = new Date();
    const started = performance.now();
    const sent = new Kept(o.maxBodyBytes);
    const hasBody =
      req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    let body: PassThrough | null = null;
    if (hasBody) {
      body = new PassThrough();
      req.on('data', (c: Buffer) => sent.add(c));
      req.pipe(body);
    }
    let upstream: Awaited<ReturnType<typeof request>>;
    try {
      upstream = await request(new URL(path, target.origin), {
        method: (req.method ?? 'GET') as 'GET',
        headers: forwardHeaders(req.rawHeaders),
        body,
        dispatcher: agent,
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
    } catch (err) {
      const f = transportFailure(err, o.timeoutMs);
      refuse(res, req, f.status, f.why);
      return;
    }
    forwarded++;
    const got = new Kept(o.maxBodyBytes);
    res.writeHead(upstream.statusCode, answerHeaders(upstream.headers));
    // The client going away stops the target's body too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.body.destroy();
    });
    try {
      for await (const chunk of upstream.body) {
        const b = chunk as Buffer;
        got.add(b);
        if (!res.write(b))
          await new Promise<void>((done) => {
            const go = () => {
              res.off('close', go);
              res.off('drain', go);
              done();
            };
            res.once('drain', go);
            res.once('close', go);
          });
        if (res.destroyed) break;
      }
    } catch (err) {
      const f = transportFailure(err, o.timeoutMs);
      refuse(res, req, f.status, `${f.why} while sending the body`);
      return;
    }
    res.end();
    const exchange: TrafficExchange = {
      request: {
        method: req.method ?? 'GET',
        url: path,
        headers: flat(req.headers),
        body: sent.bytes,
        ...(sent.truncated ? { truncated: true } : {}),
      },
      response: {
        status: upstream.statusCode,
        headers: flat(upstream.headers),
        body: got.bytes,
        ...(got.truncated ? { truncated: true } : {}),
      },
    };
    const durationMs = performance.now() - started;
    // Judged after the answer is on its way: the checks never delay the client.
    setImmediate(() => {
      if (o.har) {
        if (entries.length < harCap.entries)
          entries.push(
            harEntry(exchange, {
              url: new URL(path, target.origin).href,
              startedAt,
              durationMs,
              bodyBytes: harCap.bodyBytes,
              sizes: { request: sent.size, response: got.size },
            }),
          );
        else harDropped++;
      }
      o.observe(exchange, { durationMs, startedAt });
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      refuse(res, req, 502, `proxy error: ${(err as Error)?.message ?? String(err)}`),
    );
  });
  server.keepAliveTimeout = 5000;
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const basePath = target.pathname.replace(/\/+$/, '');
  return {
    url: `${origin}${basePath}`,
    origin,
    port,
    har: () => ({
      log: {
        version: '1.2',
        creator: { name: 'legacy-api-conformance proxy', version: '1' },
        entries: [...entries],
      },
    }),
    stats: () => ({ forwarded, failed, harDropped }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await agent.close();
    },
  };
}
