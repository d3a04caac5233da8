// iService peer: webapp-api-custinfo?api=setdetails (+ login, logout, details read-back).
// Plain Node ESM, node:http only. Usage: node server.mjs --port 47105   [BROKEN=<name>]
//
// Open-point decisions (where page.txt / related.txt are silent, ambiguous or contradictory):
//  1. Base path: related.txt's URL form https://{tenant}/f/webapp-api-{form}?api={endpoint}; the peer serves
//     /f/webapp-api-login and /f/webapp-api-custinfo, and prints url = http://127.0.0.1:<port>/f .
//  2. HTTP method: POST for every api (JSON payload implies POST); any other method -> 405 + errors envelope.
//  3. Authentication: webapp-api-login?api=login with form fields emailAddress + Password, sent
//     application/x-www-form-urlencoded (also accepted: a JSON object with the same two members). Success sets
//     a session cookie "iservice_session" (HttpOnly, Path=/) that every custinfo call must carry.
//  4. Login success answer: 200 {errors:[], errorDetails:[], loggedIn:{isLoggedIn:true, contactID, name, isAgent}}.
//     Login failure answer: 200 {errors:["Invalid email address or password."], errorDetails:[...],
//     loggedIn:{isLoggedIn:false}}; no cookie is set.
//  5. The emailAddress may be ANY login name of the contact (case-insensitive), whatever its type; the password
//     belongs to the contact. So logins changed through setdetails (setLogins true) take effect for login at once.
//  6. HTTP status: every application-level error (not logged in, validation, access denied, unknown contact) is
//     answered 200 with the {errors, errorDetails} envelope; only unknown path/api (404), wrong method (405) and
//     oversize body (413) use other statuses, still with the envelope.
//  7. Unauthenticated custinfo call -> 200 {errors:["You must be logged in."], errorDetails:[...]}, nothing stored.
//  8. A customer calling setdetails for another contact -> 200 {errors:["Access denied."], errorDetails:[...]},
//     nothing stored. Agents may update any contact. A customer may update properties, logins and membership of
//     their own contact (the page restricts only by contact ID).
//  9. details: accepted as an object (the example) or as an array holding exactly one object (the table's details[]);
//     anything else is an error.
// 10. properties / logins are arrays of objects (the example), not of strings (the table's wording).
// 11. Login types: blank, email, bounced, google, matched case-insensitively; stored exactly as sent ("Email"
//     stays "Email"). Any other type -> error. Seeded logins use "Email" like the page example.
// 12. Login name must be a non-empty string; for type email it must contain "@". Duplicate names (case-insensitive)
//     within the list, or a name used by another contact -> error.
// 13. setLogins true: the contact's logins are replaced by `logins` (an empty list removes them all).
//     setLogins false or absent: `logins` is ignored, logins unchanged. setLogins present but not boolean -> error.
// 14. Properties are keyed by propertyID (a string; a JSON integer is accepted and turned into a string);
//     propertyName is a display label and is ignored when storing. Unknown propertyID -> error.
// 15. A property's values array replaces its stored values (multi-valued allowed, order kept); an empty array
//     clears the property. Each value must be {value: string}.
// 16. Properties the payload does not mention are left unchanged (partial update by ID).
// 17. membership: array of segment IDs (strings; integers accepted and turned into strings); replaces the
//     contact's membership. Unknown segment ID -> error. membership absent -> membership unchanged; present but
//     not an array -> error. Duplicates are collapsed.
// 18. contactID must be a positive JSON integer (a numeric string is rejected); unknown contact -> error.
// 19. All-or-nothing: on any error nothing is stored. Every entry in errors has a matching entry in errorDetails
//     (same index), all collected in one pass.
// 20. Body is parsed as JSON whatever the Content-Type; invalid JSON or a non-object -> error envelope (200).
// 21. Read-back: webapp-api-custinfo?api=details, contactID in the JSON body {contactID:N} (falling back to a
//     contactID query parameter). Same access rule as setdetails (customers only their own contact). Answer:
//     {errors:[], errorDetails:[], contactID, details:{properties:[...all properties, in ID order...],
//     setLogins:false, logins:[...]}, membership:[...]}.
// 22. Logout: webapp-api-login?api=logout ends the session; answers {errors:[], errorDetails:[]}.
// 23. Unknown members in the request are ignored. No CSRF scheme.
// 24. Responses: Content-Type application/json; charset=utf-8.
// 25. JSON is parsed strictly (JSON.parse): the page's example, as published, carries U+00A0 no-break spaces as
//     indentation, which are not JSON whitespace; such a body is answered 'Invalid request.' (a copy with plain
//     spaces is accepted and succeeds).
//
// BROKEN variants (env BROKEN=<name>), each violating something the page states explicitly:
//  no-clear          a property sent with "values": [] keeps its old value, yet the answer is success
//                    (page: the API "is used to save changes to a contact's details"; the form sends all values,
//                    and an empty values array is the example's way to say "no value").
//  customer-other    a customer may update ANOTHER contact's details (page: "customers may only update
//                    properties for their own contact ID").
//  no-errordetails   error answers list errors but errorDetails is a blank array (page: errorDetails "Provides
//                    detailed information about the error encountered, otherwise returns a blank array if no
//                    error is encountered").
//  setlogins-ignored logins are replaced even when setLogins is false (page: setLogins "True or false value
//                    indicating whether login values are being set").

import crypto from 'node:crypto';
import http from 'node:http';

const args = process.argv.slice(2);
let port = 47105;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i]);
  else if (args[i].startsWith('--port=')) port = Number(args[i].slice(7));
}
const BROKEN = process.env.BROKEN || '';
const BASE = '/f';

// ---------------------------------------------------------------- state
const PROPERTY_DEFS = [
  { propertyID: '1', propertyName: 'First Name' },
  { propertyID: '2', propertyName: 'Middle Initial' },
  { propertyID: '3', propertyName: 'Last Name' },
  { propertyID: '4', propertyName: 'Phone' },
  { propertyID: '5', propertyName: 'Company' },
];
const SEGMENTS = {};
for (let i = 1; i <= 12; i++) SEGMENTS[String(i)] = `Segment ${i}`;

const contacts = new Map();
function addContact(c) {
  contacts.set(c.contactID, c);
}
addContact({
  contactID: 100,
  isAgent: true,
  password: 'AgentPass1!',
  properties: { 1: ['Alice'], 2: [], 3: ['Agent'], 4: [], 5: ['One-to-One Service'] },
  logins: [{ name: 'agent@1to1service.com', type: 'Email' }],
  membership: ['1'],
});
addContact({
  contactID: 466,
  isAgent: false,
  password: 'CustPass1!',
  properties: { 1: ['John'], 2: ['Q'], 3: ['Doe'], 4: ['555-0100', '555-0101'], 5: [] },
  logins: [{ name: 'customer11@1to1service.com', type: 'Email' }],
  membership: ['2', '3'],
});
addContact({
  contactID: 467,
  isAgent: false,
  password: 'CustPass2!',
  properties: { 1: ['Jane'], 2: [], 3: ['Roe'], 4: ['555-0200'], 5: ['Acme'] },
  logins: [{ name: 'customer12@1to1service.com', type: 'Email' }],
  membership: ['4'],
});
addContact({
  contactID: 468,
  isAgent: false,
  password: 'CustPass3!',
  properties: { 1: ['Max'], 2: [], 3: ['Mustermann'], 4: [], 5: [] },
  logins: [{ name: 'customer13@1to1service.com', type: 'Email' }],
  membership: [],
});

const sessions = new Map(); // token -> contactID

// ---------------------------------------------------------------- helpers
function send(res, status, obj, headers = {}) {
  const body = JSON.stringify(obj);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
function ok(res, extra = {}, headers = {}) {
  send(res, 200, { errors: [], errorDetails: [], ...extra }, headers);
}
function fail(res, errs, status = 200, extra = {}) {
  // errs: [[message, detail], ...]
  const errors = errs.map((e) => e[0]);
  const errorDetails = BROKEN === 'no-errordetails' ? [] : errs.map((e) => e[1]);
  send(res, status, { errors, errorDetails, ...extra });
}
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
function parseCookies(h) {
  const out = {};
  for (const part of (h || '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
function sessionContact(req) {
  const tok = parseCookies(req.headers.cookie).iservice_session;
  if (!tok || !sessions.has(tok)) return null;
  return contacts.get(sessions.get(tok)) || null;
}
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const LOGIN_TYPES = new Set(['', 'email', 'bounced', 'google']);

function findByLogin(name) {
  const n = String(name).toLowerCase();
  for (const c of contacts.values()) if (c.logins.some((l) => l.name.toLowerCase() === n)) return c;
  return null;
}
function renderDetails(c) {
  return {
    contactID: c.contactID,
    details: {
      properties: PROPERTY_DEFS.map((p) => ({
        propertyID: p.propertyID,
        propertyName: p.propertyName,
        values: (c.properties[p.propertyID] || []).map((v) => ({ value: v })),
      })),
      setLogins: false,
      logins: c.logins.map((l) => ({ name: l.name, type: l.type })),
    },
    membership: [...c.membership],
  };
}

// ---------------------------------------------------------------- handlers
function parseLoginFields(raw, ctype) {
  const t = raw.trim();
  if ((ctype || '').includes('json') || t.startsWith('{')) {
    try {
      const j = JSON.parse(t);
      if (isObj(j)) return j;
    } catch {
      /* fall through */
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function handleLogin(req, res, raw) {
  const f = parseLoginFields(raw, req.headers['content-type']);
  const email = typeof f.emailAddress === 'string' ? f.emailAddress.trim() : '';
  const pw = typeof f.Password === 'string' ? f.Password : '';
  if (!email || !pw) {
    return fail(
      res,
      [
        [
          'Email address and password are required.',
          'The form fields emailAddress and Password must both be given.',
        ],
      ],
      200,
      { loggedIn: { isLoggedIn: false } },
    );
  }
  const c = findByLogin(email);
  if (!c || c.password !== pw) {
    return fail(
      res,
      [['Invalid email address or password.', 'No login matches the given email address and password.']],
      200,
      { loggedIn: { isLoggedIn: false } },
    );
  }
  const tok = crypto.randomBytes(24).toString('hex');
  sessions.set(tok, c.contactID);
  const name = [c.properties['1']?.[0], c.properties['3']?.[0]].filter(Boolean).join(' ');
  ok(
    res,
    { loggedIn: { isLoggedIn: true, contactID: c.contactID, name, isAgent: c.isAgent } },
    { 'Set-Cookie': `iservice_session=${tok}; Path=/; HttpOnly; SameSite=Lax` },
  );
}

function handleLogout(req, res) {
  const tok = parseCookies(req.headers.cookie).iservice_session;
  if (tok) sessions.delete(tok);
  ok(res, {}, { 'Set-Cookie': 'iservice_session=; Path=/; HttpOnly; Max-Age=0' });
}

function parseJsonBody(res, raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    fail(res, [['Invalid request.', 'The request body is not valid JSON.']]);
    return undefined;
  }
  if (!isObj(body)) {
    fail(res, [['Invalid request.', 'The request body must be a JSON object.']]);
    return undefined;
  }
  return body;
}

function requireUser(req, res) {
  const u = sessionContact(req);
  if (!u)
    fail(res, [
      [
        'You must be logged in.',
        'No valid session cookie was sent; log in with webapp-api-login?api=login first.',
      ],
    ]);
  return u;
}

function checkContact(res, user, contactID, allowOther = false) {
  if (typeof contactID !== 'number' || !Number.isInteger(contactID) || contactID < 1) {
    fail(res, [['Invalid contact ID.', 'contactID must be a positive integer.']]);
    return null;
  }
  const c = contacts.get(contactID);
  if (!user.isAgent && user.contactID !== contactID && !allowOther) {
    fail(res, [
      [
        'Access denied.',
        `Customers may only update or view their own contact (${user.contactID}), not contact ${contactID}.`,
      ],
    ]);
    return null;
  }
  if (!c) {
    fail(res, [['Contact not found.', `No contact has ID ${contactID}.`]]);
    return null;
  }
  return c;
}

function handleDetails(req, res, raw, url) {
  const user = requireUser(req, res);
  if (!user) return;
  let body = {};
  if (raw.trim() !== '') {
    body = parseJsonBody(res, raw);
    if (body === undefined) return;
  }
  let id = body.contactID;
  if (id === undefined && url.searchParams.has('contactID')) {
    const s = url.searchParams.get('contactID');
    id = /^\d+$/.test(s) ? Number(s) : s;
  }
  const c = checkContact(res, user, id);
  if (!c) return;
  ok(res, renderDetails(c));
}

function handleSetDetails(req, res, raw) {
  const user = requireUser(req, res);
  if (!user) return;
  const body = parseJsonBody(res, raw);
  if (body === undefined) return;
  const c = checkContact(res, user, body.contactID, BROKEN === 'customer-other');
  if (!c) return;

  const errs = [];
  let det = body.details;
  if (Array.isArray(det)) {
    if (det.length !== 1) {
      errs.push(['Invalid details.', 'details, when an array, must hold exactly one object.']);
      det = null;
    } else det = det[0];
  }
  if (det !== null && !isObj(det)) {
    errs.push(['Invalid details.', 'details must be an object with properties, setLogins and logins.']);
    det = null;
  }

  const newProps = {};
  let newLogins = null;
  if (det) {
    // properties
    if (det.properties !== undefined && !Array.isArray(det.properties)) {
      errs.push(['Invalid properties.', 'details.properties must be an array.']);
    } else {
      (det.properties || []).forEach((p, i) => {
        if (!isObj(p)) {
          errs.push(['Invalid property.', `details.properties[${i}] must be an object.`]);
          return;
        }
        let pid = p.propertyID;
        if (typeof pid === 'number' && Number.isInteger(pid)) pid = String(pid);
        if (typeof pid !== 'string' || pid === '') {
          errs.push(['Invalid property.', `details.properties[${i}].propertyID must be a non-empty string.`]);
          return;
        }
        if (!PROPERTY_DEFS.some((d) => d.propertyID === pid)) {
          errs.push(['Unknown property.', `Property ID ${pid} does not exist.`]);
          return;
        }
        if (!Array.isArray(p.values)) {
          errs.push(['Invalid property values.', `details.properties[${i}].values must be an array.`]);
          return;
        }
        const vals = [];
        for (const [j, v] of p.values.entries()) {
          if (!isObj(v) || typeof v.value !== 'string') {
            errs.push([
              'Invalid property value.',
              `details.properties[${i}].values[${j}] must be {"value": string}.`,
            ]);
            return;
          }
          vals.push(v.value);
        }
        newProps[pid] = vals;
      });
    }
    // logins
    if (det.setLogins !== undefined && typeof det.setLogins !== 'boolean') {
      errs.push(['Invalid setLogins.', 'details.setLogins must be true or false.']);
    }
    const applyLogins =
      det.setLogins === true || (BROKEN === 'setlogins-ignored' && Array.isArray(det.logins));
    if (applyLogins) {
      if (!Array.isArray(det.logins)) {
        errs.push(['Invalid logins.', 'details.logins must be an array when setLogins is true.']);
      } else {
        const seen = new Set();
        const list = [];
        det.logins.forEach((l, i) => {
          if (!isObj(l)) {
            errs.push(['Invalid login.', `details.logins[${i}] must be an object.`]);
            return;
          }
          const type = l.type === undefined ? '' : l.type;
          if (typeof type !== 'string' || !LOGIN_TYPES.has(type.toLowerCase())) {
            errs.push([
              'Invalid login type.',
              `details.logins[${i}].type must be blank, email, bounced or Google.`,
            ]);
            return;
          }
          if (typeof l.name !== 'string' || l.name.trim() === '') {
            errs.push(['Invalid login.', `details.logins[${i}].name must be a non-empty string.`]);
            return;
          }
          const name = l.name.trim();
          if (type.toLowerCase() === 'email' && !name.includes('@')) {
            errs.push([
              'Invalid email login.',
              `details.logins[${i}].name "${name}" is not an email address.`,
            ]);
            return;
          }
          const key = name.toLowerCase();
          if (seen.has(key)) {
            errs.push(['Duplicate login.', `The login "${name}" is listed more than once.`]);
            return;
          }
          seen.add(key);
          const owner = findByLogin(name);
          if (owner && owner.contactID !== c.contactID) {
            errs.push(['Login already in use.', `The login "${name}" belongs to another contact.`]);
            return;
          }
          list.push({ name, type });
        });
        newLogins = list;
      }
    }
  }
  // membership
  let newMembership = null;
  if (body.membership !== undefined) {
    if (!Array.isArray(body.membership))
      errs.push(['Invalid membership.', 'membership must be an array of segment IDs.']);
    else {
      const m = [];
      body.membership.forEach((s, i) => {
        const id = typeof s === 'number' && Number.isInteger(s) ? String(s) : s;
        if (typeof id !== 'string' || !Object.hasOwn(SEGMENTS, id)) {
          errs.push(['Unknown segment.', `membership[${i}] (${JSON.stringify(s)}) is not a segment ID.`]);
          return;
        }
        if (!m.includes(id)) m.push(id);
      });
      newMembership = m;
    }
  }
  if (errs.length) return fail(res, errs);

  // commit
  for (const [pid, vals] of Object.entries(newProps)) {
    if (BROKEN === 'no-clear' && vals.length === 0) continue;
    c.properties[pid] = vals;
  }
  if (newLogins) c.logins = newLogins;
  if (newMembership) c.membership = newMembership;
  ok(res);
}

// ---------------------------------------------------------------- server
const server = http.createServer(async (req, res) => {
  let url;
  try {
    url = new URL(req.url, 'http://localhost');
  } catch {
    return fail(res, [['Not found.', 'Bad URL.']], 404);
  }
  const api = url.searchParams.get('api');
  const routes = {
    [`${BASE}/webapp-api-login`]: { login: handleLogin, logout: handleLogout },
    [`${BASE}/webapp-api-custinfo`]: { details: handleDetails, setdetails: handleSetDetails },
  };
  const form = routes[url.pathname];
  if (!form || !api || !form[api])
    return fail(res, [['Not found.', `No API at ${url.pathname}?api=${api ?? ''}.`]], 404);
  if (req.method !== 'POST') return fail(res, [['Method not allowed.', 'Use POST.']], 405, {});
  let raw;
  try {
    raw = await readBody(req);
  } catch {
    return fail(res, [['Request too large.', 'The body exceeds 1 MB.']], 413);
  }
  try {
    form[api](req, res, raw, url);
  } catch (e) {
    fail(res, [['Internal error.', String((e && e.message) || e)]], 500);
  }
});

server.listen(port, '127.0.0.1', () => {
  const fixtures = {
    agent: { emailAddress: 'agent@1to1service.com', Password: 'AgentPass1!', contactID: 100 },
    customer: { emailAddress: 'customer11@1to1service.com', Password: 'CustPass1!', contactID: 466 },
    otherCustomer: { emailAddress: 'customer12@1to1service.com', Password: 'CustPass2!', contactID: 467 },
    spareContactID: 468,
    properties: PROPERTY_DEFS,
    segments: Object.keys(SEGMENTS),
    loginTypes: ['', 'Email', 'Bounced', 'Google'],
    broken: BROKEN || null,
  };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}${BASE}`, fixtures }));
});
