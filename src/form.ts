// The one form parser: query strings, url-encoded and multipart bodies, with the bytes' charset in
// mind. The reference mocks read requests with it, and the client rules judge what a client sent
// with it (src/client-check.ts), so a mock and its judge never read one request two ways.

/** One field of a form as sent: its name, its value's bytes, and the charset label that covers them. */
export interface FormField {
  name: string;
  bytes: Buffer;
  /** The charset the request declares for these bytes (the body's, or the multipart part's), lower case. */
  charset: string | undefined;
}

/** The labels read as ISO-8859-1; any other label (or none) is read as UTF-8. */
const LATIN1_LABELS = new Set(['iso-8859-1', 'latin1']);

/** The value of a `charset` parameter in a Content-Type (lower case, unquoted), if any. */
export function charsetOf(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const v = m?.[1] ?? m?.[2];
  return v ? v.toLowerCase() : undefined;
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

function percentBytes(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 43) bytes.push(32);
    else if (c === 37 && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else bytes.push(...Buffer.from(s[i] as string, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** Bytes as text: Latin-1 when so labelled, else UTF-8, and bytes that are not UTF-8 as Latin-1 (like many PHP back ends). */
export function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  if (charset && LATIN1_LABELS.has(charset)) return bytes.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * The fields of a query string, or of a POST body by its Content-Type, as bytes: multipart/form-data
 * part by part (multipart below, a string taken byte for byte as Latin-1 text); anything else as
 * application/x-www-form-urlencoded (a Buffer read as Latin-1 text; what is not percent-encoded
 * stands for its UTF-8 bytes).
 */
export function formFields(input: string | Buffer, contentType = ''): FormField[] {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'multipart/form-data')
    return multipart(typeof input === 'string' ? Buffer.from(input, 'latin1') : input, contentType);
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const charset = charsetOf(contentType);
  const out: FormField[] = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out.push({
      name: decodeBytes(percentBytes(eq < 0 ? pair : pair.slice(0, eq)), charset),
      bytes: percentBytes(eq < 0 ? '' : pair.slice(eq + 1)),
      charset,
    });
  }
  return out;
}

/** The mocks' one form parser: each field's value decoded by its charset; a repeated name, the last one wins (as PHP's $_POST). */
export function parseForm(input: string | Buffer, contentType = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of formFields(input, contentType)) out[f.name] = decodeBytes(f.bytes, f.charset);
  return out;
}

/**
 * multipart/form-data (RFC 7578), as PHP's curl sends an array: each part's name and its bytes, with
 * the charset the part declares (files are read like any other value). A part without a name is skipped.
 */
function multipart(body: Buffer, contentType: string): FormField[] {
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  const out: FormField[] = [];
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
      const partType = /^content-type:(.*)$/im.exec(headers)?.[1] ?? '';
      if (key !== undefined) out.push({ name: key, bytes: Buffer.from(value), charset: charsetOf(partType) });
    }
    pos = next;
  }
  return out;
}
