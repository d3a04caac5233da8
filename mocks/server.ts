// What every reference mock shares: a node:http server on a free loopback port, request bodies read
// with a cap, and one form parser (query strings, url-encoded and multipart bodies) that keeps the
// bytes' charset in mind.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>;

export interface Listening {
  url: string;
  port: number;
  close: () => Promise<void>;
}

const MAX_BODY = 1_048_576;

export async function listen(
  handler: Handler,
  opts: { port?: number; host?: string } = {},
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
      Promise.resolve(handler(req, Buffer.concat(chunks), res)).catch((err: unknown) => {
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

function percentDecode(s: string, charset: 'utf-8' | 'latin1'): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '+') bytes.push(32);
    else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  const buf = Buffer.from(bytes);
  if (charset === 'latin1') return buf.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Like many PHP back ends: bytes that are not UTF-8 are taken as Latin-1.
    return buf.toString('latin1');
  }
}

/**
 * The mocks' one form parser: a query string, or a POST body by its Content-Type. multipart/form-data
 * is read part by part (multipart below); anything else as application/x-www-form-urlencoded, decoded
 * by the declared charset (a Buffer is taken byte for byte, as Latin-1 text, before decoding).
 */
export function parseForm(input: string | Buffer, contentType = ''): Record<string, string> {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'multipart/form-data')
    return multipart(typeof input === 'string' ? Buffer.from(input, 'latin1') : input, contentType);
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const charset = /charset\s*=\s*"?(iso-8859-1|latin1)/i.test(contentType) ? 'latin1' : 'utf-8';
  const out: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = percentDecode(eq < 0 ? pair : pair.slice(0, eq), charset);
    out[k] = percentDecode(eq < 0 ? '' : pair.slice(eq + 1), charset);
  }
  return out;
}

/**
 * multipart/form-data (RFC 7578), as PHP's curl sends an array: each part's name and its value, read
 * as UTF-8 unless the part declares ISO-8859-1 (files are read like any other value). A part without
 * a name is skipped; a repeated name, the last one wins (as PHP's $_POST).
 */
function multipart(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  const out: Record<string, string> = {};
  if (!b) return out;
  const delimiter = Buffer.from(`--${b}`, 'latin1');
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString('latin1') === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('latin1');
      let value = part.subarray(headerEnd + 4);
      if (value.subarray(-2).toString('latin1') === '\r\n') value = value.subarray(0, -2);
      const name = /^content-disposition:.*?;\s*name\s*=\s*(?:"([^"]*)"|([^;\s]+))/im.exec(headers);
      const key = name?.[1] ?? name?.[2];
      const latin1 = /^content-type:.*charset\s*=\s*"?(iso-8859-1|latin1)/im.test(headers);
      if (key !== undefined) out[key] = value.toString(latin1 ? 'latin1' : 'utf8');
    }
    pos = next;
  }
  return out;
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
