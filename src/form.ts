// The one form parser: query strings, url-encoded and multipart bodies, with the bytes' charset in
// mind. The reference mocks read requests with it, and the client rules judge what a client sent
// with it (src/client-check.ts), so a mock and its judge never read one request two ways.

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
