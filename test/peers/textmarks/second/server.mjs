#!/usr/bin/env node
// Independent peer of TextMarks API V2: TextMarkManager/set_integration_config (+ integration_config read-back).
// Written from schemas/textmarks/page.txt + related.txt (+ examples) only. Plain Node ESM, node:http only.
//
// Usage: node server.mjs --port 47104   (BROKEN=<name> selects a deliberately broken variant)
// Prints one JSON line {url, fixtures} once listening.
//
// OPEN-POINT DECISIONS (where the page is silent, ambiguous or contradicts itself):
//  1. Envelope: {"head":{"rescode":<int>,"resmsg":"..."},"body":{...}} at the TOP level (related.txt: official clients read head/body at top level); "response." on the page names the object itself.
//  2. HTTP status is 200 for every API-level result (success and rescode errors); only routing errors use other statuses (decision 3, 4, 22).
//  3. Unknown package/method path -> HTTP 404 with envelope rescode 1001 ERR_UNKNOWN_METHOD.
//  4. HTTP methods: GET and POST are both accepted on both endpoints (related.txt: "GET or POST"); any other method -> HTTP 405 + Allow: GET, POST + envelope rescode 1002 ERR_HTTP_METHOD_NOT_ALLOWED.
//  5. Paths: repeated slashes are collapsed (the page's "//TextMarkManager/..." works), the trailing slash is optional; package/method names are case-sensitive.
//  6. Parameters: query string and body are merged; body wins over query. Body parsed as application/x-www-form-urlencoded, or as a JSON object when Content-Type is application/json. For a repeated field the first occurrence wins.
//  7. A parameter present but empty ("") counts as NOT specified (the interactive form submits blank fields; "blank for none"). So auth_user=""/auth_pass=""/tm="" are missing, and group_callback_url=""/private_token="" change nothing.
//  8. Check order: missing required args (2001) -> api_key (2003) -> credentials (3001) -> tm (2011) -> option values (2002). The first failing check answers.
//  9. Missing required arg -> rescode 2001 ERR_REQUEST_MISSING_ARG, resmsg names the argument.
// 10. api_key is optional; when given it must be a registered key (fixture apiKey), else rescode 2003 ERR_REQUEST_INVALID_API_KEY.
// 11. Bad password and unknown user both -> rescode 3001 ERR_AUTH_FAILED (same message, no user enumeration).
// 12. auth_user matches a username case-insensitively, or a phone number compared by digits (a leading US "1" is optional: "+1 (415) 555-0101" == "4155550101").
// 13. tm matches a TextMark keyword case-insensitively, or its numeric TRI (id). A tm that does not exist and a tm owned by another user both -> rescode 2011 ERR_REQUEST_INVALID_TM (resmsg gives the reason; same text for both, no enumeration).
// 14. group_callback_url must be exactly "NONE" (case-sensitive) or an absolute http:// or https:// URL with a host, no whitespace, <= 2048 chars; backslash substitutions (\p \a \s ...) are kept verbatim. Otherwise rescode 2002 ERR_REQUEST_INVALID_ARG.
// 15. private_token: any string up to 255 chars, stored verbatim (other-length -> 2002). "NONE" is NOT special for private_token (the page only gives NONE for the URL), so it is stored literally; a token cannot be cleared, only replaced.
// 16. Updates are atomic: if any option is invalid, nothing is changed.
// 17. A set call with no options is a successful no-op.
// 18. Success: rescode 0, resmsg "OK"; set_integration_config's body is the resulting settings (same shape as integration_config).
// 19. Read-back integration_config(): same auth/tm rules; body = {"tm":<keyword>,"group_callback_url":<string|null>,"private_token":<string|null>}; a cleared/unset value is null (member present).
// 20. Error body is {} (empty object); resmsg carries the reason.
// 21. JSON-P: a non-empty jsonp (a JS identifier or dotted path) makes the answer `name(<json>);` with Content-Type application/javascript; charset=utf-8, status unchanged, for success AND errors. Blank jsonp = plain JSON (application/json; charset=utf-8).
// 22. An invalid jsonp name (not [A-Za-z_$][\w$]*(.[A-Za-z_$][\w$]*)*) -> plain JSON, HTTP 200, rescode 2002 ERR_REQUEST_INVALID_ARG (never echoed as script).
// 23. Unknown extra parameters are ignored.
// 24. Request body larger than 64 KiB -> HTTP 413 with envelope rescode 1003 ERR_REQUEST_TOO_LARGE.
// 25. Seeded: users alice (phone 4155550101) and bob; alice owns ALICETM (preset url+token) and ALICE2 (empty), bob owns BOBTM (preset). No reset endpoint; restart to reset.
//
// BROKEN VARIANTS (env BROKEN=<name>), each violating an explicit page statement:
//  partial_clobber : setting group_callback_url without private_token silently clears private_token. Breaks "Only options specified will be changed".
//  none_literal    : group_callback_url=NONE is stored as the literal URL "NONE" instead of clearing. Breaks 'Specify "NONE" to clear existing setting.'
//  foreign_tm      : a tm owned by ANOTHER user is accepted (read and written). Breaks "tm TextMark keyword/TRI owned by auth_user".
//  jsonp_errors    : jsonp is honoured only on success; error answers come back as plain JSON (the callback is never called). Breaks "JSON-P callback: (as 'jsonp' param, optional)" for error responses ("or error code otherwise").
// Extra sharpness probes (beyond the four asked for):
//  token_clobber   : setting private_token alone clears group_callback_url (the mirror of partial_clobber). Breaks "Only options specified will be changed".
//  none_clears_token: group_callback_url=NONE also clears private_token. Breaks "Only options specified will be changed".
//  foreign_tm_tri  : ownership is checked only when tm is given as the keyword; a foreign TextMark named by its TRI (or a non-canonical case) is accepted. Breaks "TextMark keyword/TRI owned by auth_user".
//  phone_nopass    : logging in with the phone number skips the password check. Breaks "REQ auth_pass Password".

import http from 'node:http';

const BROKEN = process.env.BROKEN || '';
const KNOWN_BROKEN = [
  'partial_clobber',
  'none_literal',
  'foreign_tm',
  'jsonp_errors',
  'token_clobber',
  'none_clears_token',
  'foreign_tm_tri',
  'phone_nopass',
];
if (BROKEN && !KNOWN_BROKEN.includes(BROKEN)) {
  console.error(`unknown BROKEN=${BROKEN}; known: ${KNOWN_BROKEN.join(', ')}`);
  process.exit(2);
}

function argPort() {
  const i = process.argv.indexOf('--port');
  if (i >= 0 && process.argv[i + 1]) return Number(process.argv[i + 1]);
  const eq = process.argv.find((a) => a.startsWith('--port='));
  if (eq) return Number(eq.slice(7));
  return 47104;
}

// ---- state ----
const API_KEYS = new Set(['TESTKEY-0001-abcdef']);
const users = [
  { username: 'alice', phone: '4155550101', password: 'alice-Pass-1' },
  { username: 'bob', phone: '4155550202', password: 'bob-Pass-2' },
];
const tms = [
  {
    id: '1001',
    keyword: 'ALICETM',
    owner: 'alice',
    group_callback_url: 'http://alice.example.com/group.php?user=\\p&action=\\a',
    private_token: 'alice-secret-token',
  },
  { id: '1002', keyword: 'ALICE2', owner: 'alice', group_callback_url: null, private_token: null },
  {
    id: '2001',
    keyword: 'BOBTM',
    owner: 'bob',
    group_callback_url: 'https://bob.example.org/hook?p=\\p&a=\\a',
    private_token: 'bob-secret-token',
  },
];

// ---- codes ----
const E = {
  UNKNOWN_METHOD: [1001, 'ERR_UNKNOWN_METHOD'],
  HTTP_METHOD: [1002, 'ERR_HTTP_METHOD_NOT_ALLOWED'],
  TOO_LARGE: [1003, 'ERR_REQUEST_TOO_LARGE'],
  MISSING_ARG: [2001, 'ERR_REQUEST_MISSING_ARG'],
  INVALID_ARG: [2002, 'ERR_REQUEST_INVALID_ARG'],
  INVALID_API_KEY: [2003, 'ERR_REQUEST_INVALID_API_KEY'],
  INVALID_TM: [2011, 'ERR_REQUEST_INVALID_TM'],
  AUTH_FAILED: [3001, 'ERR_AUTH_FAILED'],
};

class ApiError extends Error {
  constructor(code, detail, status = 200) {
    super(detail);
    this.rescode = code[0];
    this.resname = code[1];
    this.status = status;
  }
}

const JSONP_RE = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const URL_RE = /^https?:\/\/[^\s/?#]+\S*$/i;

function digits(s) {
  let d = String(s).replace(/\D+/g, '');
  if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  return d;
}

function findUser(authUser) {
  const lc = authUser.toLowerCase();
  const byName = users.find((u) => u.username.toLowerCase() === lc);
  if (byName) return byName;
  const d = digits(authUser);
  if (d.length >= 7 && /^[\s()+.\-0-9]+$/.test(authUser)) return users.find((u) => u.phone === d) || null;
  return null;
}

function findTm(tm) {
  const up = tm.toUpperCase();
  return tms.find((t) => t.keyword.toUpperCase() === up || t.id === tm) || null;
}

function configOf(t) {
  return { tm: t.keyword, group_callback_url: t.group_callback_url, private_token: t.private_token };
}

function present(p, name) {
  return typeof p[name] === 'string' && p[name] !== '';
}

function authenticate(p) {
  for (const name of ['auth_user', 'auth_pass', 'tm']) {
    if (!present(p, name)) throw new ApiError(E.MISSING_ARG, `Missing required argument: ${name}`);
  }
  if (present(p, 'api_key') && !API_KEYS.has(p.api_key))
    throw new ApiError(E.INVALID_API_KEY, 'Invalid api_key');
  const user = findUser(p.auth_user);
  const byPhone = user && user.username.toLowerCase() !== p.auth_user.toLowerCase();
  if (!user || (user.password !== p.auth_pass && !(BROKEN === 'phone_nopass' && byPhone)))
    throw new ApiError(E.AUTH_FAILED, 'Authentication failed: bad auth_user or auth_pass');
  const t = findTm(p.tm);
  const skipOwner = BROKEN === 'foreign_tm' || (BROKEN === 'foreign_tm_tri' && t && p.tm !== t.keyword);
  if (!t || (t.owner !== user.username && !skipOwner)) {
    throw new ApiError(E.INVALID_TM, 'Invalid TextMark: not found or not owned by auth_user');
  }
  return { user, t };
}

function setIntegrationConfig(p) {
  const { t } = authenticate(p);
  const changes = {};
  if (present(p, 'group_callback_url')) {
    const v = p.group_callback_url;
    if (v === 'NONE') changes.group_callback_url = BROKEN === 'none_literal' ? 'NONE' : null;
    else if (v.length <= 2048 && URL_RE.test(v)) changes.group_callback_url = v;
    else throw new ApiError(E.INVALID_ARG, 'Invalid group_callback_url: must be an http(s) URL or NONE');
  }
  if (present(p, 'private_token')) {
    if (p.private_token.length > 255)
      throw new ApiError(E.INVALID_ARG, 'Invalid private_token: too long (max 255)');
    changes.private_token = p.private_token;
  }
  if (BROKEN === 'partial_clobber' && 'group_callback_url' in changes && !('private_token' in changes)) {
    changes.private_token = null;
  }
  if (BROKEN === 'token_clobber' && 'private_token' in changes && !('group_callback_url' in changes)) {
    changes.group_callback_url = null;
  }
  if (BROKEN === 'none_clears_token' && p.group_callback_url === 'NONE') changes.private_token = null;
  Object.assign(t, changes);
  return configOf(t);
}

function integrationConfig(p) {
  const { t } = authenticate(p);
  return configOf(t);
}

const ROUTES = {
  '/TextMarkManager/set_integration_config': setIntegrationConfig,
  '/TextMarkManager/integration_config': integrationConfig,
};

function parseForm(str, into) {
  for (const [k, v] of new URLSearchParams(str)) if (!(k in into)) into[k] = v;
  return into;
}

function send(res, status, env, jsonp, extraHeaders = {}) {
  const json = JSON.stringify(env);
  let body;
  let ctype;
  if (jsonp) {
    body = `${jsonp}(${json});`;
    ctype = 'application/javascript; charset=utf-8';
  } else {
    body = json;
    ctype = 'application/json; charset=utf-8';
  }
  res.writeHead(status, {
    'Content-Type': ctype,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(body);
}

function errEnv(e) {
  return { head: { rescode: e.rescode, resmsg: `${e.resname}: ${e.message}` }, body: {} };
}

const MAX_BODY = 64 * 1024;

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (c) => {
    size += c.length;
    if (size > MAX_BODY) tooLarge = true;
    else chunks.push(c);
  });
  req.on('error', () => {});
  req.on('end', () => {
    let jsonp = '';
    try {
      // parse by hand: new URL('//X/...') would take X as a host (the page's doubled slash)
      const rawUrl = String(req.url || '/');
      const qi = rawUrl.indexOf('?');
      const rawPath = qi >= 0 ? rawUrl.slice(0, qi) : rawUrl;
      const rawQuery = qi >= 0 ? rawUrl.slice(qi + 1) : '';
      let path;
      try {
        path = decodeURIComponent(rawPath);
      } catch {
        path = rawPath;
      }
      path = path.replace(/\/{2,}/g, '/');
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const params = {};
      if (tooLarge) {
        send(res, 413, errEnv(new ApiError(E.TOO_LARGE, 'Request body too large', 413)), '');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const ctype = String(req.headers['content-type'] || '').toLowerCase();
      if (raw.length) {
        if (ctype.startsWith('application/json')) {
          try {
            const obj = JSON.parse(raw);
            if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
              for (const [k, v] of Object.entries(obj)) {
                if (v !== null && typeof v !== 'object') params[k] = String(v);
              }
            }
          } catch {
            /* unparsable JSON body: treated as no body fields */
          }
        } else {
          parseForm(raw, params);
        }
      }
      parseForm(rawQuery, params); // query fills only what the body did not give
      const cb = typeof params.jsonp === 'string' ? params.jsonp : '';
      if (cb !== '') {
        if (!JSONP_RE.test(cb) || cb.length > 128) {
          send(res, 200, errEnv(new ApiError(E.INVALID_ARG, 'Invalid jsonp callback name')), '');
          return;
        }
        jsonp = cb;
      }
      const handler = ROUTES[path];
      if (!handler) throw new ApiError(E.UNKNOWN_METHOD, `Unknown API method: ${path}`, 404);
      if (req.method !== 'GET' && req.method !== 'POST') {
        const e = new ApiError(E.HTTP_METHOD, `HTTP method ${req.method} not allowed`, 405);
        send(res, 405, errEnv(e), BROKEN === 'jsonp_errors' ? '' : jsonp, { Allow: 'GET, POST' });
        return;
      }
      const body = handler(params);
      send(res, 200, { head: { rescode: 0, resmsg: 'OK' }, body }, jsonp);
    } catch (e) {
      if (e instanceof ApiError) {
        send(res, e.status, errEnv(e), BROKEN === 'jsonp_errors' ? '' : jsonp);
      } else {
        send(res, 500, { head: { rescode: 9999, resmsg: 'ERR_INTERNAL' }, body: {} }, '');
      }
    }
  });
});

const port = argPort();
server.listen(port, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  const fixtures = {
    apiKey: [...API_KEYS][0],
    users: users.map((x) => ({ auth_user: x.username, phone: x.phone, auth_pass: x.password })),
    textmarks: tms.map((t) => ({ tm: t.keyword, tri: t.id, owner: t.owner, ...configOf(t) })),
    ownTm: 'ALICETM',
    ownTmEmpty: 'ALICE2',
    foreignTm: 'BOBTM',
    unknownTm: 'NOSUCHTM',
    readBack: '/TextMarkManager/integration_config/',
    broken: BROKEN || null,
  };
  console.log(JSON.stringify({ url, fixtures }));
});

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
