/**
 * Independent peer implementation of TextMarketer "Modify account details" (REST 1.6), written only from
 * schemas/textmarketer/page.txt and schemas/textmarketer/related.txt.
 *
 * ENDPOINTS (base = http://127.0.0.1:PORT/services/rest; anything else, incl. a trailing '/', answers 404):
 *   POST {base}/account/{account_id}  modify the account (the documented operation); answers the account XML
 *   POST {base}/account               modify the authenticated login's own account (same rules)
 *   GET  {base}/account/{account_id}  read an account back, same XML shape as the modify answer (HEAD too)
 *   GET  {base}/account               read the authenticated login's own account (HEAD too)
 *   GET  {base}/DTD/groups_get.dtd    the account DTD printed on the page (no auth)
 *   GET  {base}/DTD/errors.dtd        a DTD for the error body (no auth)
 *   Other methods on those paths: 405 with an Allow header and the error body.
 *
 * SEEDED FIXTURES (`peer.fixtures`; values are fresh per startPeer(), changes persist until close()):
 *   apiUsername / apiPassword  "peer_api_user" / "peer-api-pass1": the API login; it may access only accountId
 *   accountId                  "peerAccountModifiable001": modifiable; company "Peer Bakery Ltd",
 *                              notification email "alerts@peer-bakery.example", mobile "447700900123",
 *                              UI login "peer_ui_user" / "peer_ui_pass1", credits 833
 *   otherAccountId             "peerAccountForbidden0002": exists, apiUsername may NOT access it (403)
 *   otherApiUsername / otherApiPassword  "other_api_user" / "other-api-pass2": that account's own login
 *   takenAccountId             "peerAccountTakenNames003": exists, has no company/email/mobile (the optional
 *                              elements are absent when it reads itself back); its usernames are in use:
 *   takenAccountUsername       "taken_ui_user"  (account_username in use -> error 7)
 *   takenApiUsername           "taken_api_user" (account_api_username in use -> error 7)
 *   takenApiPassword           "taken-api-pass3": the taken account's API password (it can read itself back)
 *   unknownAccountId           "peerAccountDoesNotExist0": well-formed ID that does not exist (404)
 *   accounts                   a snapshot of the three seeded account records (all fields, as seeded)
 *
 * OPEN POINTS / CONTRADICTIONS AND CHOICES (one line each):
 *  1. URL: POST {base}/account/{account_id} (related.txt's "most likely"); POST {base}/account = own account.
 *  2. Account IDs: 1-24 ASCII alphanumerics, case-sensitive; any other ID shape simply does not exist -> 404.
 *  3. Check order: route (404) -> credentials (403) -> account exists (404) -> access (403) -> fields (400),
 *     so unauthenticated callers cannot probe which IDs exist.
 *  4. Wrong/missing credentials: HTTP 403 (related.txt: "403 (bad credentials or rights)") with the error body.
 *  5. Credentials are the API username/password (not the web UI ones); the comparison is exact (case-sensitive).
 *  6. username/password parameters win when `username` is present and non-empty; otherwise HTTP Basic is used.
 *  7. Parameters: query string and body are merged for POST (body wins); GET reads only the query string.
 *  8. POST bodies: application/x-www-form-urlencoded and multipart/form-data (the PHP SDK); any other type is
 *     ignored like PHP's $_POST would (then only query/Basic count); a repeated name: the last one wins (PHP).
 *  9. Body charset: the declared charset (UTF-8 or ISO-8859-1/latin1) if any, else UTF-8, falling back to
 *     ISO-8859-1 when the bytes are not valid UTF-8; malformed %-escapes are kept literally.
 * 10. Unknown parameters (e.g. apiClient) are ignored; a POST with no modifiable field is a no-op answering 200.
 * 11. Request fields are spelled `notifcation_*` (as documented); correctly spelled `notification_*` are unknown
 *     parameters and ignored. Response elements are `notification_*` (as documented).
 * 12. A field present but empty is validated like any value (too short / invalid), so optional elements cannot
 *     be cleared through this call.
 * 13. Lengths are counted in Unicode characters after decoding; values are stored verbatim (no trimming).
 * 14. One error per field: length (4) is checked before pattern (5); all failing fields are reported together
 *     as several <error> elements, and nothing is changed if any field fails (atomic update).
 * 15. company_name "no special restrictions": any character XML 1.0 can carry; C0 controls other than tab/LF/CR
 *     (and U+FFFE/U+FFFF) cannot appear in the XML answer, so they are refused with code 5.
 * 16. Email "valid": local@domain, local part of dot-separated atoms (RFC 5322 atext), domain of >= 2 LDH
 *     labels, local <= 64 and total <= 254 characters; anything else is code 2.
 * 17. UK mobile "valid": 07XXXXXXXXX, 447XXXXXXXXX, +447XXXXXXXXX or 00447XXXXXXXXX (spaces ignored) where the
 *     number after 7 is a mobile range (71-75, 77-79, or 7624); stored and answered as 447XXXXXXXXX (example).
 * 18. "Username already in use" (7): UI and API usernames are separate namespaces, compared case-insensitively
 *     against all other accounts; keeping one's own current username is not a conflict.
 * 19. Passwords are echoed in the answer (api_password, password) because the documented example does so.
 * 20. Success: 200, Content-Type "text/xml; charset=ISO-8859-1", body encoded in ISO-8859-1; characters
 *     above U+00FF are written as numeric character references so every value round-trips.
 * 21. DOCTYPE system ID: kept verbatim as documented (".../DTD/groups_get.dtd", though it is an account answer);
 *     error bodies use ".../DTD/errors.dtd" (related.txt); both DTDs are also served locally (see above).
 * 22. Dates: ISO 8601 with a four-digit year and offset ("+00:00", UTC), not the example's "20012-..." typo.
 * 23. Error body: <response processed_date><errors><error code="N">text</error>...</errors></response> for every
 *     error status; non-field errors carry code = the HTTP status (403, 404, 405, 413, 500), outside 2-7.
 * 24. Bodies over 1 MiB: 413 with the error body and the connection closed (an infrastructure limit).
 * 25. Only the login's own account is accessible (no sub-accounts are seeded, so "master" access is not modelled).
 */
import { Buffer } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  url: string;
  close(): Promise<void>;
  fixtures: Record<string, unknown>;
}

interface Account {
  account_id: string;
  api_password: string;
  api_username: string;
  company_name?: string;
  create_date: string;
  credits: number;
  notification_email?: string;
  notification_mobile?: string;
  password: string;
  username: string;
}

type Params = Map<string, string>;

const BASE = '/services/rest';
const MAX_BODY = 1024 * 1024;
const DOCTYPE_PUBLIC = '-//textmarketer.co.uk//DTD Web Services REST 1.6//EN';
const DTD_URL = 'http://api.textmarketer.co.uk/services/rest/DTD/';
const ID_RE = /^[A-Za-z0-9]{1,24}$/;
const NAME_RE = /^[A-Za-z0-9_-]+$/;
const XML_ILLEGAL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL_RE = new RegExp(
  `^${ATOM}(?:\\.${ATOM})*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$`,
);

const ACCOUNT_DTD = `<?xml version="1.0" encoding="UTF-8"?>
<!ELEMENT response (account)>
<!ATTLIST response processed_date CDATA #REQUIRED>
<!ELEMENT account (account_id, api_password, api_username, company_name?,
create_date, credits, notification_email?, notification_mobile?, password,
username)>
<!ELEMENT account_id (#PCDATA)>
<!ELEMENT api_password (#PCDATA)>
<!ELEMENT api_username (#PCDATA)>
<!ELEMENT company_name (#PCDATA)>
<!ELEMENT create_date (#PCDATA)>
<!ELEMENT credits (#PCDATA)>
<!ELEMENT notification_email (#PCDATA)>
<!ELEMENT notification_mobile (#PCDATA)>
<!ELEMENT password (#PCDATA)>
<!ELEMENT username (#PCDATA)>
`;
const ERRORS_DTD = `<?xml version="1.0" encoding="UTF-8"?>
<!ELEMENT response (errors)>
<!ATTLIST response processed_date CDATA #REQUIRED>
<!ELEMENT errors (error+)>
<!ELEMENT error (#PCDATA)>
<!ATTLIST error code CDATA #REQUIRED>
`;

function seedAccounts(): Account[] {
  return [
    {
      account_id: 'peerAccountModifiable001',
      api_password: 'peer-api-pass1',
      api_username: 'peer_api_user',
      company_name: 'Peer Bakery Ltd',
      create_date: '2012-02-12T01:00:00+00:00',
      credits: 833,
      notification_email: 'alerts@peer-bakery.example',
      notification_mobile: '447700900123',
      password: 'peer_ui_pass1',
      username: 'peer_ui_user',
    },
    {
      account_id: 'peerAccountForbidden0002',
      api_password: 'other-api-pass2',
      api_username: 'other_api_user',
      company_name: 'Caf\u00e9 Zo\u00eb Forbidden',
      create_date: '2013-05-01T09:30:00+00:00',
      credits: 120,
      notification_email: 'ops@other.example',
      notification_mobile: '447911123456',
      password: 'other_ui_pass2',
      username: 'other_ui_user',
    },
    {
      account_id: 'peerAccountTakenNames003',
      api_password: 'taken-api-pass3',
      api_username: 'taken_api_user',
      create_date: '2014-11-20T16:45:00+00:00',
      credits: 0,
      password: 'taken_ui_pass3',
      username: 'taken_ui_user',
    },
  ];
}

// ---------- XML ----------

function xmlEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (cp > 0xff || ch === '\r') out += `&#x${cp.toString(16).toUpperCase()};`;
    else out += ch;
  }
  return out;
}

function processedDate(): string {
  return `${new Date().toISOString().slice(0, 19)}+00:00`;
}

function xmlDocument(dtd: string, inner: string): string {
  return (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n' +
    `<!DOCTYPE response PUBLIC\n"${DOCTYPE_PUBLIC}"\n"${DTD_URL}${dtd}">\n` +
    `<response processed_date="${processedDate()}">\n${inner}</response>\n`
  );
}

function accountXml(a: Account): string {
  const fields: [string, string | number | undefined][] = [
    ['account_id', a.account_id],
    ['api_password', a.api_password],
    ['api_username', a.api_username],
    ['company_name', a.company_name],
    ['create_date', a.create_date],
    ['credits', a.credits],
    ['notification_email', a.notification_email],
    ['notification_mobile', a.notification_mobile],
    ['password', a.password],
    ['username', a.username],
  ];
  let inner = '<account>\n';
  for (const [name, value] of fields) {
    if (value !== undefined) inner += `<${name}>${xmlEscape(String(value))}</${name}>\n`;
  }
  return xmlDocument('groups_get.dtd', `${inner}</account>\n`);
}

interface ApiError {
  code: number;
  message: string;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const bytes = Buffer.from(body, 'latin1'); // xmlEscape leaves only code points <= 0xFF
  res.writeHead(status, {
    'Content-Type': 'text/xml; charset=ISO-8859-1',
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

function sendErrors(
  res: ServerResponse,
  status: number,
  errors: ApiError[],
  headers?: Record<string, string>,
): void {
  const items = errors.map((e) => `<error code="${e.code}">${xmlEscape(e.message)}</error>\n`).join('');
  send(res, status, xmlDocument('errors.dtd', `<errors>\n${items}</errors>\n`), headers);
}

// ---------- request decoding ----------

function decodeText(bytes: Buffer, charset: string | undefined): string {
  const cs = charset?.toLowerCase();
  if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'latin-1' || cs === 'windows-1252') {
    return bytes.toString('latin1');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function percentDecode(s: string): Buffer {
  const src = Buffer.from(s, 'latin1');
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] ?? 0;
    if (b === 0x2b) out[n++] = 0x20;
    else if (b === 0x25 && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out[n++] = Number.parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[n++] = b;
  }
  return out.subarray(0, n);
}

function parseUrlEncoded(raw: string, charset: string | undefined, into: Params): void {
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    into.set(decodeText(percentDecode(name), charset), decodeText(percentDecode(value), charset));
  }
}

function headerParam(header: string, param: string): string | undefined {
  const m = new RegExp(`;\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]) : undefined;
}

function parseMultipart(body: Buffer, boundary: string, into: Params): void {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString('latin1') === '--') return; // closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) return; // unterminated part: ignore it
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('latin1');
      let content = part.subarray(headerEnd + 4);
      if (content.subarray(content.length - 2).toString('latin1') === '\r\n') {
        content = content.subarray(0, content.length - 2);
      }
      const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
      const type = /^content-type:(.*)$/im.exec(headers)?.[1] ?? '';
      const name = headerParam(disposition, 'name');
      if (name !== undefined) into.set(name, decodeText(content, headerParam(type, 'charset')));
    }
    pos = next;
  }
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY) {
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY) {
        failed = true;
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
      failed = true;
    });
  });
}

// ---------- validation ----------

function checkName(field: string, value: string): ApiError | undefined {
  const len = [...value].length;
  if (len < 5 || len > 20) {
    return { code: 4, message: `${field} must be between 5 and 20 characters long (got ${len}).` };
  }
  if (!NAME_RE.test(value)) {
    return { code: 5, message: `${field} may contain only letters A-Z/a-z, digits, '-' and '_'.` };
  }
  return undefined;
}

function normaliseUkMobile(value: string): string | undefined {
  const m = /^(?:0|\+44|0044|44)(7\d{9})$/.exec(value.replace(/ /g, ''));
  const national = m?.[1];
  if (national === undefined || !/^7(?:[1-57-9]|624)/.test(national)) return undefined;
  return `44${national}`;
}

function isValidEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  return value.length <= 254 && at > 0 && at <= 64 && EMAIL_RE.test(value);
}

// ---------- server ----------

export function startPeer(options: { port?: number; host?: string } = {}): Promise<Peer> {
  const host = options.host ?? '127.0.0.1';
  const accounts = seedAccounts();
  const byId = new Map(accounts.map((a) => [a.account_id, a]));

  function authenticate(req: IncomingMessage, params: Params): Account | undefined {
    let user = params.get('username');
    let pass = params.get('password');
    if (user === undefined || user === '') {
      const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!m?.[1]) return undefined;
      const decoded = decodeText(Buffer.from(m[1], 'base64'), undefined);
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      user = decoded.slice(0, colon);
      pass = decoded.slice(colon + 1);
    }
    return accounts.find((a) => a.api_username === user && a.api_password === pass);
  }

  function nameTaken(field: 'username' | 'api_username', value: string, self: Account): boolean {
    const v = value.toLowerCase();
    return accounts.some((a) => a !== self && a[field].toLowerCase() === v);
  }

  function modify(target: Account, params: Params): ApiError[] {
    const errors: ApiError[] = [];
    const changes: Partial<Account> = {};
    const names = [
      ['account_api_password', 'api_password'],
      ['account_api_username', 'api_username'],
      ['account_password', 'password'],
      ['account_username', 'username'],
    ] as const;
    for (const [param, field] of names) {
      const value = params.get(param);
      if (value === undefined) continue;
      const err = checkName(param, value);
      if (err) errors.push(err);
      else if ((field === 'api_username' || field === 'username') && nameTaken(field, value, target)) {
        errors.push({
          code: 7,
          message: `The username '${value}' (${param}) is already in use. Please choose another.`,
        });
      } else changes[field] = value;
    }
    const company = params.get('company_name');
    if (company !== undefined) {
      const len = [...company].length;
      if (len < 3 || len > 40) {
        errors.push({
          code: 4,
          message: `company_name must be between 3 and 40 characters long (got ${len}).`,
        });
      } else if (XML_ILLEGAL_RE.test(company)) {
        errors.push({ code: 5, message: 'company_name contains control characters that are not allowed.' });
      } else changes.company_name = company;
    }
    const email = params.get('notifcation_email');
    if (email !== undefined) {
      if (isValidEmail(email)) changes.notification_email = email;
      else errors.push({ code: 2, message: `The email address you specified is invalid: '${email}'.` });
    }
    const mobile = params.get('notifcation_mobile');
    if (mobile !== undefined) {
      const normalised = normaliseUkMobile(mobile);
      if (normalised !== undefined) changes.notification_mobile = normalised;
      else
        errors.push({
          code: 3,
          message: `The mobile number you specified is not a valid UK mobile number: '${mobile}'.`,
        });
    }
    if (errors.length === 0) Object.assign(target, changes);
    return errors;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const method = req.method ?? 'GET';

    if (path === `${BASE}/DTD/groups_get.dtd` || path === `${BASE}/DTD/errors.dtd`) {
      if (method !== 'GET' && method !== 'HEAD') {
        return sendErrors(res, 405, [{ code: 405, message: 'Method not allowed.' }], { Allow: 'GET, HEAD' });
      }
      const dtd = path.endsWith('errors.dtd') ? ERRORS_DTD : ACCOUNT_DTD;
      res.writeHead(200, { 'Content-Type': 'application/xml-dtd; charset=UTF-8' });
      res.end(dtd);
      return;
    }

    let targetId: string | undefined; // undefined = the login's own account
    if (path === `${BASE}/account`) targetId = undefined;
    else if (path.startsWith(`${BASE}/account/`)) targetId = path.slice(`${BASE}/account/`.length);
    else return sendErrors(res, 404, [{ code: 404, message: 'No such resource.' }]);
    if (targetId === '' || targetId?.includes('/')) {
      return sendErrors(res, 404, [{ code: 404, message: 'No such resource.' }]);
    }
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      return sendErrors(res, 405, [{ code: 405, message: `Method ${method} not allowed.` }], {
        Allow: 'GET, HEAD, POST',
      });
    }

    const params: Params = new Map();
    parseUrlEncoded(query, undefined, params);
    if (method === 'POST') {
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (err) {
        if (err instanceof TooLarge) {
          return sendErrors(res, 413, [{ code: 413, message: 'Request body larger than 1 MiB.' }], {
            Connection: 'close',
          });
        }
        throw err;
      }
      const type = req.headers['content-type'] ?? '';
      const mediaType = type.split(';')[0]?.trim().toLowerCase();
      if (mediaType === 'application/x-www-form-urlencoded') {
        parseUrlEncoded(body.toString('latin1'), headerParam(type, 'charset'), params);
      } else if (mediaType === 'multipart/form-data') {
        const boundary = headerParam(type, 'boundary');
        if (boundary) parseMultipart(body, boundary, params);
      }
    } else {
      req.resume();
    }

    const login = authenticate(req, params);
    if (!login) {
      return sendErrors(res, 403, [
        { code: 403, message: 'Authentication failed: wrong API username or password.' },
      ]);
    }
    const target = targetId === undefined ? login : ID_RE.test(targetId) ? byId.get(targetId) : undefined;
    if (!target) {
      return sendErrors(res, 404, [
        { code: 404, message: `The account ID '${targetId ?? ''}' does not exist.` },
      ]);
    }
    if (target !== login) {
      return sendErrors(res, 403, [
        { code: 403, message: 'You do not have permission to access this account.' },
      ]);
    }
    if (method === 'POST') {
      const errors = modify(target, params);
      if (errors.length > 0) return sendErrors(res, 400, errors);
    }
    send(res, 200, accountXml(target));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      sendErrors(res, 500, [{ code: 500, message: 'Internal server error.' }]);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const wildcard = host === '0.0.0.0' || host === '::';
      const urlHost = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const fixtures: Record<string, unknown> = {
        apiUsername: 'peer_api_user',
        apiPassword: 'peer-api-pass1',
        accountId: 'peerAccountModifiable001',
        otherAccountId: 'peerAccountForbidden0002',
        otherApiUsername: 'other_api_user',
        otherApiPassword: 'other-api-pass2',
        takenAccountId: 'peerAccountTakenNames003',
        takenAccountUsername: 'taken_ui_user',
        takenApiUsername: 'taken_api_user',
        takenApiPassword: 'taken-api-pass3',
        unknownAccountId: 'peerAccountDoesNotExist0',
        accounts: seedAccounts(),
      };
      resolve({
        url: `http://${urlHost}:${port}${BASE}`,
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
