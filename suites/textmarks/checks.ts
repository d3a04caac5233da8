// TextMarks checks: pure functions of a recorded exchange. Each throws CheckFailure with what was
// received and what the page documents. The strict shape of a body is TXM-ENVELOPE's business
// (checkEnvelope); every other check reads bodies leniently (readLeniently, rescodeOf), so a target
// whose envelope is off fails that one requirement, not every check that reads a rescode.
import { describeResponse, fail, labelProblems } from '../../src/check.ts';
import { type Exchange, excerpt } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import { jsonDeeperThan } from '../../src/validate/depth.ts';
import { parseJson } from '../../src/validate/json.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import type { Readings } from './config.ts';
import { SCHEMAS } from './schemas.ts';

/** A JavaScript identifier path, the only callback names a target should echo. */
export const PLAIN_CALLBACK = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
/**
 * A JSON-P body: an optional leading empty comment (Express writes one against content sniffing), an
 * optional guard on the same name (`typeof cb === 'function' &&`, or `cb &&`), then cb(…) and an
 * optional ';'. Group 1 is the guard's name, group 2 the callback's, group 3 what is inside.
 */
const JSONP_BODY =
  /^(?:\/\*\*\/\s*)?(?:(?:typeof\s+([^\s(]+)\s*===?\s*(?:'function'|"function")|([^\s(]+))\s*&&\s*)?([^\s(]+)\s*\(([\s\S]*)\)\s*;?\s*$/;

/** The callback name and the text inside the call, when the body is JSON-P (see JSONP_BODY). */
export function parseJsonp(text: string): { callback: string; inner: string } | undefined {
  if (text.startsWith('{') || text.startsWith('[')) return undefined;
  const m = JSONP_BODY.exec(text);
  if (!m) return undefined;
  const guard = m[1] ?? m[2];
  const callback = m[3] as string;
  // A guard on another name than the one called is not the JSON-P pattern.
  if (guard !== undefined && guard !== callback) return undefined;
  return { callback, inner: m[4] as string };
}

/** The response as evidence: status, type, size and the start of the body. */
export function evidence(ex: Exchange, chars = 300): string {
  const body = excerpt(ex.response.body, chars);
  return `${describeResponse(ex)}, body starts ${JSON.stringify(body)}`;
}

function bodyText(ex: Exchange): string {
  return new TextDecoder('utf-8').decode(ex.response.body).replace(/^\uFEFF/, '');
}

export interface Lenient {
  text: string;
  /** The callback name when the body is name(…) */
  callback?: string;
  value?: unknown;
}

/** The body read as forgivingly as is safe: a JSON-P wrapper stripped, trailing commas tolerated. */
export function readLeniently(ex: Exchange): Lenient {
  const text = bodyText(ex).trim();
  const out: Lenient = { text };
  let json = text;
  const jsonp = parseJsonp(text);
  if (jsonp) {
    out.callback = jsonp.callback;
    json = jsonp.inner;
  }
  // A body nesting absurdly deep is not read (every walk over it would overflow the stack).
  if (jsonDeeperThan(json)) return out;
  for (const candidate of [json, json.replace(/,\s*([}\]])/g, '$1')]) {
    try {
      out.value = JSON.parse(candidate);
      return out;
    } catch {
      // try the next, more forgiving, form
    }
  }
  return out;
}

/** The first member named `rescode` anywhere in the body, as a number (lenient on type and place). */
export function findRescode(value: unknown): number | undefined {
  const queue: unknown[] = [value];
  while (queue.length > 0) {
    const node = queue.shift();
    if (!node || typeof node !== 'object') continue;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'rescode') {
        if (typeof v === 'number') return v;
        if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
      }
      if (v && typeof v === 'object') queue.push(v);
    }
  }
  return undefined;
}

export function rescodeOf(ex: Exchange): number | undefined {
  return findRescode(readLeniently(ex).value);
}

function noRescode(ex: Exchange, what: string): never {
  fail(`${what}: the answer carries no rescode`, {
    received: evidence(ex),
    documented: 'JSON response.head.rescode==0 for success, or error code otherwise.',
  });
}

/** The request was refused: a non-zero rescode. */
export function expectRefused(ex: Exchange, what: string): number {
  const code = rescodeOf(ex);
  if (code === undefined) noRescode(ex, what);
  if (code === 0) {
    fail(`${what} was accepted (rescode 0)`, {
      received: evidence(ex),
      documented: 'a non-zero rescode ("or error code otherwise")',
    });
  }
  return code;
}

/** The request succeeded: rescode 0. */
export function expectSuccess(ex: Exchange, what: string): void {
  const code = rescodeOf(ex);
  if (code === undefined) noRescode(ex, what);
  if (code !== 0) {
    fail(`${what} was not accepted (rescode ${code})`, {
      received: evidence(ex),
      documented: 'response.head.rescode==0 for success',
    });
  }
}

export function expectRescode(ex: Exchange, expected: number, what: string): void {
  const code = rescodeOf(ex);
  if (code === undefined) noRescode(ex, what);
  if (code !== expected) {
    fail(`${what}: rescode ${code}, not ${expected}`, {
      received: evidence(ex),
      documented: `rescode ${expected}`,
    });
  }
}

/**
 * The strict envelope: valid JSON (UTF-8), no JSON-P wrapper when none was asked, and the
 * documented shape at the top level (or inside "response" under readings.envelope = wrapped).
 */
export function checkEnvelope(ex: Exchange, envelope: Readings['envelope'], what: string): void {
  const parsed = parseJson(ex.response.body);
  const documented =
    envelope === 'wrapped'
      ? '{"response":{"head":{"rescode":<int>,"resmsg":"…"},"body":…}} (readings.envelope = wrapped)'
      : '{"head":{"rescode":<int>,"resmsg":"…"},"body":…} at the top level';
  if (!parsed.ok) {
    const jsonp = readLeniently(ex).callback;
    fail(
      jsonp
        ? `${what}: the answer is JSON-P (callback ${JSON.stringify(jsonp)}) although no jsonp was asked`
        : `${what}: the answer is not valid JSON`,
      { received: evidence(ex), documented, messages: parsed.errors },
    );
  }
  const errs = schemaErrors(
    envelope === 'wrapped' ? SCHEMAS.envelopeWrapped : SCHEMAS.envelope,
    parsed.value,
  );
  if (errs.length > 0) {
    fail(`${what}: the answer is not the documented envelope`, {
      received: evidence(ex),
      documented,
      messages: errs,
    });
  }
}

/** The settings object of an integration_config() answer, read leniently (TXM-O1). */
export function settingsOf(ex: Exchange, readbackPath: string, what: string): Record<string, unknown> {
  const value = readLeniently(ex).value;
  if (!value || typeof value !== 'object') {
    fail(`${what}: the read-back is not JSON`, { received: evidence(ex) });
  }
  let root = value as Record<string, unknown>;
  // Wherever the envelope sits (top level or wrapped), the path starts at the envelope.
  const inner = root.response as Record<string, unknown> | undefined;
  if (!('head' in root) && inner && typeof inner === 'object' && !Array.isArray(inner)) root = inner;
  if (readbackPath === 'auto') {
    const found = findSettings(root.body) ?? findSettings(root);
    if (!found) {
      fail(`${what}: the read-back holds no object with group_callback_url or private_token`, {
        received: evidence(ex),
        documented:
          'the current settings ("See integration_config() to read the current settings."), anywhere in the envelope (readings.readbackPath = auto)',
      });
    }
    return found;
  }
  let node: unknown = root;
  for (const part of readbackPath.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (!node || typeof node !== 'object' || Array.isArray(node)) {
    fail(`${what}: the read-back has no settings object at ${readbackPath} (readings.readbackPath)`, {
      received: evidence(ex),
      documented: `an object at ${readbackPath} with group_callback_url and private_token`,
    });
  }
  return node as Record<string, unknown>;
}

/** The first object (breadth first) holding group_callback_url or private_token: readbackPath = auto. */
export function findSettings(value: unknown): Record<string, unknown> | undefined {
  const queue: unknown[] = [value];
  while (queue.length > 0) {
    const node = queue.shift();
    if (!node || typeof node !== 'object') continue;
    if (!Array.isArray(node) && ('group_callback_url' in node || 'private_token' in node)) {
      return node as Record<string, unknown>;
    }
    for (const v of Object.values(node as Record<string, unknown>))
      if (v && typeof v === 'object') queue.push(v);
  }
  return undefined;
}

/**
 * The common written forms of a phone number besides the configured one: its digits alone, and
 * + and the digits when it is written with a country code (starts with +). Never the configured
 * form itself, never a guessed country code.
 */
export function phoneForms(configured: string): string[] {
  const digits = configured.replace(/\D/g, '');
  const forms = [digits];
  if (configured.trim().startsWith('+')) forms.push(`+${digits}`);
  return [...new Set(forms)].filter((f) => f !== configured && f.replace(/\D/g, '').length > 0);
}

/**
 * Two faults at once: refused, with a rescode one of the faults gets alone (`alone`: the code each
 * fault got by itself, by kind).
 */
export function checkCombined(ex: Exchange, alone: Record<string, number>, what: string): number {
  const code = expectRefused(ex, what);
  const allowed = [...new Set(Object.values(alone))];
  if (!allowed.includes(code)) {
    fail(`${what}: rescode ${code} is not the code of either fault`, {
      received: evidence(ex),
      documented: `one of the error codes the faults get alone: ${Object.entries(alone)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    });
  }
  return code;
}

/**
 * Under readings.errorPrecedence: the kind first in `order` decides the rescode. Undefined when the
 * faults alone get the same code (the order cannot be seen in the code), else the expected code.
 */
export function precedenceExpected(
  alone: Record<string, number>,
  order: readonly string[],
): number | undefined {
  const kinds = Object.keys(alone);
  if (new Set(Object.values(alone)).size < 2) return undefined;
  const ranked = [...kinds].sort((a, b) => rank(order, a) - rank(order, b));
  return alone[ranked[0] as string];
}

function rank(order: readonly string[], kind: string): number {
  const i = order.indexOf(kind);
  return i < 0 ? order.length : i;
}

export function checkPrecedence(
  ex: Exchange,
  alone: Record<string, number>,
  order: readonly string[],
  what: string,
): void {
  const want = precedenceExpected(alone, order);
  if (want === undefined) return;
  const code = rescodeOf(ex);
  if (code !== want) {
    fail(`${what}: rescode ${code ?? 'none'}, not ${want}`, {
      received: evidence(ex),
      documented: `the code of the fault first in readings.errorPrecedence (${order.join(', ')}): ${Object.entries(
        alone,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    });
  }
}

/** What a recorded body carries: JSON, JSON-P, or neither (then no documented representation). */
export function representationOf(body: string): 'json' | 'jsonp' | undefined {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (/^(?:\/\*\*\/\s*)?(?:typeof\s+)?[A-Za-z_$][\w$.]*\s*(?:\(|===?|&&)/.test(text)) return 'jsonp';
  return undefined;
}

export interface MediaJudgement {
  judged: number;
  skipped: string[];
  problems: string[];
}

/**
 * Every received response whose body is JSON (or JSON-P, under jsonpMediaType = script) is labelled
 * with a type of that representation, or one of the user's legacy types. Not judged: transport
 * errors (no response), redirects (3xx: the suite follows none, their body is not the API's),
 * empty bodies (nothing to label), and bodies that are neither JSON nor JSON-P (not a documented
 * representation: TXM-ENVELOPE's business).
 */
export function judgeMediaTypes(
  seen: readonly RecordedExchange[],
  opts: { jsonp: Readings['jsonpMediaType']; accept: readonly string[] },
): MediaJudgement {
  return labelProblems(
    seen,
    (ex) => {
      const rep = representationOf(ex.response.body);
      const what = `${ex.request.method} HTTP ${ex.response.status}`;
      if (rep === undefined) return `${what}: body neither JSON nor JSON-P`;
      if (rep === 'jsonp' && opts.jsonp !== 'script')
        return `${what}: JSON-P (readings.jsonpMediaType = unchecked)`;
      return { rep };
    },
    opts.accept,
  );
}

export function checkMediaTypes(j: MediaJudgement): void {
  if (j.problems.length > 0) {
    fail(`${j.problems.length} kind(s) of response mislabelled, of ${j.judged} judged`, {
      documented:
        'JSON: application/json or a +json type; JSON-P (readings.jsonpMediaType = script): a script type; or one of readings.legacyMediaTypes',
      messages: j.problems,
    });
  }
}

export function isCleared(v: unknown, clearedReadsAs: Readings['clearedReadsAs']): boolean {
  return v === undefined || v === null || v === '' || (clearedReadsAs === 'empty-or-NONE' && v === 'NONE');
}

export function checkCleared(
  settings: Record<string, unknown>,
  key: string,
  clearedReadsAs: Readings['clearedReadsAs'],
  what: string,
): void {
  if (!isCleared(settings[key], clearedReadsAs)) {
    fail(what, {
      received: `${key} ${JSON.stringify(settings[key])}`,
      documented:
        clearedReadsAs === 'empty'
          ? 'absent, null or "" (readings.clearedReadsAs)'
          : 'absent, null, "" or NONE (readings.clearedReadsAs)',
    });
  }
}

/**
 * With jsonp=cb the body is cb(<an envelope with a rescode>), an optional ';' after it; a leading
 * empty comment and a guard (`typeof cb === 'function' &&`, `cb &&`) are accepted, as Express writes
 * them: the page says only "JSON-P callback: (as 'jsonp' param, optional)".
 */
export function checkJsonp(ex: Exchange, callback: string, what: string): void {
  const lenient = readLeniently(ex);
  if (lenient.callback !== callback) {
    fail(`${what}: the body is not wrapped in ${callback}(…)`, {
      received: evidence(ex),
      documented: `${callback}({"head":{"rescode":…},…})`,
    });
  }
  if (findRescode(lenient.value) === undefined) {
    fail(`${what}: ${callback}(…) does not hold the envelope`, {
      received: evidence(ex),
      documented: `${callback}({"head":{"rescode":…},…})`,
    });
  }
}

/** A blank jsonp (or none) gives plain JSON: the body starts with '{'. */
export function checkNotWrapped(ex: Exchange, what: string): void {
  const text = readLeniently(ex).text;
  if (!text.startsWith('{')) {
    fail(`${what}: the body is wrapped in a callback`, {
      received: evidence(ex),
      documented: 'plain JSON: (blank for none)',
    });
  }
}

/** A callback name that is not a plain identifier must not come back in front of the JSON. */
export function checkCallbackNotEchoed(ex: Exchange, hostile: string, what: string): void {
  const text = readLeniently(ex).text;
  if (text.startsWith(hostile) || text.includes(`${hostile}(`)) {
    fail(`${what}: the jsonp value was echoed raw as the callback`, {
      received: evidence(ex),
      documented: 'a refusal, or a sanitised callback name: never the raw value in front of the JSON',
    });
  }
}

/** The \s value in a received callback matches the configured signer's. */
export function checkSignature(received: string | null, expected: string, what: string): void {
  if (received !== expected) {
    fail(`${what}: the \\s value is not the signature made with the private_token just set`, {
      received: received === null ? 'no \\s value in the callback URL' : JSON.stringify(received),
      documented: `${JSON.stringify(expected)} (readings.signerModule)`,
    });
  }
}

/** A key whose value is a credential or signing secret (TXM-O3: the read-back may show them). */
const SECRET_KEY = /token|secret|pass|key/i;

/**
 * Every string (3 characters or more) under a key that names a secret, anywhere in a parsed body:
 * the values the suite learns from the target and must mask in the report.
 */
export function secretsIn(value: unknown): string[] {
  const out = new Set<string>();
  const walk = (node: unknown, secret: boolean): void => {
    if (typeof node === 'string') {
      if (secret && node.length >= 3) out.add(node);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      walk(v, secret || (!Array.isArray(node) && SECRET_KEY.test(k)));
    }
  };
  walk(value, false);
  return [...out];
}
