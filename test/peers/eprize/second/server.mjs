// ePrize Web Services 1.0 -- create profile -- independent peer implementation.
// Written from schemas/eprize/page.txt + related.txt + examples only.
//
// Usage: node server.mjs --port 47102   (BROKEN=<name> selects a deliberately broken variant)
// Prints one JSON line {url, fixtures}.
//
// OPEN-POINT DECISIONS (where the page is silent/ambiguous/contradictory):
//  1. Create is POST /v1/{apikey}/profile; the plural /v1/{apikey}/profiles is accepted as an alias (same behaviour); one trailing slash tolerated.
//  2. Location is the relative path /v1/{apikey}/profile/{uid} (singular, as the page shows), even when the plural path was used.
//  3. uid is a positive decimal integer, allocated sequentially (seeded profiles use 48213901..; new ones start at 48213907).
//  4. Every response body is XML (Content-Type: application/xml; charset=UTF-8); Accept is ignored (no JSON representation, no 406).
//  5. <status> is 1 in every response, success and error alike, exactly as the page shows for all three cases (contradiction kept, not "fixed").
//  6. Body formats: application/x-www-form-urlencoded is parsed as form variables when a '=' occurs before any ':' (else it is a mislabelled key:value body); application/json and multipart/* get 415; anything else (text/plain, none, ...) is parsed as key:value lines.
//  7. key:value parsing: pairs are separated by line breaks (LF/CRLF/CR) and/or commas; a comma ends a pair only at end of a line or when followed by optional spaces and a "lowercase_key:"; the value is everything after the FIRST colon; key and value are trimmed; empty lines ignored.
//  8. The unique key need not be the first pair: pairs are matched by name, order is not enforced.
//  9. A segment without any colon is reported as a field error: name = the segment text (trimmed, max 64 chars), error VALIDATION.
// 10. A key that breaks the naming rule (must begin with a letter; only lowercase ASCII letters, digits, underscores) is a field error VALIDATION with name = the key as sent (no case folding: "Email" is invalid).
// 11. A key sent twice in one request is a field error VALIDATION (reported once).
// 12. Missing unique key, or empty value for it, is field error NULL; same for other required keys. An empty value for an optional key is treated as absent (not stored, no error).
// 13. Keys the promotion does not configure are accepted if their name is valid and value <= 255 chars; they are stored but are not "safe" keys, so never echoed.
// 14. The 201 body and read-back echo <id>, the unique key and the promotion's configured safe keys that have a value; non-safe keys (address, birthdate, unknown keys) are never echoed. Values echoed as stored (trimmed, not normalised).
// 15. Validation: email = local@domain.tld, <=100 chars; user_name = [A-Za-z0-9_.-]{3,30}; mobile_phone = 10..15 digits after removing spaces, dashes, dots, parentheses and a leading +; first_name/last_name <=50; address <=200; birthdate = YYYY-MM-DD real date, year>=1900, not in the future; optin in Y/N/yes/no/true/false/1/0 (case-insensitive); no value may contain control characters.
// 16. Uniqueness is compared after normalisation: email and user_name case-insensitive; mobile_phone digits only. Uniqueness is per promotion (per apikey).
// 17. Precedence: all field errors (including CAPTCHA) are collected first -> 400 with every field error; only a request with no field error is checked for duplicates -> 409. (A failed CAPTCHA never reveals whether an account exists.)
// 18. Field errors are listed in request order, then missing required keys in promotion order, then the CAPTCHA error last.
// 19. CAPTCHA is a per-apikey setting: one seeded promotion requires it (untrusted), others do not (trusted callers, no CAPTCHA headers needed). Headers: X-CAPTCHA-Challenge (the challenge path /v1/{apikey}/captcha/{id}, an absolute URL ending in that path, or the bare id) and X-CAPTCHA-Response.
// 20. CAPTCHA field error name is "captcha": NULL when either header is missing/empty; VALIDATION when the challenge is unknown, expired (10 min), used, for another apikey, or the answer is wrong.
// 21. A CAPTCHA challenge is consumed by any create request that presents it (right or wrong answer, even if the request fails on other fields).
// 22. POST /v1/{apikey}/captcha -> 201, Location /v1/{apikey}/captcha/{id}; body XML <captcha><id/><challenge/><question>What is A plus B?</question></captcha>; the answer (secret) is the sum in decimal digits (a text stand-in for the image). GET of the Location returns the same body while the challenge is unused. The captcha endpoint exists on every apikey.
// 23. Unknown apikey -> 404 with terminal error invalid_apikey. Unknown path -> 404 terminal error not_found.
// 24. Wrong method -> 405 with Allow header and terminal error method_not_allowed.
// 25. Body larger than 64 KiB -> 413 terminal error request_too_large; body that is not valid UTF-8 -> 400 terminal error malformed_request.
// 26. Read-back: GET /v1/{apikey}/profile/{uid} -> 200 (same <profile> shape as the 201); 404 terminal error not_found when absent. GET /v1/{apikey}/profile({key})/{value} -> 303 See Other with Location of the profile when {key} is the promotion's unique key and the (normalised) value exists; otherwise 404.
// 27. Seed: three promotions (apikeys): email-keyed without CAPTCHA, email-keyed with CAPTCHA, user_name-keyed without CAPTCHA that also requires first_name. One existing profile in each.
// 28. No authentication beyond the apikey in the path; no rate limiting.
//
// BROKEN VARIANTS (env BROKEN=<name>), each violating an explicit page statement:
//  keyname_lax     - key-name rule checked as /^[a-z0-9_]+$/: keys starting with a digit or underscore are accepted.
//                    Breaks: "The name of a key must begin with a letter and consist of only lowercase ASCII letters, numbers and underscores."
//  not_stored      - when the request carries any pair besides the unique key, 201 is reported but the profile is not stored,
//                    so the same unique value can be created again (201 instead of 409) and read-back 404s.
//                    Breaks: "{profile-value} must be unique within the promotion" / 409 "Profile Already Exists".
//  location_off    - Location header carries uid-1 (off by one) while <id> carries the right uid.
//                    Breaks: "Location: /v1/{apikey}/profile/{uid}" with the same {uid} as <id>{uid}</id>.
//  captcha_presence - on the CAPTCHA promotion only the presence of the two headers and an existing challenge are checked; a wrong answer passes (201).
//                    Breaks: "A failed CAPTCHA is the same as a failed validation, resulting in a response of 400 Bad Request."

import crypto from 'node:crypto';
import http from 'node:http';

const BROKEN = process.env.BROKEN || '';
const KNOWN_BROKEN = ['keyname_lax', 'not_stored', 'location_off', 'captcha_presence'];
if (BROKEN && !KNOWN_BROKEN.includes(BROKEN)) {
  console.error(`unknown BROKEN variant ${BROKEN}; known: ${KNOWN_BROKEN.join(', ')}`);
  process.exit(2);
}

function argValue(name, dflt) {
  const i = process.argv.indexOf(name);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + '='));
  return eq ? eq.slice(name.length + 1) : dflt;
}
const PORT = Number(argValue('--port', '47102'));
const HOST = '127.0.0.1';
const VER = 'ePrize Web Services 1.0';
const MAX_BODY = 64 * 1024;
const CAPTCHA_TTL_MS = 10 * 60 * 1000;

// ---------------------------------------------------------------- field rules
const CTRL = /[\u0000-\u001f\u007f]/;
const RULES = {
  email: { max: 100, test: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), norm: (v) => v.toLowerCase() },
  user_name: { max: 30, test: (v) => /^[A-Za-z0-9_.-]{3,30}$/.test(v), norm: (v) => v.toLowerCase() },
  mobile_phone: {
    max: 30,
    test: (v) => /^\+?[0-9 ().-]+$/.test(v) && /^[0-9]{10,15}$/.test(v.replace(/[^0-9]/g, '')),
    norm: (v) => v.replace(/[^0-9]/g, ''),
  },
  first_name: { max: 50 },
  last_name: { max: 50 },
  address: { max: 200 },
  birthdate: { max: 10, test: validBirthdate },
  optin: { max: 5, test: (v) => /^(y|n|yes|no|true|false|1|0)$/i.test(v) },
};
const UNKNOWN_RULE = { max: 255 };

function validBirthdate(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const y = +m[1],
    mo = +m[2],
    d = +m[3];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return false;
  if (y < 1900) return false;
  return dt.getTime() <= Date.now();
}

// ---------------------------------------------------------------- promotions / state
// fields: ordered list of configured keys {name, required, safe}
const promotions = new Map();
function addPromotion(apikey, cfg) {
  promotions.set(apikey, {
    apikey,
    uniqueKey: cfg.uniqueKey,
    captcha: cfg.captcha,
    fields: cfg.fields,
    profiles: new Map(), // uid -> {uid, pairs: Map}
    byUnique: new Map(), // normalised unique value -> uid
  });
}
addPromotion('epz-open-4f7c2a', {
  uniqueKey: 'email',
  captcha: false,
  fields: [
    { name: 'email', required: true, safe: true },
    { name: 'first_name', required: false, safe: true },
    { name: 'last_name', required: false, safe: true },
    { name: 'optin', required: false, safe: true },
    { name: 'address', required: false, safe: false },
    { name: 'birthdate', required: false, safe: false },
  ],
});
addPromotion('epz-captcha-9b1e07', {
  uniqueKey: 'email',
  captcha: true,
  fields: [
    { name: 'email', required: true, safe: true },
    { name: 'first_name', required: false, safe: true },
    { name: 'last_name', required: false, safe: true },
    { name: 'optin', required: false, safe: true },
    { name: 'address', required: false, safe: false },
    { name: 'birthdate', required: false, safe: false },
  ],
});
addPromotion('epz-users-3d5a88', {
  uniqueKey: 'user_name',
  captcha: false,
  fields: [
    { name: 'user_name', required: true, safe: true },
    { name: 'first_name', required: true, safe: true },
    { name: 'email', required: false, safe: true },
    { name: 'mobile_phone', required: false, safe: false },
    { name: 'birthdate', required: false, safe: false },
  ],
});

let nextUid = 48213901;
function storeProfile(promo, pairs) {
  const uid = String(nextUid++);
  const map = new Map(pairs);
  promo.profiles.set(uid, { uid, pairs: map });
  promo.byUnique.set(normUnique(promo, map.get(promo.uniqueKey)), uid);
  return uid;
}
function normUnique(promo, v) {
  const r = RULES[promo.uniqueKey];
  return r && r.norm ? r.norm(v) : v;
}

const seeded = {};
seeded['epz-open-4f7c2a'] = storeProfile(promotions.get('epz-open-4f7c2a'), [
  ['email', 'existing.user@example.com'],
  ['first_name', 'Erin'],
  ['last_name', 'Existing'],
  ['optin', 'Y'],
  ['address', '1 Main St'],
]);
seeded['epz-captcha-9b1e07'] = storeProfile(promotions.get('epz-captcha-9b1e07'), [
  ['email', 'taken@example.com'],
  ['first_name', 'Tara'],
]);
seeded['epz-users-3d5a88'] = storeProfile(promotions.get('epz-users-3d5a88'), [
  ['user_name', 'taken_user'],
  ['first_name', 'Uma'],
  ['email', 'uma@example.com'],
]);
nextUid = 48213907;

const captchas = new Map(); // id -> {apikey, answer, question, created, used}

// ---------------------------------------------------------------- XML helpers
function esc(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
function envelope(inner) {
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<result ver="${VER}">\n  <result>\n${inner}  </result>\n  <status>1</status>\n</result>\n`;
}
function profileXml(promo, prof) {
  let s = '    <profile>\n';
  s += `      <id>${esc(prof.uid)}</id>\n`;
  const safe = promo.fields.filter((f) => f.safe).map((f) => f.name);
  if (!safe.includes(promo.uniqueKey)) safe.unshift(promo.uniqueKey);
  for (const k of safe) {
    if (prof.pairs.has(k)) s += `      <${k}>${esc(prof.pairs.get(k))}</${k}>\n`;
  }
  s += '    </profile>\n';
  return envelope(s);
}
function terminalXml(code) {
  return envelope(
    `    <errors>\n      <terminal_errors>\n        <error>${esc(code)}</error>\n      </terminal_errors>\n    </errors>\n`,
  );
}
function fieldErrorsXml(errs) {
  let s = '    <errors>\n      <field_errors>\n';
  for (const e of errs) {
    s += `        <field>\n          <name>${esc(e.name)}</name>\n          <error>${e.error}</error>\n        </field>\n`;
  }
  s += '      </field_errors>\n    </errors>\n';
  return envelope(s);
}

function send(res, status, body, headers = {}) {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/xml; charset=UTF-8',
    'Content-Length': buf.length,
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

// ---------------------------------------------------------------- body parsing
const KEY_RE = /^[a-z][a-z0-9_]*$/;
const KEY_RE_LAX = /^[a-z0-9_]+$/;

function parseKeyValueBody(text) {
  // returns list of {key, value} or {malformed: text}
  const out = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let line of lines) {
    line = line.trim();
    if (!line) continue;
    if (line.endsWith(',')) line = line.slice(0, -1).trimEnd();
    if (!line) continue;
    const segs = line.split(/,\s*(?=[a-z][a-z0-9_]*:)/);
    for (let seg of segs) {
      seg = seg.trim();
      if (!seg) continue;
      const i = seg.indexOf(':');
      if (i < 0) {
        out.push({ malformed: seg.slice(0, 64) });
        continue;
      }
      out.push({ key: seg.slice(0, i).trim(), value: seg.slice(i + 1).trim() });
    }
  }
  return out;
}
function looksLikeForm(text) {
  // form variables when a '=' occurs and comes before any ':' (clients such as curl label key:value bodies as form data)
  const e = text.indexOf('='),
    c = text.indexOf(':');
  return e >= 0 && (c < 0 || e < c);
}
function parseFormBody(text) {
  const out = [];
  for (const [k, v] of new URLSearchParams(text)) out.push({ key: k.trim(), value: v.trim() });
  return out;
}

// ---------------------------------------------------------------- CAPTCHA
function newCaptcha(apikey) {
  const id = crypto.randomBytes(8).toString('hex');
  const a = crypto.randomInt(2, 20),
    b = crypto.randomInt(2, 20);
  const c = {
    id,
    apikey,
    answer: String(a + b),
    question: `What is ${a} plus ${b}?`,
    created: Date.now(),
    used: false,
  };
  captchas.set(id, c);
  return c;
}
function captchaXml(c) {
  return envelope(
    `    <captcha>\n      <id>${esc(c.id)}</id>\n      <challenge>/v1/${esc(c.apikey)}/captcha/${esc(c.id)}</challenge>\n      <question>${esc(c.question)}</question>\n    </captcha>\n`,
  );
}
function checkCaptcha(promo, req) {
  const chal = (req.headers['x-captcha-challenge'] || '').trim();
  const resp = (req.headers['x-captcha-response'] || '').trim();
  if (!chal || !resp) {
    // consume a presented challenge even if the response header is missing
    if (chal) {
      const c = lookupChallenge(chal);
      if (c) c.used = true;
    }
    return 'NULL';
  }
  const c = lookupChallenge(chal);
  if (!c || c.apikey !== promo.apikey) return 'VALIDATION';
  const wasUsed = c.used;
  c.used = true;
  if (BROKEN === 'captcha_presence') return null;
  if (wasUsed || Date.now() - c.created > CAPTCHA_TTL_MS) return 'VALIDATION';
  if (resp !== c.answer) return 'VALIDATION';
  return null;
}
function lookupChallenge(h) {
  let id = h;
  const m = /\/v1\/[^/]+\/captcha\/([^/?#]+)\/?$/.exec(h);
  if (m) id = decodeURIComponent(m[1]);
  return captchas.get(id) || null;
}

// ---------------------------------------------------------------- create
function createProfile(promo, req, res, bodyBuf) {
  const ctype = String(req.headers['content-type'] || '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (ctype === 'application/json' || ctype.endsWith('+json') || ctype.startsWith('multipart/')) {
    return send(res, 415, terminalXml('unsupported_media_type'));
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bodyBuf);
  } catch {
    return send(res, 400, terminalXml('malformed_request'));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const items =
    ctype === 'application/x-www-form-urlencoded' && looksLikeForm(text)
      ? parseFormBody(text)
      : parseKeyValueBody(text);

  const errors = [];
  const errNames = new Set();
  const addErr = (name, error) => {
    if (errNames.has(name)) return;
    errNames.add(name);
    errors.push({ name, error });
  };
  const pairs = new Map();
  const seen = new Set();
  const keyRe = BROKEN === 'keyname_lax' ? KEY_RE_LAX : KEY_RE;
  const configured = new Map(promo.fields.map((f) => [f.name, f]));

  for (const it of items) {
    if (it.malformed !== undefined) {
      addErr(it.malformed, 'VALIDATION');
      continue;
    }
    const { key, value } = it;
    if (!keyRe.test(key)) {
      addErr(key, 'VALIDATION');
      continue;
    }
    if (seen.has(key)) {
      pairs.delete(key);
      addErr(key, 'VALIDATION');
      continue;
    }
    seen.add(key);
    const f = configured.get(key);
    if (value === '') {
      if (f && f.required) addErr(key, 'NULL');
      continue; // empty optional value: treated as absent
    }
    const rule = RULES[key] || UNKNOWN_RULE;
    if (CTRL.test(value) || [...value].length > rule.max || (rule.test && !rule.test(value))) {
      addErr(key, 'VALIDATION');
      continue;
    }
    pairs.set(key, value);
  }
  for (const f of promo.fields) {
    if (f.required && !seen.has(f.name)) addErr(f.name, 'NULL');
  }
  if (!seen.has(promo.uniqueKey)) addErr(promo.uniqueKey, 'NULL');
  for (const e of errors) pairs.delete(e.name);

  if (promo.captcha) {
    const ce = checkCaptcha(promo, req);
    if (ce) addErr('captcha', ce);
  }
  if (errors.length) return send(res, 400, fieldErrorsXml(errors));

  const norm = normUnique(promo, pairs.get(promo.uniqueKey));
  if (promo.byUnique.has(norm)) return send(res, 409, terminalXml('duplicate_account'));

  let uid;
  if (BROKEN === 'not_stored' && pairs.size > 1) {
    uid = String(nextUid++);
    const prof = { uid, pairs };
    return respondCreated(promo, res, prof);
  }
  uid = storeProfile(promo, [...pairs]);
  return respondCreated(promo, res, promo.profiles.get(uid));
}
function respondCreated(promo, res, prof) {
  const locUid = BROKEN === 'location_off' ? String(Number(prof.uid) - 1) : prof.uid;
  send(res, 201, profileXml(promo, prof), { Location: `/v1/${promo.apikey}/profile/${locUid}` });
}

// ---------------------------------------------------------------- router
function methodNotAllowed(res, allow) {
  send(res, 405, terminalXml('method_not_allowed'), { Allow: allow });
}

function handle(req, res, bodyBuf) {
  let path;
  try {
    path = new URL(req.url, 'http://x').pathname;
  } catch {
    return send(res, 400, terminalXml('malformed_request'));
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const segs = path.split('/').slice(1);
  if (segs[0] !== 'v1' || segs.length < 3) return send(res, 404, terminalXml('not_found'));
  let apikey;
  try {
    apikey = decodeURIComponent(segs[1]);
  } catch {
    return send(res, 404, terminalXml('not_found'));
  }
  const promo = promotions.get(apikey);
  const resource = segs[2];
  const rest = segs.slice(3);
  const m = req.method;

  const isProfile = resource === 'profile' || resource === 'profiles';
  const lookupM = /^profiles?\(([^)]*)\)$/.exec(resource);
  if (!isProfile && !lookupM && resource !== 'captcha') return send(res, 404, terminalXml('not_found'));
  if (!promo) return send(res, 404, terminalXml('invalid_apikey'));

  if (isProfile && rest.length === 0) {
    if (m !== 'POST') return methodNotAllowed(res, 'POST');
    return createProfile(promo, req, res, bodyBuf);
  }
  if (isProfile && rest.length === 1) {
    if (m !== 'GET' && m !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const prof = promo.profiles.get(rest[0]);
    if (!prof) return send(res, 404, terminalXml('not_found'));
    return send(res, 200, profileXml(promo, prof));
  }
  if (lookupM && rest.length === 1) {
    if (m !== 'GET' && m !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    let key, value;
    try {
      key = decodeURIComponent(lookupM[1]);
      value = decodeURIComponent(rest[0]);
    } catch {
      return send(res, 404, terminalXml('not_found'));
    }
    if (key !== promo.uniqueKey) return send(res, 404, terminalXml('not_found'));
    const uid = promo.byUnique.get(normUnique(promo, value.trim()));
    if (!uid) return send(res, 404, terminalXml('not_found'));
    return send(res, 303, envelope(''), { Location: `/v1/${promo.apikey}/profile/${uid}` });
  }
  if (resource === 'captcha' && rest.length === 0) {
    if (m !== 'POST') return methodNotAllowed(res, 'POST');
    const c = newCaptcha(promo.apikey);
    return send(res, 201, captchaXml(c), { Location: `/v1/${promo.apikey}/captcha/${c.id}` });
  }
  if (resource === 'captcha' && rest.length === 1) {
    if (m !== 'GET' && m !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const c = captchas.get(rest[0]);
    if (!c || c.apikey !== promo.apikey || c.used || Date.now() - c.created > CAPTCHA_TTL_MS)
      return send(res, 404, terminalXml('not_found'));
    return send(res, 200, captchaXml(c));
  }
  return send(res, 404, terminalXml('not_found'));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  let tooBig = false;
  req.on('data', (c) => {
    if (tooBig) return;
    size += c.length;
    if (size > MAX_BODY) {
      tooBig = true;
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (tooBig) return send(res, 413, terminalXml('request_too_large'), { Connection: 'close' });
    try {
      handle(req, res, Buffer.concat(chunks));
    } catch (e) {
      console.error(e);
      if (!res.headersSent) send(res, 500, terminalXml('internal_error'));
    }
  });
  req.on('error', () => {});
});

server.listen(PORT, HOST, () => {
  const url = `http://${HOST}:${PORT}`;
  const fixtures = {
    broken: BROKEN || null,
    promotions: [...promotions.values()].map((p) => ({
      apikey: p.apikey,
      uniqueKey: p.uniqueKey,
      captchaRequired: p.captcha,
      requiredKeys: p.fields.filter((f) => f.required).map((f) => f.name),
      safeKeys: p.fields.filter((f) => f.safe).map((f) => f.name),
      optionalKeys: p.fields.filter((f) => !f.required).map((f) => f.name),
      existingProfile: (() => {
        const prof = p.profiles.get(seeded[p.apikey]);
        return { uid: prof.uid, [p.uniqueKey]: prof.pairs.get(p.uniqueKey) };
      })(),
    })),
    unknownApikey: 'epz-no-such-key',
    captcha: {
      create: 'POST /v1/{apikey}/captcha',
      challengeHeader: 'X-CAPTCHA-Challenge',
      responseHeader: 'X-CAPTCHA-Response',
      answer: 'decimal sum of the two numbers in <question>What is A plus B?</question>',
    },
  };
  console.log(JSON.stringify({ url, fixtures }));
});
