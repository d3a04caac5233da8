// Independent peer of the Sociotoco REST API 1.1 (sociotoco.sets.setProfiles),
// written from schemas/sociotoco/page.txt + related.txt + examples only.
// Usage: node server.mjs --port 47103   (env BROKEN=<name> selects a broken variant)
//
// Open-point decisions (mine):
//  1. Endpoint is exactly GET /services/1.1/rest; any other path -> HTTP 404 (plain text, no envelope).
//  2. Only GET (and HEAD answered like GET without body) is served; other HTTP verbs -> HTTP 405 + Allow: GET, HEAD.
//  3. Method names are compared case-insensitively ("sociotoco.sets.setProfiles" == "sociotoco.sets.setprofiles").
//  4. Missing/empty or unknown method -> 220 MethodNotSupported. Supported: sets.setProfiles, sets.get, sets.createNew.
//  5. Parameter NAMES are case-sensitive ("Key" is not "key"); unknown extra parameters are ignored but signed.
//  6. A repeated parameter: only its FIRST occurrence counts, both as value and in the signature base string.
//  7. A parameter present with an empty value counts as missing (key= -> 100, sig= -> 101, sid= -> 304, profiles= -> 305).
//  8. Signature: all params except sig (values URL-decoded, '+' = space), sorted by name (code-unit order),
//     joined "name=value" with '#', secret appended with no separator; digest hex; format IS signed when sent.
//  9. Hash algorithm is recognised from the hex length of sig (32 md5, 40 sha1, 64 sha256, 96 sha384, 128 sha512);
//     sig hex is accepted in either letter case; any other length / non-hex -> 210.
// 10. key must be 32 hex digits (either case) else 200 KeyInvalid; well-formed but unregistered -> 201.
// 11. time: missing, non-integer (decimal seconds) or more than 900 s away from server clock -> 210 SignatureInvalid
//     (no dedicated code exists; time is part of the signed request). A replay within the window is accepted.
// 12. Error precedence: 100, 101, 200, 201, 210 (sig), 210 (time), 220, 304, 305, 402, 406, 403.
// 13. Format: XML by default; format=json (case-insensitive) selects JSON; any other format value -> XML.
//     Errors use the requested format too (including authentication errors).
// 14. HTTP status is 200 for every API response, success or error (the error lives in the envelope).
// 15. Content-Type: text/xml; charset=utf-8 for XML, application/json; charset=utf-8 for JSON.
// 16. Error envelope: <response><error code="N">message</error></response> / {"response":{"error":{"code":N,"message":"..."}}}.
// 17. sid must be a UUID (8-4-4-4-12 hex, either case) else 402; compared case-insensitively; echoed lower-case.
// 18. profiles: comma-separated; whitespace around each entry is trimmed; an empty entry (",,", leading/trailing comma),
//     an entry that is not 16..64 hex digits, or more than 100 entries -> 406 and nothing is changed.
// 19. Profile IDs are compared case-insensitively and echoed in their stored (upper-case) form.
// 20. Semantics: setProfiles REPLACES the set's profile list with the requested profiles that are known;
//     well-formed but unknown profile IDs are silently skipped (they are not "successfully added").
// 21. addedProfiles lists every profile now in the set because of this call (known requested ones), in request order,
//     duplicates collapsed to the first occurrence. May be empty (set emptied) when none is known.
// 22. version: a new set starts at 0; version increases by 1 on each setProfiles that changes the profile list;
//     a call leaving the list unchanged returns the current version unchanged.
// 23. name: a set without name -> <name /> in XML and null in JSON; a named set -> text / string.
// 24. Empty addedProfiles -> <addedProfiles /> in XML and [] in JSON.
// 25. XML responses start with <?xml version="1.0" encoding="utf-8"?>; JSON is compact.
// 26. Sibling methods implemented for observability: sociotoco.sets.get (sid; returns version, name, urlName,
//     profiles) and sociotoco.sets.createNew (optional name; version 0, random 8-char urlName). Same auth rules.
// 27. Network ids: 6 Twitter, 7 Youtube (network name as element text in XML, {id,name} in JSON).
//
// BROKEN variants (env BROKEN=<name>), each violating something stated on the page / documented facts:
//  B1 sig-ignores-profiles : the signature check also accepts a sig computed over the base WITHOUT `profiles`
//                            (correct full signatures still pass), so profiles are not protected by the signature
//                            (page: "A Signature (sig)" / 210 SignatureInvalid; docs: all query parameters but sig are signed).
//  B2 xml-no-version       : XML success responses of setProfiles lack the version attribute on <sociotocoSet>
//                            (page: "And a version number of the set."; JSON still carries it).
//  B3 sid-notfound-402     : a well-formed but unknown sid answers 402 SociotocoIdInvalid instead of
//                            403 SociotocoSetNotFound (page: "403 ... The Sociotoco Set is not found with the given SociotocoId").
//  B4 not-applied          : setProfiles reports success (addedProfiles, version+1) but never stores the change
//                            (page: "you can set a list of profiles to a Sociotoco Set ... And a version number of the set.").

import crypto from 'node:crypto';
import http from 'node:http';

const BROKEN = process.env.BROKEN || '';
const args = process.argv.slice(2);
let port = 47103;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i]);
  else if (args[i].startsWith('--port=')) port = Number(args[i].slice(7));
}

// ---------------------------------------------------------------- seed
const KEYS = new Map([
  ['4f1d2c3b5a6e7f8091a2b3c4d5e6f708', 'Zq7rT2pLx9Wm4vNc'],
  ['a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5', 'other-secret-77'],
]);
const NETWORKS = { 6: 'Twitter', 7: 'Youtube' };
const PROFILES = new Map(); // UPPER id -> {id, network}
for (const [id, net] of [
  ['5B2C22279AA3A4E7D4176F3ED1ED29D7', 6],
  ['3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE', 6],
  ['9F86D081884C7D659A2FEAA0C55AD015', 7],
  ['A3F5C2E1B4D6978812AB34CD56EF7890', 6],
  ['0D1E2F3A4B5C6D7E8F90A1B2C3D4E5F6A7B8C9D0E1F2A3B4', 7],
])
  PROFILES.set(id, { id, network: net });

const SETS = new Map(); // lower uuid -> {sociotocoId, version, name, urlName, profiles: [ids]}
function addSet(s) {
  SETS.set(s.sociotocoId, s);
  return s;
}
addSet({
  sociotocoId: '89c13185-8756-4577-935d-c3e83e6e77ce',
  version: 0,
  name: null,
  urlName: 'GMRW32AP',
  profiles: [],
});
addSet({
  sociotocoId: '2f6a1b9e-3c4d-4e5f-8a7b-6c5d4e3f2a1b',
  version: 3,
  name: 'My favourites',
  urlName: 'K7QX2M9D',
  profiles: ['9F86D081884C7D659A2FEAA0C55AD015'],
});
addSet({
  sociotocoId: 'd41d8cd9-8f00-4b20-9e98-00998ecf8427',
  version: 0,
  name: 'Spare & <set>',
  urlName: 'PZ4T8WNB',
  profiles: [],
});

// ---------------------------------------------------------------- errors
const ERR = {
  100: 'KeyMissing: There is no key argument in the query string.',
  101: 'SignatureMissing: There is no sig argument in the query string.',
  200: 'KeyInvalid: Invalid key in query parameters.',
  201: 'KeyNotFound: The key is not found as a registered api key.',
  210: 'SignatureInvalid: The supplied signature in the query string is invalid.',
  220: 'MethodNotSupported: The supplied method in the query string is not supported.',
  304: 'SociotocoIdMissing: There is no sid argument in the query string.',
  305: 'ProfilesMissing: There is no profiles argument in the query string.',
  402: 'SociotocoIdInvalid: The given SociotocoId is invalid.',
  403: 'SociotocoSetNotFound: The Sociotoco Set is not found with the given SociotocoId.',
  406: 'ProfilesInvalid: The supplied profiles argument is invalid.',
};
class ApiError extends Error {
  constructor(code, detail) {
    super(ERR[code]);
    this.code = code;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------- rendering
const xe = (s) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>\n';

function profileXml(id, ind) {
  const p = PROFILES.get(id);
  return `${ind}<profile id="${xe(p.id)}">\n${ind} <network id="${p.network}">${xe(NETWORKS[p.network])}</network>\n${ind}</profile>\n`;
}
function profileJson(id) {
  const p = PROFILES.get(id);
  return { id: p.id, network: { id: p.network, name: NETWORKS[p.network] } };
}
function listXml(tag, ids) {
  if (!ids.length) return `  <${tag} />\n`;
  return `  <${tag}>\n${ids.map((i) => profileXml(i, '   ')).join('')}  </${tag}>\n`;
}
// set view: {set, listTag, ids, withVersion}
function renderSet(fmt, v) {
  const s = v.set;
  if (fmt === 'json') {
    const o = { sociotocoId: s.sociotocoId };
    if (v.withVersion) o.version = v.version;
    o.name = s.name;
    o.urlName = s.urlName;
    if (v.listTag) o[v.listTag] = v.ids.map(profileJson);
    return JSON.stringify({ response: { sociotocoSet: o } });
  }
  let x = `${XML_DECL}<response>\n <sociotocoSet sociotocoId="${xe(s.sociotocoId)}"`;
  if (v.withVersion && !v.noXmlVersion) x += ` version="${v.version}"`;
  x += '>\n';
  x += s.name == null ? '  <name />\n' : `  <name>${xe(s.name)}</name>\n`;
  x += `  <urlName>${xe(s.urlName)}</urlName>\n`;
  if (v.listTag) x += listXml(v.listTag, v.ids);
  x += ' </sociotocoSet>\n</response>\n';
  return x;
}
function renderError(fmt, code) {
  if (fmt === 'json') return JSON.stringify({ response: { error: { code, message: ERR[code] } } });
  return `${XML_DECL}<response>\n <error code="${code}">${xe(ERR[code])}</error>\n</response>\n`;
}

// ---------------------------------------------------------------- request parsing / auth
function parseQuery(rawUrl) {
  const q = rawUrl.indexOf('?');
  const sp = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
  const params = new Map();
  for (const [k, v] of sp) if (!params.has(k)) params.set(k, v); // decision 6
  return params;
}
const present = (p, n) => p.has(n) && p.get(n) !== '';
const ALGOS = { 32: 'md5', 40: 'sha1', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

function authenticate(p) {
  if (!present(p, 'key')) throw new ApiError(100);
  if (!present(p, 'sig')) throw new ApiError(101);
  const key = p.get('key');
  if (!/^[0-9a-fA-F]{32}$/.test(key)) throw new ApiError(200);
  const secret = KEYS.get(key.toLowerCase());
  if (secret === undefined) throw new ApiError(201);
  const sig = p.get('sig');
  const algo = ALGOS[sig.length];
  if (!algo || !/^[0-9a-fA-F]+$/.test(sig)) throw new ApiError(210, 'bad sig shape');
  const got = sig.toLowerCase();
  const matches = (skip) => {
    const names = [...p.keys()].filter((n) => n !== 'sig' && n !== skip);
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const base = names.map((n) => `${n}=${p.get(n)}`).join('#') + secret;
    const expect = crypto.createHash(algo).update(base, 'utf8').digest('hex');
    return crypto.timingSafeEqual(Buffer.from(expect), Buffer.from(got));
  };
  // B1: also accepts a signature whose base leaves `profiles` out (profiles not protected by the signature)
  if (!matches(null) && !(BROKEN === 'sig-ignores-profiles' && matches('profiles')))
    throw new ApiError(210, 'sig mismatch');
  const t = p.get('time');
  if (t === undefined || !/^\d{1,12}$/.test(t)) throw new ApiError(210, 'time missing/malformed');
  if (Math.abs(Number(t) - Math.floor(Date.now() / 1000)) > 900) throw new ApiError(210, 'time stale');
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
function sidArg(p) {
  if (!present(p, 'sid')) throw new ApiError(304);
  const sid = p.get('sid');
  if (!UUID.test(sid)) throw new ApiError(402);
  return sid.toLowerCase();
}
function findSet(sid) {
  const s = SETS.get(sid);
  if (!s) throw new ApiError(BROKEN === 'sid-notfound-402' ? 402 : 403);
  return s;
}

// ---------------------------------------------------------------- methods
function setProfiles(p) {
  const sid = sidArg(p);
  if (!present(p, 'profiles')) throw new ApiError(305);
  const entries = p
    .get('profiles')
    .split(',')
    .map((e) => e.trim());
  if (entries.length > 100) throw new ApiError(406);
  for (const e of entries) if (!/^[0-9a-fA-F]{16,64}$/.test(e)) throw new ApiError(406);
  const set = findSet(sid);
  const ids = [];
  for (const e of entries) {
    const id = e.toUpperCase();
    if (PROFILES.has(id) && !ids.includes(id)) ids.push(id);
  }
  const changed = ids.length !== set.profiles.length || ids.some((id, i) => id !== set.profiles[i]);
  let version = set.version;
  if (changed) {
    version = set.version + 1;
    if (BROKEN !== 'not-applied') {
      set.profiles = ids;
      set.version = version;
    }
  }
  return {
    set,
    listTag: 'addedProfiles',
    ids,
    withVersion: true,
    version,
    noXmlVersion: BROKEN === 'xml-no-version',
  };
}
function getSet(p) {
  const set = findSet(sidArg(p));
  return { set, listTag: 'profiles', ids: set.profiles, withVersion: true, version: set.version };
}
function createNew(p) {
  let sid;
  do sid = crypto.randomUUID();
  while (SETS.has(sid));
  const A = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let urlName = '';
  for (const b of crypto.randomBytes(8)) urlName += A[b % A.length];
  const name = present(p, 'name') ? p.get('name') : null;
  const set = addSet({ sociotocoId: sid, version: 0, name, urlName, profiles: [] });
  return { set, listTag: null, ids: [], withVersion: false };
}
const METHODS = {
  'sociotoco.sets.setprofiles': setProfiles,
  'sociotoco.sets.get': getSet,
  'sociotoco.sets.createnew': createNew,
};

// ---------------------------------------------------------------- server
function send(res, head, status, type, body, extra = {}) {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': buf.length,
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(head ? undefined : buf);
}

const server = http.createServer((req, res) => {
  const head = req.method === 'HEAD';
  const rawUrl = req.url || '/';
  const path = rawUrl.split('?')[0];
  if (path !== '/services/1.1/rest') return send(res, head, 404, 'text/plain; charset=utf-8', 'Not Found\n');
  if (req.method !== 'GET' && !head)
    return send(res, false, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  const p = parseQuery(rawUrl);
  const fmt = (p.get('format') || '').toLowerCase() === 'json' ? 'json' : 'xml';
  const type = fmt === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8';
  let body;
  try {
    authenticate(p);
    const fn = METHODS[(p.get('method') || '').toLowerCase()];
    if (!fn) throw new ApiError(220);
    body = renderSet(fmt, fn(p));
  } catch (e) {
    if (!(e instanceof ApiError)) {
      console.error(e);
      return send(res, head, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
    }
    body = renderError(fmt, e.code);
  }
  send(res, head, 200, type, body);
});

server.listen(port, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  console.log(
    JSON.stringify({
      url,
      fixtures: {
        endpoint: `${url}/services/1.1/rest`,
        apiKey: '4f1d2c3b5a6e7f8091a2b3c4d5e6f708',
        apiSecret: 'Zq7rT2pLx9Wm4vNc',
        otherApiKey: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
        otherApiSecret: 'other-secret-77',
        sid: '89c13185-8756-4577-935d-c3e83e6e77ce',
        sidNamed: '2f6a1b9e-3c4d-4e5f-8a7b-6c5d4e3f2a1b',
        sidSpare: 'd41d8cd9-8f00-4b20-9e98-00998ecf8427',
        unknownSid: '00000000-1111-4222-8333-444444444444',
        profiles: [...PROFILES.keys()],
        unknownProfile: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
        unregisteredKey: 'ffffffffffffffffffffffffffffffff',
        broken: BROKEN || null,
      },
    }),
  );
});
