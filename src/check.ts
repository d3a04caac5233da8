// The vocabulary of checks: a check throws CheckFailure (the target broke a requirement),
// NotApplicable (the target does not offer an optional feature), or lets a TransportError through
// (the target could not be reached: errored). Checks are pure functions of recorded exchanges.
import type { Exchange } from './http.ts';
import type { Failure, RecordedExchange } from './types.ts';

export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(CheckFailure.format(failure));
    this.failure = failure;
  }

  static format(f: Failure): string {
    const lines = [f.title];
    if (f.received !== undefined) lines.push(`Received: ${f.received}`);
    if (f.documented !== undefined) lines.push(`Documented: ${f.documented}`);
    for (const m of f.messages ?? []) lines.push(`  - ${m}`);
    return lines.join('\n');
  }
}

/**
 * The check cannot be judged here. Without `needs`: the target does not offer the (optional)
 * feature, which is no failure, not even under --strict. With `needs`: the config lacks the named
 * key (e.g. `readings.errorStatus`, `signerModule`); the report lists it so the user can make the
 * requirement verifiable.
 */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
  constructor(
    message: string,
    readonly needs?: string,
  ) {
    super(message);
  }
}

/**
 * Something the check stands on went away mid-run (an expired session, a fixture deleted by someone
 * else): the check cannot be judged. Errored, with this message, never a failure of its requirement.
 */
export class PreconditionLost extends Error {
  override name = 'PreconditionLost';
}

export function fail(title: string, detail: Omit<Failure, 'title'> = {}): never {
  throw new CheckFailure({ title, ...detail });
}

export function notApplicable(reason: string, opts: { needs?: string } = {}): never {
  throw new NotApplicable(reason, opts.needs);
}

/** A documented representation of a response body, for its media type. */
export type Representation = 'json' | 'xml' | 'jsonp';

const MEDIA: Record<Representation, { test: (type: string) => boolean; documented: string }> = {
  json: {
    test: (t) => t === 'application/json' || /^application\/[\w.+-]+\+json$/.test(t),
    documented: 'application/json (or a +json type)',
  },
  xml: {
    test: (t) => t === 'application/xml' || t === 'text/xml' || /^application\/[\w.+-]+\+xml$/.test(t),
    documented: 'application/xml, text/xml (or a +xml type)',
  },
  jsonp: {
    test: (t) =>
      [
        'application/javascript',
        'text/javascript',
        'application/x-javascript',
        'application/ecmascript',
        'text/ecmascript',
      ].includes(t),
    documented: 'a script type (application/javascript, text/javascript)',
  },
};

/**
 * What is wrong with a response's Content-Type for the representation it carries, or undefined.
 * `accept` lists legacy labels the user accepts for their target (a reading); `charset`, the
 * charset the page declares for this representation, if any.
 */
export function mediaTypeProblem(
  ex: {
    request: { method: string; url: string };
    response: { status: number; headers: Record<string, string> };
  },
  rep: Representation,
  opts: { accept?: readonly string[]; charset?: string | CharsetRule } = {},
): string | undefined {
  const raw = ex.response.headers['content-type'];
  if (!raw)
    return `${ex.request.method} ${pathOf(ex.request.url)}: HTTP ${ex.response.status} has no Content-Type (documented: ${MEDIA[rep].documented})`;
  const [type = '', ...params] = raw.split(';').map((p) => p.trim());
  const mediaType = type.toLowerCase();
  const accepted =
    MEDIA[rep].test(mediaType) || (opts.accept ?? []).map((a) => a.toLowerCase()).includes(mediaType);
  if (!accepted)
    return `${ex.request.method} ${pathOf(ex.request.url)}: HTTP ${ex.response.status} labelled ${raw} (documented: ${MEDIA[rep].documented})`;
  if (opts.charset) {
    const wanted = opts.charset;
    const rule =
      typeof wanted === 'string'
        ? { documented: wanted, accepts: (l: string) => l.toLowerCase() === wanted.toLowerCase() }
        : wanted;
    const cs = params
      .find((p) => /^charset\s*=/i.test(p))
      ?.replace(/^charset\s*=\s*/i, '')
      .replace(/"/g, '');
    if (cs && !rule.accepts(cs))
      return `${ex.request.method} ${pathOf(ex.request.url)}: HTTP ${ex.response.status} labelled charset=${cs} (documented: ${rule.documented})`;
  }
  return undefined;
}

/** A declared charset and the labels that name it (e.g. every WHATWG label of Latin-1). */
export interface CharsetRule {
  documented: string;
  accepts: (label: string) => boolean;
}

/** How one response is to be labelled, or why it is not judged (a string), or undefined (not judged). */
export type Labelling = { rep: Representation; charset?: string | CharsetRule } | string | undefined;

export type Answered = RecordedExchange & { response: NonNullable<RecordedExchange['response']> };

/**
 * The media-type judgement of every response a run received (each vendor's closing MEDIA-TYPE
 * check): transport errors (no response), redirects and empty bodies carry no representation and
 * are never judged; `labelOf` says how each other response must be labelled, or why it is not
 * judged. One problem per distinct label and request, in order.
 */
export function labelProblems(
  seen: readonly RecordedExchange[],
  labelOf: (ex: Answered) => Labelling,
  accept: readonly string[],
): { judged: number; skipped: string[]; problems: string[] } {
  const out = { judged: 0, skipped: [] as string[], problems: [] as string[] };
  for (const ex of seen) {
    const res = ex.response;
    if (!res || (res.status >= 300 && res.status < 400) || res.bodyBytes === 0) continue;
    const label = labelOf(ex as Answered);
    if (label === undefined) continue;
    if (typeof label === 'string') {
      out.skipped.push(label);
      continue;
    }
    out.judged += 1;
    const problem = mediaTypeProblem(ex as Answered, label.rep, {
      accept,
      ...(label.charset ? { charset: label.charset } : {}),
    });
    if (problem && !out.problems.includes(problem)) out.problems.push(problem);
  }
  return out;
}

/** A comma-separated reading (e.g. readings.legacyMediaTypes) as a list: trimmed, lower-case, no blanks. */
export function listReading(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url;
  }
}

export function describeResponse(ex: Exchange): string {
  const ct = ex.response.headers['content-type'];
  const size = ex.response.truncated
    ? `body cut at the ${ex.response.body.length}-byte cap (maxBodyBytes)`
    : `${ex.response.body.length} bytes`;
  return `HTTP ${ex.response.status}${ct ? ` (${ct})` : ''}, ${size}`;
}

/** The request was answered with a status in the 2xx range. */
export function is2xx(ex: { response: { status: number } }): boolean {
  return ex.response.status >= 200 && ex.response.status < 300;
}

/**
 * The answer's status is one of `allowed`, or the check fails with `what`. `received` describes the
 * answer (default: status, content type and size); `documented` says where the allowed list comes
 * from when it is a reading.
 */
export function checkStatus(
  ex: Exchange,
  allowed: number | readonly number[],
  what: string,
  opts: { received?: (ex: Exchange) => string; documented?: string } = {},
): void {
  const list = typeof allowed === 'number' ? [allowed] : allowed;
  if (!list.includes(ex.response.status)) {
    fail(what, {
      received: (opts.received ?? describeResponse)(ex),
      documented: opts.documented ?? `HTTP ${list.join(' or ')}`,
    });
  }
}

/**
 * Where `actual` differs from `expected`, one line per field: "name: expected "x", got "y"". Fields
 * are compared by name, never by position. `missing` names an absent field in the vendor's terms.
 */
export function fieldDiff(
  actual: Readonly<Record<string, unknown>>,
  expected: Readonly<Record<string, unknown>>,
  opts: { missing?: string; same?: (a: unknown, b: unknown) => boolean } = {},
): string[] {
  const same = opts.same ?? ((a, b) => JSON.stringify(a) === JSON.stringify(b));
  return Object.entries(expected)
    .filter(([k, v]) => !same(actual[k], v))
    .map(
      ([k, v]) =>
        `${k}: expected ${JSON.stringify(v)}, got ${actual[k] === undefined ? (opts.missing ?? 'nothing') : JSON.stringify(actual[k])}`,
    );
}

/** Each expected field holds exactly the expected value, or the check fails with `what`. */
export function checkFields(
  actual: Readonly<Record<string, unknown>>,
  expected: Readonly<Record<string, unknown>>,
  what: string,
  opts: { missing?: string; same?: (a: unknown, b: unknown) => boolean } = {},
): void {
  const wrong = fieldDiff(actual, expected, opts);
  if (wrong.length > 0) fail(what, { messages: wrong });
}

/**
 * Values unique to the run and to each use: a real target shows an obvious trail (the run id), two
 * runs never collide, and a target that answers stale values cannot pass by luck.
 */
export function uniqueValues(runId: string): { next: (label?: string) => string; serial: () => number } {
  let serial = 0;
  return {
    next: (label = 'conformance') => `${label} ${runId} ${++serial}`,
    serial: () => ++serial,
  };
}

export function header(ex: Exchange, name: string): string | undefined {
  return ex.response.headers[name.toLowerCase()];
}
