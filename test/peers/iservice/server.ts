/**
 * Independent peer of the iService "Set contact details" API (webapp-api-custinfo?api=setdetails),
 * written only from schemas/iservice/page.txt and schemas/iservice/related.txt.
 *
 * ENDPOINTS (base url = http://127.0.0.1:PORT/f; every answer is JSON {errors, errorDetails, ...})
 * - POST {url}/webapp-api-login?api=login      form fields emailAddress, Password (urlencoded, or a JSON
 *   object when Content-Type is application/json). Success: Set-Cookie ISERVICE_SESSION=...;
 *   body {errors:[], errorDetails:[], loggedIn:{isLoggedIn:true, contactID, isAgent}}.
 * - POST {url}/webapp-api-custinfo?api=setdetails  the documented operation (JSON body, session cookie).
 * - POST {url}/webapp-api-custinfo?api=details     read-back: body {contactID} -> {errors, errorDetails,
 *   contactID, details:{properties:[{propertyID, propertyName, values:[{value}]}], logins:[{name,type}]},
 *   membership:[segment IDs as strings]}. Every defined property is listed, empty ones with values [].
 * - POST {url}/webapp-api-custinfo?api=name        read-back: body {contactID} -> {..., name:"First Last"}.
 *   Other custinfo siblings (search, newcontact, subscriptions, ...) are not served: 404 "Unknown api".
 *
 * FIXTURES (peer.fixtures)
 * - agent: contact 100, emailAddress "agent@example.com", password "agent-pass-1" (may update any contact)
 * - customer: contact 466 (as in the page example), emailAddress "customer11@1to1service.com",
 *   password "customer-pass-1"; ownContactID 466; seeded as John Doe, segments ["2","3"], so the page
 *   example (Last Name "Deer", ten segments) visibly changes it
 * - otherContact: contact 467, emailAddress "jane.roe@example.com", password "other-pass-1" (a customer too)
 * - textProperties: "1" First Name, "2" Middle Initial, "3" Last Name (single-valued free text)
 * - multiProperty: "4" Interests, several values allowed from ["Sports", "Music", "Travel", "Reading"]
 * - segments: "1".."12" (the page example membership is valid); unknownContactID 999999
 *
 * OPEN POINTS / CONTRADICTIONS AND CHOICES
 * 1. HTTP method undocumented -> POST only (JSON payload implies it); other methods 405 + Allow: POST.
 * 2. Authentication carrier -> session cookie set by api=login (related.txt); no cookie/unknown -> error.
 * 3. CSRF scheme undocumented -> none required.
 * 4. HTTP status on error undocumented -> 200 with errors[] for every API-level error (login failure,
 *    not logged in, access denied, validation), since errors[] is the documented channel and clients
 *    test loggedIn.isLoggedIn rather than the status; transport-level problems use real statuses:
 *    404 unknown path/api, 405 method, 413 body > 1 MiB, 400 body that is not a JSON object.
 * 5. Customer updating another contact -> 200, errors ["Access denied"], nothing changed; checked before
 *    existence so a customer cannot probe which contact IDs exist. Same rule for details/name.
 * 6. "customers may only update properties for their own contact" -> read as a restriction on WHICH
 *    contact; a customer may send the whole form (properties, logins, membership) for their own contact.
 * 7. details[] written as an array but the example is an object -> an object is accepted; a one-element
 *    array holding that object is also accepted (both readings of the page); anything else is an error.
 * 8. properties "an array of strings" but the example holds objects -> elements must be objects.
 * 9. logins "an array of strings" but holds {name,type} -> elements must be objects.
 * 10. Login types "blank, email, bounced, or Google" vs example "Email" -> case-insensitive match of
 *    "" (blank; "blank" also accepted), email, bounced, google; stored/read back as "", "Email",
 *    "Bounced", "Google". Email and Bounced names must look like an e-mail address.
 * 11. Documented types are enforced strictly: contactID must be a JSON integer > 0 (not "466"),
 *    propertyID a string, value a string, setLogins a boolean. membership element type is undocumented
 *    -> strings or integers accepted, stored as strings.
 * 12. Required fields: contactID and details are required; properties optional (absent = unchanged);
 *    membership optional (absent = unchanged, [] = member of nothing); setLogins optional (default false).
 * 13. Properties not listed in the request keep their value (partial update; the form normally sends all).
 * 14. values: [] clears a property; blank strings ("") are dropped (the example shows an empty field as
 *    values []); a single-valued property given several values -> error; a multi-valued property only
 *    accepts its listed values; duplicate values -> error.
 * 15. propertyName is informational: must be a string if present, otherwise ignored (propertyID is the
 *    key). Unknown propertyID or the same propertyID twice -> error.
 * 16. setLogins false/absent -> logins ignored; true -> logins (required array) replaces the contact's
 *    logins. A login name (case-insensitive) used by another contact or twice -> error. Logins are also
 *    the names accepted by api=login; the contact's password is unchanged.
 * 17. Unknown segment ID -> error; duplicate segment IDs are merged.
 * 18. Atomicity -> all checks run first; any error means nothing is changed. errors[i] is a message and
 *    errorDetails[i] names the offending field (same length).
 * 19. Unknown contactID (agent) -> errors ["Contact not found"].
 * 20. Content-Type of custinfo calls is not enforced (body must parse as a JSON object); extra fields ignored.
 * 21. Check order: 404 path/api, 405 method, 413 size, "Not logged in" (no/unknown cookie), 400 body,
 *    contactID type, access, existence, then all field checks (collected together).
 * 22. Sessions never expire and there is no logout (none is documented); a new login adds a session.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  url: string;
  close(): Promise<void>;
  fixtures: Record<string, unknown>;
}

const MAX_BODY = 1024 * 1024;
const COOKIE = 'ISERVICE_SESSION';

interface PropertyDef {
  id: string;
  name: string;
  multi: boolean;
  options: readonly string[] | null;
}
interface Login {
  name: string;
  type: string;
}
interface Contact {
  id: number;
  isAgent: boolean;
  password: string;
  values: Map<string, string[]>;
  logins: Login[];
  membership: string[];
}
interface Session {
  contactID: number;
  isAgent: boolean;
}
type Json = Record<string, unknown>;

const PROPERTIES: readonly PropertyDef[] = [
  { id: '1', name: 'First Name', multi: false, options: null },
  { id: '2', name: 'Middle Initial', multi: false, options: null },
  { id: '3', name: 'Last Name', multi: false, options: null },
  { id: '4', name: 'Interests', multi: true, options: ['Sports', 'Music', 'Travel', 'Reading'] },
];
const SEGMENTS: readonly string[] = Array.from({ length: 12 }, (_, i) => String(i + 1));
const LOGIN_TYPES: Record<string, string> = {
  '': '',
  blank: '',
  email: 'Email',
  bounced: 'Bounced',
  google: 'Google',
};
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function seed(): Map<number, Contact> {
  const mk = (
    id: number,
    isAgent: boolean,
    password: string,
    first: string,
    last: string,
    email: string,
    membership: string[],
  ): [number, Contact] => [
    id,
    {
      id,
      isAgent,
      password,
      values: new Map([
        ['1', [first]],
        ['3', [last]],
      ]),
      logins: [{ name: email, type: 'Email' }],
      membership,
    },
  ];
  return new Map([
    mk(100, true, 'agent-pass-1', 'Alice', 'Agent', 'agent@example.com', []),
    mk(466, false, 'customer-pass-1', 'John', 'Doe', 'customer11@1to1service.com', ['2', '3']),
    mk(467, false, 'other-pass-1', 'Jane', 'Roe', 'jane.roe@example.com', ['4']),
  ]);
}

function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

const fail = (errors: string[], details: string[], extra: Json = {}): Json => ({
  errors,
  errorDetails: details,
  ...extra,
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      reject(new HttpError(413, 'Request body larger than 1 MiB'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooBig) reject(new HttpError(413, 'Request body larger than 1 MiB'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function parseJsonObject(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
  if (!isRecord(parsed)) throw new HttpError(400, 'Request body must be a JSON object');
  return parsed;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function startPeer(options: { port?: number; host?: string } = {}): Promise<Peer> {
  const contacts = seed();
  const sessions = new Map<string, Session>();

  const findByLogin = (name: string): Contact | undefined => {
    const wanted = name.trim().toLowerCase();
    for (const c of contacts.values()) {
      if (c.logins.some((l) => l.name.toLowerCase() === wanted)) return c;
    }
    return undefined;
  };

  function login(req: IncomingMessage, text: string): { body: Json; cookie?: string } {
    let fields: Record<string, unknown>;
    if (/application\/json/i.test(req.headers['content-type'] ?? '')) fields = parseJsonObject(text);
    else fields = Object.fromEntries(new URLSearchParams(text));
    const email = fields.emailAddress;
    const password = fields.Password;
    const notIn = { loggedIn: { isLoggedIn: false } };
    if (typeof email !== 'string' || email.trim() === '' || typeof password !== 'string' || password === '') {
      return { body: fail(['Email address and password are required'], ['emailAddress, Password'], notIn) };
    }
    const contact = findByLogin(email);
    if (!contact || contact.password !== password) {
      return { body: fail(['Invalid email address or password'], ['emailAddress, Password'], notIn) };
    }
    const token = randomBytes(24).toString('hex');
    sessions.set(token, { contactID: contact.id, isAgent: contact.isAgent });
    return {
      body: fail([], [], { loggedIn: { isLoggedIn: true, contactID: contact.id, isAgent: contact.isAgent } }),
      cookie: `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`,
    };
  }

  /** Shared prologue of custinfo calls: contactID type, access right, existence. */
  function target(session: Session, body: Json): { contact: Contact } | { answer: Json } {
    const id = body.contactID;
    if (id === undefined) return { answer: fail(['contactID is required'], ['contactID']) };
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
      return { answer: fail(['contactID must be a positive integer'], ['contactID']) };
    }
    if (!session.isAgent && id !== session.contactID) {
      const why = `contactID ${id}: customers may only access their own contact`;
      return { answer: fail(['Access denied'], [why]) };
    }
    const contact = contacts.get(id);
    return contact ? { contact } : { answer: fail(['Contact not found'], [`contactID ${id}`]) };
  }

  function setdetails(session: Session, body: Json): Json {
    const t = target(session, body);
    if ('answer' in t) return t.answer;
    const { contact } = t;
    const errors: string[] = [];
    const details: string[] = [];
    const err = (message: string, where: string): void => {
      errors.push(message);
      details.push(where);
    };

    let form: unknown = body.details;
    if (Array.isArray(form) && form.length === 1) form = form[0];
    const newValues = new Map<string, string[]>();
    let newLogins: Login[] | null = null;
    let newMembership: string[] | null = null;

    if (!isRecord(form)) {
      err('details is required and must be an object', 'details');
    } else {
      const props = form.properties;
      if (props !== undefined && !Array.isArray(props))
        err('properties must be an array', 'details.properties');
      for (const [i, p] of (Array.isArray(props) ? props : []).entries()) {
        const at = `details.properties[${i}]`;
        if (!isRecord(p)) {
          err('Each property must be an object', at);
          continue;
        }
        if (p.propertyName !== undefined && typeof p.propertyName !== 'string') {
          err('propertyName must be a string', `${at}.propertyName`);
        }
        const def = PROPERTIES.find((d) => d.id === p.propertyID);
        if (typeof p.propertyID !== 'string') {
          err('propertyID must be a string', `${at}.propertyID`);
          continue;
        }
        if (!def) {
          err(`Unknown property ${p.propertyID}`, `${at}.propertyID`);
          continue;
        }
        if (newValues.has(def.id)) {
          err(`Property ${def.id} is listed more than once`, `${at}.propertyID`);
          continue;
        }
        if (!Array.isArray(p.values)) {
          err(`values of property ${def.id} must be an array`, `${at}.values`);
          continue;
        }
        const vals: string[] = [];
        for (const [j, v] of p.values.entries()) {
          if (!isRecord(v) || typeof v.value !== 'string') {
            err('Each value must be an object with a string value', `${at}.values[${j}].value`);
          } else if (v.value.trim() !== '') vals.push(v.value);
        }
        if (!def.multi && vals.length > 1) {
          err(`Property ${def.name} (${def.id}) accepts a single value`, `${at}.values`);
        }
        for (const v of vals) {
          if (def.options && !def.options.includes(v)) {
            err(`Value "${v}" is not allowed for property ${def.name} (${def.id})`, `${at}.values`);
          }
        }
        if (new Set(vals).size !== vals.length) err(`Duplicate value for property ${def.id}`, `${at}.values`);
        newValues.set(def.id, vals);
      }

      if (form.setLogins !== undefined && typeof form.setLogins !== 'boolean') {
        err('setLogins must be a boolean', 'details.setLogins');
      } else if (form.setLogins === true) {
        if (!Array.isArray(form.logins))
          err('logins must be an array when setLogins is true', 'details.logins');
        else {
          newLogins = [];
          const seen = new Set<string>();
          for (const [i, l] of form.logins.entries()) {
            const at = `details.logins[${i}]`;
            if (!isRecord(l) || typeof l.name !== 'string' || typeof l.type !== 'string') {
              err('Each login must be an object with string name and type', at);
              continue;
            }
            const name = l.name.trim();
            const key = l.type.trim().toLowerCase();
            const type = Object.hasOwn(LOGIN_TYPES, key) ? LOGIN_TYPES[key] : undefined;
            if (type === undefined) err(`Unknown login type "${l.type}"`, `${at}.type`);
            if (name === '') err('Login name is required', `${at}.name`);
            else if ((type === 'Email' || type === 'Bounced') && !EMAIL_RE.test(name)) {
              err(`Login "${name}" is not a valid email address`, `${at}.name`);
            }
            const owner = findByLogin(name);
            if (name !== '' && owner && owner.id !== contact.id) {
              err(`Login "${name}" is already used by another contact`, `${at}.name`);
            }
            if (seen.has(name.toLowerCase())) err(`Login "${name}" is listed more than once`, `${at}.name`);
            seen.add(name.toLowerCase());
            newLogins.push({ name, type: type ?? '' });
          }
        }
      }
    }

    const m = body.membership;
    if (m !== undefined) {
      if (!Array.isArray(m)) err('membership must be an array', 'membership');
      else {
        newMembership = [];
        for (const [i, s] of m.entries()) {
          const id = typeof s === 'number' && Number.isSafeInteger(s) ? String(s) : s;
          if (typeof id !== 'string' || !SEGMENTS.includes(id)) {
            err(`Unknown segment ${JSON.stringify(s) ?? String(s)}`, `membership[${i}]`);
          } else if (!newMembership.includes(id)) newMembership.push(id);
        }
      }
    }

    if (errors.length > 0) return fail(errors, details);
    for (const [id, vals] of newValues) contact.values.set(id, vals);
    if (newLogins) contact.logins = newLogins;
    if (newMembership) contact.membership = newMembership.sort((a, b) => Number(a) - Number(b));
    return fail([], []);
  }

  function readDetails(session: Session, body: Json): Json {
    const t = target(session, body);
    if ('answer' in t) return t.answer;
    const { contact } = t;
    return fail([], [], {
      contactID: contact.id,
      details: {
        properties: PROPERTIES.map((d) => ({
          propertyID: d.id,
          propertyName: d.name,
          values: (contact.values.get(d.id) ?? []).map((value) => ({ value })),
        })),
        logins: contact.logins.map((l) => ({ ...l })),
      },
      membership: [...contact.membership],
    });
  }

  function readName(session: Session, body: Json): Json {
    const t = target(session, body);
    if ('answer' in t) return t.answer;
    const { contact } = t;
    const part = (id: string): string => contact.values.get(id)?.[0] ?? '';
    return fail([], [], {
      contactID: contact.id,
      name: [part('1'), part('3')].filter((s) => s !== '').join(' '),
    });
  }

  const custinfo: Record<string, (s: Session, b: Json) => Json> = {
    setdetails,
    details: readDetails,
    name: readName,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://peer.invalid');
    const api = url.searchParams.get('api') ?? '';
    const isLogin = url.pathname === '/f/webapp-api-login';
    if (!isLogin && url.pathname !== '/f/webapp-api-custinfo') throw new HttpError(404, 'Not found');
    if ((isLogin && api !== 'login') || (!isLogin && !Object.hasOwn(custinfo, api))) {
      throw new HttpError(404, `Unknown api "${api}"`);
    }
    if (req.method !== 'POST') throw new HttpError(405, 'Method not allowed; use POST');
    const text = await readBody(req);
    if (isLogin) {
      const { body, cookie } = login(req, text);
      send(res, 200, body, cookie ? { 'set-cookie': cookie } : {});
      return;
    }
    const token = cookieValue(req, COOKIE);
    const session = token === undefined ? undefined : sessions.get(token);
    if (!session) {
      send(res, 200, fail(['Not logged in'], ['Log in with webapp-api-login?api=login first']));
      return;
    }
    const fn = custinfo[api];
    if (!fn) throw new HttpError(404, `Unknown api "${api}"`);
    send(res, 200, fn(session, parseJsonObject(text)));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof HttpError ? e.message : 'Internal error';
      const headers: Record<string, string> = status === 405 ? { allow: 'POST' } : {};
      if (status === 413) headers.connection = 'close';
      if (!res.headersSent) send(res, status, fail([message], [`HTTP ${status}`]), headers);
      else res.destroy();
      if (status === 413) req.resume();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const bound = options.host ?? '127.0.0.1';
      const host =
        bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound.includes(':') ? `[${bound}]` : bound;
      resolve({
        url: `http://${host}:${port}/f`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
        fixtures: {
          agent: { contactID: 100, emailAddress: 'agent@example.com', password: 'agent-pass-1' },
          customer: {
            contactID: 466,
            ownContactID: 466,
            emailAddress: 'customer11@1to1service.com',
            password: 'customer-pass-1',
          },
          otherContact: { contactID: 467, emailAddress: 'jane.roe@example.com', password: 'other-pass-1' },
          textProperties: [
            { propertyID: '1', propertyName: 'First Name' },
            { propertyID: '2', propertyName: 'Middle Initial' },
            { propertyID: '3', propertyName: 'Last Name' },
          ],
          multiProperty: {
            propertyID: '4',
            propertyName: 'Interests',
            accepts: ['Sports', 'Music', 'Travel', 'Reading'],
          },
          segments: [...SEGMENTS],
          unknownContactID: 999999,
          loginTypes: ['', 'Email', 'Bounced', 'Google'],
          sessionCookie: COOKIE,
        },
      });
    });
  });
}
