// XML from a target is untrusted: decode by the declared encoding, refuse invalid bytes,
// never expand entities or fetch anything, and turn every parser complaint into a message.

import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';
import { tooDeep, xmlDeeperThan } from './depth.ts';

// The package's own CommonJS build (its `require` export): one file, where its ES modules are many
// (11 ms to load instead of 46-74 ms, in every thread that parses XML).
const { XMLParser, XMLValidator } = createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser;

export interface XmlProlog {
  version?: string;
  encoding?: string;
}

export interface Doctype {
  root: string;
  publicId?: string;
  systemId?: string;
  internalSubset: boolean;
}

export type XmlParseResult =
  | { ok: true; value: Record<string, unknown>; text: string; prolog: XmlProlog; doctype?: Doctype }
  | { ok: false; errors: string[]; text?: string };

/**
 * The five predefined entities and character references are part of the text (Bill&apos;s is
 * "Bill's"); entities a DOCTYPE declares are never expanded (XXE, billion laughs) and stay as written.
 */
export function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(
    /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g,
    (whole, name, dec, hex) => {
      if (name)
        return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[
          name
        ] as string;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
  attributeValueProcessor: (_name, value) => decodeXmlText(value),
});

export function readProlog(bytes: Buffer): XmlProlog {
  const head = bytes.subarray(0, 256).toString('latin1');
  const m = /^\uFEFF?<\?xml\s+([^?]*)\?>/.exec(head.replace(/^\xEF\xBB\xBF/, ''));
  if (!m) return {};
  const attrs = m[1] ?? '';
  const out: XmlProlog = {};
  const v = /version\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
  const e = /encoding\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
  if (v !== undefined) out.version = v;
  if (e !== undefined) out.encoding = e;
  return out;
}

/** Decodes by the declared encoding (UTF-8 when none); invalid bytes are an error, never replaced. */
export function decodeXml(bytes: Buffer): { text: string } | { error: string } {
  const enc = (readProlog(bytes).encoding ?? 'UTF-8').toLowerCase();
  if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'iso_8859-1') {
    return { text: bytes.toString('latin1') };
  }
  if (enc === 'utf-8' || enc === 'utf8' || enc === 'us-ascii' || enc === 'ascii') {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      if (enc.includes('ascii') && /[^\x00-\x7f]/.test(text))
        return { error: 'body declares US-ASCII but holds non-ASCII bytes' };
      return { text: text.replace(/^\uFEFF/, '') };
    } catch {
      return { error: `body is not valid ${enc.toUpperCase()}: it holds byte sequences that do not decode` };
    }
  }
  return { error: `body declares an encoding this suite does not read: ${enc}` };
}

export function readDoctype(text: string): Doctype | undefined {
  const m =
    /<!DOCTYPE\s+([^\s[>]+)(?:\s+PUBLIC\s+(["'])(.*?)\2\s+(["'])(.*?)\4|\s+SYSTEM\s+(["'])(.*?)\6)?\s*(\[)?/s.exec(
      text,
    );
  if (!m) return undefined;
  const d: Doctype = { root: m[1] ?? '', internalSubset: m[8] === '[' };
  if (m[3] !== undefined) d.publicId = m[3];
  const sys = m[5] ?? m[7];
  if (sys !== undefined) d.systemId = sys;
  return d;
}

/**
 * One parse per body: a suite's checks each read the same exchange, and generated inputs bring the
 * same answers back (a TextMarketer run parsed 1,360 bodies, 382 of them distinct). The results of
 * the last KEPT distinct bodies are kept by content and frozen, since callers share them.
 */
const KEPT = 256;
const parsed = new Map<string, XmlParseResult>();

export function parseXml(bytes: Buffer): XmlParseResult {
  const key = bytes.toString('latin1');
  let result = parsed.get(key);
  if (!result) {
    result = deepFreeze(parseXmlOnce(bytes));
    if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, result);
  }
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parseXmlOnce(bytes: Buffer): XmlParseResult {
  if (bytes.length === 0) return { ok: false, errors: ['body is empty'] };
  const decoded = decodeXml(bytes);
  if ('error' in decoded) return { ok: false, errors: [decoded.error] };
  const { text } = decoded;
  if (xmlDeeperThan(text)) return { ok: false, text, errors: [tooDeep()] };
  const wf = XMLValidator.validate(text);
  if (wf !== true) {
    return {
      ok: false,
      text,
      errors: [`not well-formed XML: ${wf.err.msg} (line ${wf.err.line}, column ${wf.err.col})`],
    };
  }
  let value: Record<string, unknown>;
  try {
    value = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, text, errors: [`XML refused: ${(err as Error).message}`] };
  }
  const doctype = readDoctype(text);
  const result: XmlParseResult = { ok: true, value, text, prolog: readProlog(bytes) };
  if (doctype) result.doctype = doctype;
  return result;
}

/** Elements that may repeat come back from the parser as a value or an array: always an array here. */
export function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
