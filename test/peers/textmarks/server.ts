/**
 * Independent peer of the TextMarks API V2, package TextMarkManager: set_integration_config() and its
 * read-back integration_config(). Written only from schemas/textmarks/page.txt and related.txt.
 *
 * ENDPOINTS (base = Peer.url, e.g. http://127.0.0.1:PORT)
 *   POST      /TextMarkManager/set_integration_config/  auth_user, auth_pass, tm, [api_key],
 *                                                       [group_callback_url], [private_token], [jsonp]
 *   GET|POST  /TextMarkManager/integration_config/      auth_user, auth_pass, tm, [api_key], [jsonp]
 *   Both answer {"head":{"rescode":0,"resmsg":"OK"},"body":{"tm":KEYWORD,"group_callback_url":S,"private_token":S}}
 *   (the setter answers with the config as it is after the change). Unset settings read back as "".
 *
 * SEEDED FIXTURES (Peer.fixtures; every startPeer() gets a fresh copy)
 *   user "acme_dev", userPhone "+1 415-555-0100" (also logs in as 4155550100, 14155550100, +14155550100…),
 *   password "s3cret-Pass!", apiKey "TMAPI-acme-7f3c9e2a" (the only valid api_key),
 *   keyword "ACMEDEALS" (id 1001, owned by acme_dev) with keywordConfig =
 *     { group_callback_url: "http://example.com/tm.php?user=\p&action=\a", private_token: "acme-token-1" },
 *   bareKeyword "ACMEPLAIN" (id 1002, owned by acme_dev, nothing configured),
 *   otherUser "rival_co" / otherPassword "R1val-Pass" / otherPhone "+1 212-555-0199",
 *   otherKeyword "RIVALNEWS" (id 2002, owned by rival_co, configured), unknownKeyword "NOSUCHKW" (absent).
 *   errorCodes: the rescode table below.
 *
 * RESCODES (no complete list is public; 2011 is documented, the others are this peer's choice)
 *   0 OK | 2001 missing required parameter | 2002 invalid parameter value | 2003 unknown package/method
 *   2004 request body too large | 2005 authentication failed | 2006 invalid api_key
 *   2007 HTTP method not allowed | 2008 malformed request (encoding, content type) | 2011 ERR_REQUEST_INVALID_TM
 *   1000 internal error.
 *
 * OPEN POINTS / CONTRADICTIONS AND CHOICES (one per line)
 *  1. Envelope: page says "response.head.rescode", related says head/body at top level -> top level, as the official clients read it.
 *  2. head fields: {rescode:int, resmsg:string}; resmsg is "OK" on success, a human reason otherwise (documented for 2011).
 *  3. HTTP status: 200 for every answer produced by a known method, success or rescode error (clients treat non-200 as transport error).
 *  4. Transport-level failures use HTTP codes plus the same envelope: 404 unknown path (2003), 405 wrong verb (2007), 413 body >1 MiB (2004), 500 (1000).
 *  5. Verb: page labels the setter "(POST)", related says "GET or POST" in general -> setter POST only (mutation), read-back GET or POST.
 *  6. URL shape: page shows a doubled slash -> repeated slashes are collapsed; the trailing slash is optional; package/method names are case-sensitive.
 *  7. Parameters come from the query string and the form body; body wins over query, and the last of repeated names wins (PHP $_REQUEST semantics).
 *  8. Body must be application/x-www-form-urlencoded (or have no Content-Type); other types or non-UTF-8 charsets -> 2008; malformed %-escapes or bad UTF-8 -> 2008.
 *  9. Blank values (empty after trimming) count as "not given": the vendor's interactive form submits every optional field, blank.
 * 10. Required params are checked in page order (auth_user, auth_pass, tm) and the first missing one is named in resmsg (2001).
 * 11. Check order: verb/path, size, parsing, jsonp name, required params, api_key, credentials, tm, option values, then the changes.
 * 12. auth_user: account name matched case-insensitively, or a phone number (digits compared, +, spaces, dashes, dots, parentheses ignored, leading US "1" optional).
 * 13. Unknown user and wrong password give the same 2005 answer (no account enumeration); passwords compared as SHA-256 digests in constant time.
 * 14. api_key is optional; when given it must be a registered key (2006), it is not tied to the auth_user.
 * 15. tm accepts the keyword (case-insensitive, SMS keywords are) or the numeric TextMark id ("TRI" is not defined further).
 * 16. Unknown tm and tm owned by someone else both answer 2011, with resmsg telling which (keywords are public, so no secret is leaked).
 * 17. group_callback_url: "NONE" (exact, upper case as documented) clears; otherwise an absolute http(s) URL with a host, no whitespace/control chars, <= 2048 chars.
 * 18. Substitution codes (\p, \a, \s…) in the URL are stored verbatim and not validated (the list is open-ended); this peer never calls the URL.
 * 19. private_token: any printable string <= 255 chars; "NONE" also clears it, by analogy with URL settings (no clear is documented for it).
 * 20. \s signing algorithm is not public: it is not computed here (no callbacks are fired), so nothing depends on it.
 * 21. A call with no optional setting is a successful no-op (rescode 0), not an error; setting the current value again is also success (2042 unused).
 * 22. Changes are validated as a whole before any is applied: an invalid group_callback_url leaves private_token unchanged too.
 * 23. Read-back exposes private_token to the authenticated owner (it is the owner's own secret; integration_config() is "read the current settings").
 * 24. JSON-P: a non-blank jsonp must be a JS identifier path (<=128 chars) else a plain-JSON 2002; output "cb(json);" as application/javascript, errors included.
 * 25. Unknown parameters are ignored; field lengths: auth_user/tm/api_key <= 64, auth_pass <= 128; control characters in names/keys/URL/token -> 2002.
 * 26. Rate limiting (2022) and group membership codes (2035) are not exercised by these methods and not implemented.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  url: string;
  close(): Promise<void>;
  fixtures: Record<string, unknown>;
}

const MAX_BODY = 1024 * 1024;
const OK = 0;
const ERR_INTERNAL = 1000;
const ERR_MISSING_PARAM = 2001;
const ERR_INVALID_PARAM = 2002;
const ERR_UNKNOWN_METHOD = 2003;
const ERR_TOO_LARGE = 2004;
const ERR_AUTH_FAILED = 2005;
const ERR_INVALID_API_KEY = 2006;
const ERR_HTTP_METHOD = 2007;
const ERR_MALFORMED = 2008;
const ERR_REQUEST_INVALID_TM = 2011;

interface User {
  name: string;
  phoneDigits: string;
  passHash: Buffer;
}
interface TextMark {
  id: number;
  keyword: string;
  owner: string;
  groupCallbackUrl: string;
  privateToken: string;
}
interface State {
  users: User[];
  apiKeys: Set<string>;
  textmarks: TextMark[];
}

class ApiError extends Error {
  constructor(
    readonly rescode: number,
    readonly resmsg: string,
    readonly status = 200,
  ) {
    super(resmsg);
  }
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const digits = (s: string): string => s.replace(/\D/g, '');
/** Phone digits with an optional leading US country code removed. */
const nationalDigits = (d: string): string => (d.length === 11 && d.startsWith('1') ? d.slice(1) : d);

const FIXTURES = {
  user: 'acme_dev',
  userPhone: '+1 415-555-0100',
  password: 's3cret-Pass!',
  apiKey: 'TMAPI-acme-7f3c9e2a',
  keyword: 'ACMEDEALS',
  keywordId: 1001,
  keywordConfig: {
    group_callback_url: 'http://example.com/tm.php?user=\\p&action=\\a',
    private_token: 'acme-token-1',
  },
  bareKeyword: 'ACMEPLAIN',
  bareKeywordId: 1002,
  otherUser: 'rival_co',
  otherPassword: 'R1val-Pass',
  otherPhone: '+1 212-555-0199',
  otherKeyword: 'RIVALNEWS',
  otherKeywordId: 2002,
  unknownKeyword: 'NOSUCHKW',
  errorCodes: {
    missingParam: ERR_MISSING_PARAM,
    invalidParam: ERR_INVALID_PARAM,
    unknownMethod: ERR_UNKNOWN_METHOD,
    tooLarge: ERR_TOO_LARGE,
    authFailed: ERR_AUTH_FAILED,
    invalidApiKey: ERR_INVALID_API_KEY,
    httpMethod: ERR_HTTP_METHOD,
    malformed: ERR_MALFORMED,
    invalidTm: ERR_REQUEST_INVALID_TM,
    internal: ERR_INTERNAL,
  },
};

function seed(): State {
  const f = FIXTURES;
  return {
    users: [
      { name: f.user, phoneDigits: nationalDigits(digits(f.userPhone)), passHash: sha256(f.password) },
      {
        name: f.otherUser,
        phoneDigits: nationalDigits(digits(f.otherPhone)),
        passHash: sha256(f.otherPassword),
      },
    ],
    apiKeys: new Set([f.apiKey]),
    textmarks: [
      {
        id: f.keywordId,
        keyword: f.keyword,
        owner: f.user,
        groupCallbackUrl: f.keywordConfig.group_callback_url,
        privateToken: f.keywordConfig.private_token,
      },
      { id: f.bareKeywordId, keyword: f.bareKeyword, owner: f.user, groupCallbackUrl: '', privateToken: '' },
      {
        id: f.otherKeywordId,
        keyword: f.otherKeyword,
        owner: f.otherUser,
        groupCallbackUrl: 'https://rival.example.org/hook?p=\\p&a=\\a&sig=\\s',
        privateToken: 'rival-secret',
      },
    ],
  };
}

// ---------------------------------------------------------------- request parsing

/** Parses application/x-www-form-urlencoded text; later duplicates overwrite earlier ones. */
function parseForm(text: string, into: Map<string, string>): void {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      into.set(
        decodeURIComponent(rawName.replace(/\+/g, ' ')),
        decodeURIComponent(rawValue.replace(/\+/g, ' ')),
      );
    } catch {
      throw new ApiError(ERR_MALFORMED, 'Malformed form encoding (bad percent-escape or invalid UTF-8)');
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > MAX_BODY) {
      reject(new ApiError(ERR_TOO_LARGE, 'Request body exceeds 1 MiB', 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY) {
        done = true;
        reject(new ApiError(ERR_TOO_LARGE, 'Request body exceeds 1 MiB', 413));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

async function readParams(req: IncomingMessage, query: string): Promise<Map<string, string>> {
  const params = new Map<string, string>();
  parseForm(query, params);
  if (req.method !== 'POST') return params;
  const body = await readBody(req);
  if (body.length === 0) return params;
  const ctype = (req.headers['content-type'] ?? '').toLowerCase();
  if (ctype !== '') {
    const [mime = '', ...attrs] = ctype.split(';').map((s) => s.trim());
    if (mime !== 'application/x-www-form-urlencoded') {
      throw new ApiError(ERR_MALFORMED, 'Content-Type must be application/x-www-form-urlencoded');
    }
    const charset = attrs
      .find((a) => a.startsWith('charset='))
      ?.slice(8)
      .replace(/"/g, '');
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'us-ascii') {
      throw new ApiError(ERR_MALFORMED, 'Only the UTF-8 charset is supported');
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ApiError(ERR_MALFORMED, 'Request body is not valid UTF-8');
  }
  parseForm(text, params);
  return params;
}

// ---------------------------------------------------------------- validation helpers

const CONTROL = /[\u0000-\u001f\u007f]/;
const JSONP_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Trimmed value of an optional parameter, or undefined when absent or blank. */
function opt(params: Map<string, string>, name: string, max: number, trim = true): string | undefined {
  const raw = params.get(name);
  if (raw === undefined) return undefined;
  const value = trim ? raw.trim() : raw;
  if (value.trim() === '') return undefined;
  if (value.length > max) throw new ApiError(ERR_INVALID_PARAM, `Parameter ${name} is too long (max ${max})`);
  if (CONTROL.test(value))
    throw new ApiError(ERR_INVALID_PARAM, `Parameter ${name} contains control characters`);
  return value;
}

function must(params: Map<string, string>, name: string, max: number, trim = true): string {
  const value = opt(params, name, max, trim);
  if (value === undefined) throw new ApiError(ERR_MISSING_PARAM, `Missing required parameter: ${name}`);
  return value;
}

function validateCallbackUrl(value: string): string {
  if (value === 'NONE') return '';
  if (value.length > 2048) throw new ApiError(ERR_INVALID_PARAM, 'group_callback_url is too long (max 2048)');
  if (/\s/.test(value) || !/^https?:\/\//i.test(value)) {
    throw new ApiError(ERR_INVALID_PARAM, 'group_callback_url must be an absolute http(s) URL or NONE');
  }
  let parsed: URL;
  try {
    // Substitution codes such as \p are legal in the template; hide them from the URL parser.
    parsed = new URL(value.replace(/\\/g, '%5C'));
  } catch {
    throw new ApiError(ERR_INVALID_PARAM, 'group_callback_url is not a valid URL');
  }
  if (parsed.hostname === '') throw new ApiError(ERR_INVALID_PARAM, 'group_callback_url has no host');
  return value;
}

// ---------------------------------------------------------------- the API

function authenticate(state: State, authUser: string, authPass: string): User {
  const lower = authUser.toLowerCase();
  const phone = /^[+\d\s().-]+$/.test(authUser) ? nationalDigits(digits(authUser)) : '';
  const user = state.users.find(
    (u) => u.name.toLowerCase() === lower || (phone.length >= 7 && u.phoneDigits === phone),
  );
  const given = sha256(authPass);
  // Always compare, even for an unknown user, so timing does not reveal which accounts exist.
  const ok = timingSafeEqual(given, user?.passHash ?? sha256('\u0000no-such-user')) && user !== undefined;
  if (!ok) throw new ApiError(ERR_AUTH_FAILED, 'Authentication failed: bad auth_user or auth_pass');
  return user;
}

function findOwnedTextMark(state: State, user: User, tm: string): TextMark {
  const byId = /^\d+$/.test(tm) ? Number(tm) : Number.NaN;
  const mark = state.textmarks.find((t) => t.keyword.toLowerCase() === tm.toLowerCase() || t.id === byId);
  if (mark === undefined) throw new ApiError(ERR_REQUEST_INVALID_TM, `TextMark "${tm}" does not exist`);
  if (mark.owner !== user.name) {
    throw new ApiError(ERR_REQUEST_INVALID_TM, `TextMark "${tm}" is not owned by auth_user`);
  }
  return mark;
}

function configBody(mark: TextMark): Record<string, unknown> {
  return { tm: mark.keyword, group_callback_url: mark.groupCallbackUrl, private_token: mark.privateToken };
}

type Method = (state: State, params: Map<string, string>) => Record<string, unknown>;

/** Common prelude: required params, api_key, credentials and ownership of tm. */
function resolveTextMark(state: State, params: Map<string, string>): TextMark {
  const authUser = must(params, 'auth_user', 64);
  const authPass = must(params, 'auth_pass', 128, false);
  const tm = must(params, 'tm', 64);
  const apiKey = opt(params, 'api_key', 64);
  if (apiKey !== undefined && !state.apiKeys.has(apiKey)) {
    throw new ApiError(ERR_INVALID_API_KEY, 'Invalid api_key');
  }
  const user = authenticate(state, authUser, authPass);
  return findOwnedTextMark(state, user, tm);
}

const METHODS: Record<string, { verbs: string[]; run: Method }> = {
  set_integration_config: {
    verbs: ['POST'],
    run(state, params) {
      const mark = resolveTextMark(state, params);
      // Validate every given option before touching anything, then apply them together.
      const rawUrl = opt(params, 'group_callback_url', 4096);
      const url = rawUrl === undefined ? undefined : validateCallbackUrl(rawUrl);
      const rawToken = opt(params, 'private_token', 255, false);
      const token = rawToken === undefined ? undefined : rawToken === 'NONE' ? '' : rawToken;
      if (url !== undefined) mark.groupCallbackUrl = url;
      if (token !== undefined) mark.privateToken = token;
      return configBody(mark);
    },
  },
  integration_config: {
    verbs: ['GET', 'POST'],
    run(state, params) {
      return configBody(resolveTextMark(state, params));
    },
  },
};

// ---------------------------------------------------------------- HTTP plumbing

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  jsonp: string | undefined,
  extra: Record<string, string> = {},
): void {
  const json = JSON.stringify(payload);
  const body = jsonp === undefined ? json : `${jsonp}(${json});`;
  res.writeHead(status, {
    'Content-Type':
      jsonp === undefined ? 'application/json; charset=utf-8' : 'application/javascript; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = (q < 0 ? rawUrl : rawUrl.slice(0, q)).replace(/\/{2,}/g, '/').replace(/\/$/, '');
  const query = q < 0 ? '' : rawUrl.slice(q + 1);
  const match = /^\/TextMarkManager\/([A-Za-z_]+)$/.exec(path);
  const method = match?.[1] !== undefined && Object.hasOwn(METHODS, match[1]) ? METHODS[match[1]] : undefined;
  let jsonp: string | undefined;
  try {
    if (method === undefined) {
      throw new ApiError(ERR_UNKNOWN_METHOD, `Unknown API method: ${path.slice(0, 200)}`, 404);
    }
    if (!method.verbs.includes(req.method ?? '')) {
      res.setHeader('Allow', method.verbs.join(', '));
      throw new ApiError(ERR_HTTP_METHOD, `HTTP method not allowed; use ${method.verbs.join(' or ')}`, 405);
    }
    const params = await readParams(req, query);
    const cb = params.get('jsonp')?.trim();
    if (cb !== undefined && cb !== '') {
      if (cb.length > 128 || !JSONP_NAME.test(cb)) {
        throw new ApiError(ERR_INVALID_PARAM, 'Parameter jsonp is not a valid callback name');
      }
      jsonp = cb;
    }
    const body = method.run(state, params);
    send(res, 200, { head: { rescode: OK, resmsg: 'OK' }, body }, jsonp);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(ERR_INTERNAL, 'Internal error', 500);
    const extra: Record<string, string> = e.status === 413 ? { Connection: 'close' } : {};
    send(res, e.status, { head: { rescode: e.rescode, resmsg: e.resmsg }, body: {} }, jsonp, extra);
    if (e.status === 413) req.resume();
  }
}

export function startPeer(options: { port?: number; host?: string } = {}): Promise<Peer> {
  const state = seed();
  const server = createServer((req, res) => {
    handle(state, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ head: { rescode: ERR_INTERNAL, resmsg: 'Internal error' }, body: {} }));
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        fixtures: structuredClone(FIXTURES),
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
