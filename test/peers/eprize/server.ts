/**
 * Independent peer of the ePrize "Create profile" web service (ePrize Web Services 1.0), written from
 * schemas/eprize/page.txt and schemas/eprize/related.txt only. In-memory state per startPeer() call.
 *
 * ENDPOINTS (paths are relative to `url`; the query string is ignored everywhere)
 *   POST /v1/{apikey}/profile            create a profile (201 + Location, 400 field errors, 409 duplicate)
 *   POST /v1/{apikey}/profiles           same operation (plural form from the wiki's API home page)
 *   GET  /v1/{apikey}/profile/{uid}      read back: id + the promotion's safe keys (200), 404 when absent
 *   GET  /v1/{apikey}/profile({key})/{value}  303 See Other to /v1/{apikey}/profile/{uid}, 404 when absent
 *   POST /v1/{apikey}/captcha            new CAPTCHA challenge: 201, Location /v1/{apikey}/captcha/{id}
 *   GET  /v1/{apikey}/captcha/{id}       the challenge's question (200), 404 when unknown/used/expired
 *   HEAD is accepted wherever GET is. Other methods on a known path: 405 with Allow.
 *
 * SEEDED FIXTURES (fixtures object returned by startPeer)
 *   open      apikey "peer-open-7c1e": unique key email; CAPTCHA not enforced (trusted-caller style).
 *             keys: email (required, unique), first_name, last_name, optin, birthdate, address (optional).
 *             safe (echoed) keys: email, first_name, last_name, optin. Seeded profile
 *             uid a0000000000000000000000000000001, email taken@example.com, first_name Seed.
 *   captcha   apikey "peer-captcha-3b9d": unique key user_name; CAPTCHA enforced.
 *             keys: user_name (required, unique), email (required), first_name, mobile_phone, birthdate.
 *             safe keys: user_name, email, first_name. Seeded profile uid b0000000000000000000000000000001,
 *             user_name taken_user, email taken.user@example.com.
 *             captchaTestAnswer "peer-pass": accepted (case-insensitive) by every challenge of this peer,
 *             besides the challenge's own answer. Each challenge is still single-use.
 *   unknownApikey "no-such-promotion", unknownUid "f0000000000000000000000000000000".
 *
 * OPEN POINTS AND CONTRADICTIONS, AND THE CHOICE MADE
 *  1. Path/method not stated: POST /v1/{apikey}/profile (implied by Location) and /profiles (wiki home) both served.
 *  2. Content type not stated: application/x-www-form-urlencoded (live API) and key:value text (text/*, or no
 *     Content-Type) both accepted; any other type, or a charset other than utf-8/us-ascii, is 415.
 *  3. key:value layout (first line has no comma, later lines end with one): pairs split on line breaks and on a
 *     comma followed by `lowercase_key:`; one trailing comma per pair is dropped; key and value are trimmed;
 *     the value is everything after the first colon (values may hold colons, and commas not followed by a key).
 *  4. "Unique key first": order is not enforced (form variables carry no order); the key may come anywhere.
 *  5. Status is 1 in success and in both error bodies (contradiction): kept 1 everywhere, as documented; the HTTP
 *     status carries the outcome.
 *  6. NULL vs VALIDATION: NULL = required key absent or empty value; VALIDATION = bad key name, repeated key,
 *     bad format/size, control characters. An empty optional value counts as not given (not stored).
 *  7. Unknown but well-formed keys: "additional pairs may be submitted", so accepted and stored (max 255 chars)
 *     but never echoed (not safe keys). At most 50 pairs and key names of at most 64 characters.
 *  8. Body-level faults (undecodable UTF-8, a pair without a colon, too many pairs) are field errors on the
 *     pseudo-field "_body" (it can never clash with a real key, which must begin with a letter).
 *  9. CAPTCHA headers X-CAPTCHA-Challenge (the challenge path, or an absolute URL with that path) and
 *     X-CAPTCHA-Response; failure is a field error on "captcha": NULL when a header is missing, VALIDATION when
 *     the challenge is unknown/used/expired/of another promotion or the answer is wrong (documented: 400).
 * 10. A challenge is consumed by the first create request that presents it, whatever the outcome (no retries
 *     against one challenge); challenges expire after 15 minutes; at most 10000 are kept (oldest dropped).
 * 11. CAPTCHA is checked before the uniqueness test, so a request without a valid CAPTCHA never learns (409)
 *     that an account exists; all field errors (CAPTCHA included) are reported together in one 400.
 * 12. On a promotion without CAPTCHA the headers are ignored; POST .../captcha still works there (harmless).
 * 13. Uniqueness compares the unique value trimmed, NFC-normalised and lower-cased (emails/user names are
 *     case-insensitive in practice); the value is stored and echoed as submitted. Lookup uses the same rule.
 * 14. Lookup profile({key})/{value} is only allowed for the promotion's unique key; another well-formed key is
 *     400 (field error VALIDATION on that key), an unknown value 404.
 * 15. Undocumented errors use the documented error shape with terminal errors: unknown apikey 404
 *     "unknown_apikey", absent profile/challenge/path 404 "not_found", 405 "method_not_allowed",
 *     413 "request_too_large" (bodies over 1 MiB), 415 "unsupported_media_type", 500 "internal_error".
 * 16. uid: 32 random hex characters (not guessable, path-safe). Location is the documented relative path.
 * 17. JSON: offered when Accept ranks application/json above XML (XML wins ties and is the default); shape
 *     {"result":{<inner result>,"status":1}} since the PHP client reads result->status; field errors become
 *     [{"name","error"}], terminal errors a string array. Profile key order is not significant.
 * 18. Validation rules (vendor leaves them to the apikey): email <=254 with one @ and a dotted domain; user_name
 *     3-30 of [A-Za-z0-9_.-]; names 1-50; address <=200; optin one of y/n/yes/no/true/false/1/0 (any case,
 *     stored as sent); birthdate YYYY-MM-DD, a real date from 1900 to today; mobile_phone 10-15 digits with
 *     optional leading + and spaces/dashes/dots.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  url: string;
  close(): Promise<void>;
  fixtures: Record<string, unknown>;
}

type Validator = (value: string) => boolean;
interface KeyRule {
  required: boolean;
  safe: boolean;
  valid: Validator;
}
interface Promotion {
  apikey: string;
  uniqueKey: string;
  captcha: boolean;
  keys: Map<string, KeyRule>;
  profiles: Map<string, Map<string, string>>; // uid -> key -> value (insertion order = submission order)
  byUnique: Map<string, string>; // normalised unique value -> uid
}
interface Challenge {
  apikey: string;
  question: string;
  answer: string;
  expires: number;
}

const MAX_BODY = 1024 * 1024;
const MAX_PAIRS = 50;
const MAX_KEY = 64;
const MAX_EXTRA_VALUE = 255;
const CHALLENGE_TTL_MS = 15 * 60 * 1000;
const MAX_CHALLENGES = 10000;
const CAPTCHA_TEST_ANSWER = 'peer-pass';
const KEY_NAME = /^[a-z][a-z0-9_]*$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

const noControl =
  (max: number, min = 1): Validator =>
  (v) =>
    v.length >= min && v.length <= max && !CONTROL.test(v);
const isEmail: Validator = (v) => v.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v);
const isUserName: Validator = (v) => /^[A-Za-z0-9_.-]{3,30}$/.test(v);
const isOptin: Validator = (v) => /^(y|n|yes|no|true|false|1|0)$/i.test(v);
const isPhone: Validator = (v) => {
  if (!/^\+?[0-9][0-9 .-]*$/.test(v)) return false;
  const digits = v.replace(/[^0-9]/g, '').length;
  return digits >= 10 && digits <= 15;
};
const isBirthdate: Validator = (v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return real && y >= 1900 && date.getTime() <= Date.now();
};

const rule = (valid: Validator, required = false, safe = false): KeyRule => ({ required, safe, valid });
const normalise = (v: string): string => v.trim().normalize('NFC').toLowerCase();
const newUid = (): string => randomBytes(16).toString('hex');

function makePromotions(): Map<string, Promotion> {
  const open: Promotion = {
    apikey: 'peer-open-7c1e',
    uniqueKey: 'email',
    captcha: false,
    keys: new Map([
      ['email', rule(isEmail, true, true)],
      ['first_name', rule(noControl(50), false, true)],
      ['last_name', rule(noControl(50), false, true)],
      ['optin', rule(isOptin, false, true)],
      ['birthdate', rule(isBirthdate)],
      ['address', rule(noControl(200))],
    ]),
    profiles: new Map(),
    byUnique: new Map(),
  };
  const captcha: Promotion = {
    apikey: 'peer-captcha-3b9d',
    uniqueKey: 'user_name',
    captcha: true,
    keys: new Map([
      ['user_name', rule(isUserName, true, true)],
      ['email', rule(isEmail, true, true)],
      ['first_name', rule(noControl(50), false, true)],
      ['mobile_phone', rule(isPhone)],
      ['birthdate', rule(isBirthdate)],
    ]),
    profiles: new Map(),
    byUnique: new Map(),
  };
  const seed = (p: Promotion, uid: string, pairs: [string, string][]): void => {
    p.profiles.set(uid, new Map(pairs));
    const unique = pairs.find(([k]) => k === p.uniqueKey)?.[1] ?? '';
    p.byUnique.set(normalise(unique), uid);
  };
  seed(open, 'a0000000000000000000000000000001', [
    ['email', 'taken@example.com'],
    ['first_name', 'Seed'],
    ['birthdate', '1980-01-01'],
  ]);
  seed(captcha, 'b0000000000000000000000000000001', [
    ['user_name', 'taken_user'],
    ['email', 'taken.user@example.com'],
  ]);
  return new Map([
    [open.apikey, open],
    [captcha.apikey, captcha],
  ]);
}

// ---------- representations ----------

type FieldError = [name: string, code: 'NULL' | 'VALIDATION'];
type Inner =
  | { kind: 'profile'; fields: [string, string][] }
  | { kind: 'captcha'; fields: [string, string][] }
  | { kind: 'field_errors'; errors: FieldError[] }
  | { kind: 'terminal_errors'; errors: string[] };

const esc = (s: string): string =>
  s
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function toXml(inner: Inner): string {
  let body: string;
  if (inner.kind === 'profile' || inner.kind === 'captcha') {
    const f = inner.fields.map(([k, v]) => `      <${k}>${esc(v)}</${k}>\n`).join('');
    body = `    <${inner.kind}>\n${f}    </${inner.kind}>\n`;
  } else if (inner.kind === 'field_errors') {
    const f = inner.errors
      .map(
        ([n, e]) =>
          `        <field>\n          <name>${esc(n)}</name>\n          <error>${e}</error>\n        </field>\n`,
      )
      .join('');
    body = `    <errors>\n      <field_errors>\n${f}      </field_errors>\n    </errors>\n`;
  } else {
    const f = inner.errors.map((e) => `        <error>${esc(e)}</error>\n`).join('');
    body = `    <errors>\n      <terminal_errors>\n${f}      </terminal_errors>\n    </errors>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<result ver="ePrize Web Services 1.0">\n  <result>\n${body}  </result>\n  <status>1</status>\n</result>\n`;
}

function toJson(inner: Inner): string {
  let result: Record<string, unknown>;
  if (inner.kind === 'profile' || inner.kind === 'captcha') {
    result = { [inner.kind]: Object.fromEntries(inner.fields) };
  } else if (inner.kind === 'field_errors') {
    result = { errors: { field_errors: inner.errors.map(([name, error]) => ({ name, error })) } };
  } else {
    result = { errors: { terminal_errors: inner.errors } };
  }
  return JSON.stringify({ result: { ...result, status: 1 } });
}

/** JSON only when Accept ranks application/json strictly above every XML type; XML otherwise. */
function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  let json = 0;
  let xml = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === 'application/json') json = Math.max(json, q);
    if (type === 'application/xml' || type === 'text/xml') xml = Math.max(xml, q);
  }
  return json > 0 && json > xml;
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  inner: Inner,
  headers: Record<string, string> = {},
): void {
  const json = wantsJson(req.headers.accept);
  const body = json ? toJson(inner) : toXml(inner);
  res.writeHead(status, {
    ...headers,
    'Content-Type': json ? 'application/json; charset=UTF-8' : 'application/xml; charset=UTF-8',
    'Content-Length': Buffer.byteLength(body),
    Vary: 'Accept',
  });
  res.end(body);
}

const terminal = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
  h: Record<string, string> = {},
): void => send(req, res, status, { kind: 'terminal_errors', errors: [error] }, h);

// ---------- request body ----------

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY) return reject(new HttpError(413, 'request_too_large'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.pause();
        reject(new HttpError(413, 'request_too_large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Returns the submitted pairs in order, or null when the body itself is undecodable. */
function parsePairs(req: IncomingMessage, raw: Buffer): [string, string][] | null {
  const ctype = (req.headers['content-type'] ?? '').toLowerCase();
  const [media = '', ...params] = ctype.split(';').map((s) => s.trim());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset !== undefined && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) {
    throw new HttpError(415, 'unsupported_media_type');
  }
  const isForm = media === 'application/x-www-form-urlencoded';
  if (!isForm && media !== '' && !media.startsWith('text/'))
    throw new HttpError(415, 'unsupported_media_type');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
  if (isForm) {
    // URLSearchParams replaces bad %-escapes' bytes with U+FFFD; treat that as an undecodable body.
    const pairs = [...new URLSearchParams(text)];
    if (pairs.some(([k, v]) => (k + v).includes('\ufffd')) && !text.includes('\ufffd')) return null;
    return pairs.map(([k, v]) => [k.trim(), v.trim()]);
  }
  const pairs: [string, string][] = [];
  for (const piece of text.split(/\r\n|\r|\n|,(?=[ \t]*[a-z][a-z0-9_]*:)/)) {
    const item = piece.trim().replace(/,$/, '').trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    if (colon < 0) return null;
    pairs.push([item.slice(0, colon).trim(), item.slice(colon + 1).trim()]);
  }
  return pairs;
}

// ---------- server ----------

export function startPeer(options: { port?: number; host?: string } = {}): Promise<Peer> {
  const promotions = makePromotions();
  const challenges = new Map<string, Challenge>();

  function takeChallenge(apikey: string, header: string | undefined): Challenge | undefined {
    if (!header) return undefined;
    let path = header.trim();
    try {
      if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
    } catch {
      return undefined;
    }
    const m = /^\/v1\/([^/]+)\/captcha\/([^/]+)$/.exec(path);
    if (!m || m[1] !== encodeURIComponent(apikey)) return undefined;
    const id = m[2] ?? '';
    const ch = challenges.get(id);
    if (!ch || ch.apikey !== apikey) return undefined;
    challenges.delete(id); // single use, whatever the outcome
    return ch.expires >= Date.now() ? ch : undefined;
  }

  function createChallenge(apikey: string): [string, Challenge] {
    const now = Date.now();
    for (const [id, ch] of challenges) if (ch.expires < now) challenges.delete(id);
    while (challenges.size >= MAX_CHALLENGES) {
      const oldest = challenges.keys().next().value;
      if (oldest === undefined) break;
      challenges.delete(oldest);
    }
    const a = randomInt(1, 10);
    const b = randomInt(1, 10);
    const ch = {
      apikey,
      question: `What is ${a} plus ${b}?`,
      answer: String(a + b),
      expires: now + CHALLENGE_TTL_MS,
    };
    const id = newUid();
    challenges.set(id, ch);
    return [id, ch];
  }

  function profileFields(p: Promotion, uid: string, stored: Map<string, string>): [string, string][] {
    const out: [string, string][] = [['id', uid]];
    for (const [key, r] of p.keys) {
      const v = stored.get(key);
      if (r.safe && v !== undefined) out.push([key, v]);
    }
    return out;
  }

  async function create(req: IncomingMessage, res: ServerResponse, p: Promotion): Promise<void> {
    const pairs = parsePairs(req, await readBody(req));
    const errors: FieldError[] = [];
    const values = new Map<string, string>();
    const flagged = new Set<string>();
    const flag = (name: string, code: FieldError[1]): void => {
      if (flagged.has(name)) return;
      flagged.add(name);
      errors.push([name.length > MAX_KEY ? `${name.slice(0, MAX_KEY)}...` : name, code]);
    };
    if (pairs === null || pairs.length > MAX_PAIRS) flag('_body', 'VALIDATION');
    for (const [key, value] of pairs ?? []) {
      if (!KEY_NAME.test(key) || key.length > MAX_KEY || values.has(key)) flag(key, 'VALIDATION');
      else values.set(key, value);
    }
    for (const [key, r] of p.keys) {
      if (flagged.has(key)) continue;
      const v = values.get(key);
      if (v === undefined || v === '') {
        values.delete(key);
        if (r.required) flag(key, 'NULL');
      } else if (!r.valid(v)) flag(key, 'VALIDATION');
    }
    for (const [key, v] of values) {
      if (p.keys.has(key) || flagged.has(key)) continue;
      if (v === '') values.delete(key);
      else if (!noControl(MAX_EXTRA_VALUE)(v)) flag(key, 'VALIDATION');
    }
    if (p.captcha) {
      const chHeader = req.headers['x-captcha-challenge'];
      const answer = req.headers['x-captcha-response'];
      const challengePath = typeof chHeader === 'string' ? chHeader : undefined;
      const ch = takeChallenge(p.apikey, challengePath);
      if (!challengePath || typeof answer !== 'string' || answer.trim() === '') flag('captcha', 'NULL');
      else {
        const given = answer.trim().toLowerCase();
        if (!ch || (given !== ch.answer && given !== CAPTCHA_TEST_ANSWER)) flag('captcha', 'VALIDATION');
      }
    }
    if (errors.length > 0) return send(req, res, 400, { kind: 'field_errors', errors });
    const uniqueValue = values.get(p.uniqueKey) ?? '';
    if (p.byUnique.has(normalise(uniqueValue))) return terminal(req, res, 409, 'duplicate_account');
    const uid = newUid();
    p.profiles.set(uid, values);
    p.byUnique.set(normalise(uniqueValue), uid);
    const location = `/v1/${encodeURIComponent(p.apikey)}/profile/${uid}`;
    send(req, res, 201, { kind: 'profile', fields: profileFields(p, uid, values) }, { Location: location });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    let segs: string[];
    try {
      segs = rawPath.split('/').map((s) => decodeURIComponent(s));
    } catch {
      return terminal(req, res, 404, 'not_found');
    }
    const [empty, v1, apikey = '', resource = '', id, ...rest] = segs;
    if (empty !== '' || v1 !== 'v1' || rest.length > 0 || resource === '')
      return terminal(req, res, 404, 'not_found');
    const p = promotions.get(apikey);
    if (!p) return terminal(req, res, 404, 'unknown_apikey');
    const isGet = method === 'GET' || method === 'HEAD';
    const allow = (methods: string) => terminal(req, res, 405, 'method_not_allowed', { Allow: methods });

    if ((resource === 'profile' || resource === 'profiles') && id === undefined) {
      return method === 'POST' ? create(req, res, p) : allow('POST');
    }
    if (resource === 'profile' && id !== undefined) {
      if (!isGet) return allow('GET, HEAD');
      const stored = p.profiles.get(id);
      if (!stored) return terminal(req, res, 404, 'not_found');
      return send(req, res, 200, { kind: 'profile', fields: profileFields(p, id, stored) });
    }
    const lookup = /^profile\((.*)\)$/.exec(resource);
    if (lookup && id !== undefined) {
      if (!isGet) return allow('GET, HEAD');
      const key = lookup[1] ?? '';
      if (key !== p.uniqueKey) {
        return send(req, res, 400, { kind: 'field_errors', errors: [[key.slice(0, MAX_KEY), 'VALIDATION']] });
      }
      const uid = p.byUnique.get(normalise(id));
      if (uid === undefined) return terminal(req, res, 404, 'not_found');
      res.writeHead(303, {
        Location: `/v1/${encodeURIComponent(p.apikey)}/profile/${uid}`,
        'Content-Length': 0,
      });
      return void res.end();
    }
    if (resource === 'captcha' && id === undefined) {
      if (method !== 'POST') return allow('POST');
      const [cid, ch] = createChallenge(p.apikey);
      const location = `/v1/${encodeURIComponent(p.apikey)}/captcha/${cid}`;
      const fields: [string, string][] = [
        ['id', cid],
        ['question', ch.question],
      ];
      return send(req, res, 201, { kind: 'captcha', fields }, { Location: location });
    }
    if (resource === 'captcha' && id !== undefined) {
      if (!isGet) return allow('GET, HEAD');
      const ch = challenges.get(id);
      if (!ch || ch.apikey !== p.apikey || ch.expires < Date.now())
        return terminal(req, res, 404, 'not_found');
      const fields: [string, string][] = [
        ['id', id],
        ['question', ch.question],
      ];
      return send(req, res, 200, { kind: 'captcha', fields });
    }
    return terminal(req, res, 404, 'not_found');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const e = err instanceof HttpError ? err : new HttpError(500, 'internal_error');
      if (res.headersSent) return void res.destroy();
      const close = e.status === 413 ? { Connection: 'close' } : {};
      terminal(req, res, e.status, e.code, close);
      if (e.status === 413) res.on('finish', () => req.destroy());
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  const fixtures: Record<string, unknown> = {
    open: {
      apikey: 'peer-open-7c1e',
      uniqueKey: 'email',
      captcha: false,
      requiredKeys: ['email'],
      optionalKeys: ['first_name', 'last_name', 'optin', 'birthdate', 'address'],
      safeKeys: ['email', 'first_name', 'last_name', 'optin'],
      existingProfile: {
        uid: 'a0000000000000000000000000000001',
        email: 'taken@example.com',
        first_name: 'Seed',
      },
    },
    captcha: {
      apikey: 'peer-captcha-3b9d',
      uniqueKey: 'user_name',
      captcha: true,
      requiredKeys: ['user_name', 'email'],
      optionalKeys: ['first_name', 'mobile_phone', 'birthdate'],
      safeKeys: ['user_name', 'email', 'first_name'],
      captchaHeaders: { challenge: 'X-CAPTCHA-Challenge', response: 'X-CAPTCHA-Response' },
      captchaTestAnswer: CAPTCHA_TEST_ANSWER,
      existingProfile: {
        uid: 'b0000000000000000000000000000001',
        user_name: 'taken_user',
        email: 'taken.user@example.com',
      },
    },
    unknownApikey: 'no-such-promotion',
    unknownUid: 'f0000000000000000000000000000000',
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host ?? '127.0.0.1';
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        fixtures,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
