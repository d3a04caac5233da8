// TextMarketer REST API peer — "Modify account details" (+ read-back), written from page.txt,
// related.txt, account.dtd and examples/ only. Plain Node ESM, node:http only, in-memory state.
//
// Usage: node server.mjs --port 47101   (env BROKEN=<name> selects a deliberately broken variant)
//
// Open-point decisions (where the page is silent, ambiguous or self-contradictory):
//  1. Base path is /services/rest/. POST /services/rest/account/{account_id} modifies that account;
//     POST /services/rest/account (no id) modifies the authenticated account itself.
//  2. GET (and HEAD) /services/rest/account[/{account_id}] returns the account in the same XML shape as
//     the modify response. Other methods on those resources -> 405 with an Allow header and error XML.
//  3. Any other path (including a trailing '/') -> 404 with error XML.
//  4. An account id that is not 1-24 ASCII alphanumerics, or that is unknown, -> 404 (page: "404 ... if
//     the account ID specified does not exist"). Account ids are matched case-sensitively.
//  5. Credentials are the API credentials (api_username/api_password), matched case-sensitively.
//     Sources: HTTP Basic, else POST body (url-encoded or multipart), else query string.
//     If an Authorization: Basic header is present it alone is used.
//  6. Missing or wrong credentials -> HTTP 403, error XML with <error code="403">.
//  7. Order of checks: route/method (404/405) -> authentication (403) -> account exists (404) ->
//     permission (403) -> field validation (400) -> apply (200).
//  8. Permission: an account may access itself; a master account may access its own sub-accounts;
//     anything else -> 403 (error code 403). 404 errors carry error code 404.
//  9. Error body for 400/403/404/405: ISO-8859-1 XML, DOCTYPE PUBLIC "-//textmarketer.co.uk//DTD Web
//     Services REST 1.6//EN" ".../DTD/errors.dtd", <response processed_date><errors><error code="N">text
//     </error>...</errors></response>. Validation errors -> HTTP 400.
// 10. All invalid fields are reported (one <error> per invalid field, in page parameter order), and
//     validation is atomic: if any field is invalid nothing is changed.
// 11. Per field, only one error: for the four credential fields the length check (4) comes first, then
//     the pattern check (5). company_name: length (4), then XML-unrepresentable control chars (5).
// 12. Lengths are counted in Unicode code points of the decoded value. Values are not trimmed.
// 13. A parameter present but empty is a value and is validated (so "" -> 4 / 2 / 3); it never clears
//     a field. Absent parameters leave the field unchanged. A POST with no field at all -> 200, unchanged.
// 14. Request bodies: application/x-www-form-urlencoded (also assumed when no Content-Type) decoded as
//     UTF-8 unless the Content-Type charset is ISO-8859-1/latin1; multipart/form-data (parts with a
//     filename are ignored). Other content types: body ignored. A repeated parameter: last one wins.
//     Body larger than 1 MiB -> 400 (error code 400).
// 15. Both the documented `notifcation_email`/`notifcation_mobile` and the correctly spelled
//     `notification_email`/`notification_mobile` are accepted; the documented spelling wins if both.
// 16. Email validity: no whitespace, one '@', local part of atext/dots (no leading/trailing/double dot,
//     <=64), domain of >=2 dot-separated LDH labels (<=63 each, no leading/trailing '-'), TLD alphabetic
//     >=2, total <=254. Stored as given.
// 17. UK mobile validity: spaces removed, then +44 / 0044 / 44 / 0 followed by 7 and 9 more digits, with
//     the Ofcom mobile ranges 071-075, 077-079 and 07624 (070 personal numbers and other 076 pagers are
//     rejected). Stored normalised to the 44XXXXXXXXXX form, as in the example (447777777777).
// 18. Code 7 (username in use): API usernames must be unique among API usernames, UI usernames among UI
//     usernames, compared case-insensitively; keeping your own current value is not an error.
// 19. Success -> 200, text/xml; charset=ISO-8859-1, same DOCTYPE as the page example (system id kept as
//     groups_get.dtd, as printed). Characters outside ISO-8859-1 are written as numeric character refs.
// 20. processed_date is the current time as YYYY-MM-DDTHH:MM:SS+00:00; create_date is a proper
//     four-digit-year date of the same form (the example's 20012 year is treated as a typo).
// 21. Passwords are echoed in the response as the page's example shows. Elements for absent optional
//     fields (company_name, notification_email, notification_mobile) are omitted, per the DTD.
// 22. Changing your own API username/password takes effect immediately for later requests.
// 23. Unknown parameters (e.g. apiClient) are ignored.
//
// Broken variants (env BROKEN=<name>), each violating something the page states explicitly:
//  - len21:          account_api_password accepts 21 characters (page: "Between 5 and 20 characters,
//                    inclusive."); 22+ still rejected with code 4.
//  - mobile_code2:   an invalid notifcation_mobile is reported with error code 2 instead of 3 (page: "3 |
//                    The mobile number you specified is not a valid UK mobile number.").
//  - company_ghost:  a valid company_name is echoed in the success response but never stored (page:
//                    "company_name | Optional. Set a new company name for the account.").
//  - ui_dup:         account_username already used by another account is accepted instead of error 7
//                    (page: "7 | The username you specified is already in use."); API usernames still
//                    checked.
// Extra broken variants (probing sharpness beyond the four above):
//  - accent_ok:      account_password accepts accented Latin letters (page: "Alpha-numeric (no accented
//                    letters), '-' and '_' characters allowed.").
//  - dtd_order:      notification_mobile is written before notification_email (DTD fixes the order).
//  - partial_apply:  when some fields fail, the valid ones are still applied (page does not say; SHOULD).
//  - user_min4:      account_username accepts 4 characters ("Between 5 and 20 characters, inclusive.").

import http from 'node:http';

const BROKEN = process.env.BROKEN || '';
const BASE = '/services/rest';

function argPort() {
  const i = process.argv.indexOf('--port');
  if (i >= 0 && process.argv[i + 1]) return Number(process.argv[i + 1]);
  return Number(process.env.PORT || 47101);
}

// ---------------------------------------------------------------- state
const accounts = new Map();
function addAccount(a) {
  accounts.set(a.account_id, a);
}
addAccount({
  account_id: 'TMmaster0000000000000001',
  master: null,
  api_username: 'test_api_user',
  api_password: 'test_api_pass',
  company_name: 'Test Bakery Ltd',
  create_date: '2012-02-12T01:00:00+00:00',
  credits: 833,
  notification_email: 'alerts@testbakery.example.com',
  notification_mobile: '447777777777',
  username: 'test_ui_user',
  password: 'test_ui_pass',
});
addAccount({
  account_id: 'TMsub000000000000000001',
  master: 'TMmaster0000000000000001',
  api_username: 'sub_api_user',
  api_password: 'sub_api_pass',
  create_date: '2013-05-01T09:30:00+00:00',
  credits: 10,
  username: 'sub_ui_user',
  password: 'sub_ui_pass',
});
addAccount({
  account_id: 'TMother00000000000000001',
  master: null,
  api_username: 'other_api_user',
  api_password: 'other_api_pass',
  company_name: 'Other Company',
  create_date: '2014-07-07T07:07:07+00:00',
  credits: 5,
  notification_email: 'other@other.example.org',
  username: 'other_ui_user',
  password: 'other_ui_pass',
});

// ---------------------------------------------------------------- XML
const PUBLIC_ID = '-//textmarketer.co.uk//DTD Web Services REST 1.6//EN';
function xmlEsc(s) {
  let out = '';
  for (const ch of String(s)) {
    const cp = ch.codePointAt(0);
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (cp > 0xff) out += `&#${cp};`;
    else out += ch;
  }
  return out;
}
function nowStamp() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
function docHead(dtd) {
  return (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n' +
    `<!DOCTYPE response PUBLIC\n"${PUBLIC_ID}"\n"http://api.textmarketer.co.uk/services/rest/DTD/${dtd}">\n`
  );
}
function accountXml(a) {
  const el = (n, v) => `<${n}>${xmlEsc(v)}</${n}>\n`;
  let s = '<account>\n';
  s += el('account_id', a.account_id);
  s += el('api_password', a.api_password);
  s += el('api_username', a.api_username);
  if (a.company_name != null) s += el('company_name', a.company_name);
  s += el('create_date', a.create_date);
  s += el('credits', a.credits);
  if (BROKEN === 'dtd_order') {
    if (a.notification_mobile != null) s += el('notification_mobile', a.notification_mobile);
    if (a.notification_email != null) s += el('notification_email', a.notification_email);
  } else {
    if (a.notification_email != null) s += el('notification_email', a.notification_email);
    if (a.notification_mobile != null) s += el('notification_mobile', a.notification_mobile);
  }
  s += el('password', a.password);
  s += el('username', a.username);
  s += '</account>\n';
  return s;
}
function send(res, status, xml, extraHeaders = {}, head = false) {
  const buf = Buffer.from(xml, 'latin1'); // xmlEsc guarantees all code points <= 0xff
  res.writeHead(status, {
    'Content-Type': 'text/xml; charset=ISO-8859-1',
    'Content-Length': buf.length,
    ...extraHeaders,
  });
  res.end(head ? undefined : buf);
}
function sendAccount(res, a, head) {
  const xml =
    docHead('groups_get.dtd') +
    `<response processed_date="${nowStamp()}">\n` +
    accountXml(a) +
    '</response>\n';
  send(res, 200, xml, {}, head);
}
function sendErrors(res, status, errors, extraHeaders = {}, head = false) {
  let xml = docHead('errors.dtd') + `<response processed_date="${nowStamp()}">\n<errors>\n`;
  for (const e of errors) xml += `<error code="${e.code}">${xmlEsc(e.message)}</error>\n`;
  xml += '</errors>\n</response>\n';
  send(res, status, xml, extraHeaders, head);
}

// ---------------------------------------------------------------- request parsing
function decodeForm(str, charset) {
  const out = new Map();
  if (!str) return out;
  for (const part of str.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq >= 0 ? part.slice(0, eq) : part;
    const v = eq >= 0 ? part.slice(eq + 1) : '';
    out.set(pctDecode(k, charset), pctDecode(v, charset));
  }
  return out;
}
function pctDecode(s, charset) {
  s = s.replace(/\+/g, ' ');
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, charset === 'latin1' ? 'latin1' : 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString(charset === 'latin1' ? 'latin1' : 'utf8');
}
function contentTypeInfo(h) {
  const ct = String(h || '').toLowerCase();
  const type = ct.split(';')[0].trim();
  const m = /charset\s*=\s*"?([^";]+)"?/i.exec(h || '');
  const cs = m ? m[1].trim().toLowerCase() : '';
  const charset = ['iso-8859-1', 'latin1', 'latin-1', 'iso8859-1', 'iso_8859-1'].includes(cs)
    ? 'latin1'
    : 'utf8';
  const bm = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(h || '');
  return { type, charset, boundary: bm ? bm[1] || bm[2] : null };
}
function parseMultipart(buf, boundary, charset) {
  const out = new Map();
  const delim = Buffer.from('--' + boundary);
  let pos = buf.indexOf(delim);
  while (pos >= 0) {
    pos += delim.length;
    if (buf.slice(pos, pos + 2).toString() === '--') break;
    if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) pos += 2;
    else if (buf[pos] === 0x0a) pos += 1;
    const next = buf.indexOf(delim, pos);
    if (next < 0) break;
    let part = buf.slice(pos, next);
    // strip the CRLF preceding the next delimiter
    if (part.length >= 2 && part[part.length - 2] === 0x0d && part[part.length - 1] === 0x0a)
      part = part.slice(0, -2);
    else if (part.length >= 1 && part[part.length - 1] === 0x0a) part = part.slice(0, -1);
    let sep = part.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (sep < 0) {
      sep = part.indexOf('\n\n');
      sepLen = 2;
    }
    if (sep >= 0) {
      const headers = part.slice(0, sep).toString('latin1');
      const body = part.slice(sep + sepLen);
      const cd = /content-disposition:([^\r\n]*)/i.exec(headers);
      if (cd) {
        const name = /\bname="([^"]*)"/i.exec(cd[1]) || /\bname=([^;\s]+)/i.exec(cd[1]);
        const isFile = /\bfilename\*?=/i.test(cd[1]);
        let pcs = charset;
        const pct = /content-type:([^\r\n]*)/i.exec(headers);
        if (pct) pcs = contentTypeInfo(pct[1]).charset;
        if (name && !isFile)
          out.set(
            Buffer.from(name[1], 'latin1').toString('utf8'),
            body.toString(pcs === 'latin1' ? 'latin1' : 'utf8'),
          );
      }
    }
    pos = next;
  }
  return out;
}
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > 1024 * 1024) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------- validation
const CRED_RE = /^[A-Za-z0-9_-]*$/;
const CRED_RE_ACC = /^[A-Za-z0-9_\u00C0-\u00FF-]*$/;
function cpLen(s) {
  return [...s].length;
}
function validEmail(s) {
  if (s.length > 254 || /\s/.test(s)) return false;
  const at = s.lastIndexOf('@');
  if (at <= 0 || s.indexOf('@') !== at) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64) return false;
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const l of labels) if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) return false;
  if (!/^[A-Za-z]{2,}$/.test(labels[labels.length - 1])) return false;
  return true;
}
function normaliseUkMobile(s) {
  const t = s.replace(/ /g, '');
  const m = /^(?:\+44|0044|44|0)(7\d{9})$/.exec(t);
  if (!m) return null;
  const n = m[1];
  if (/^7[1-5]/.test(n) || /^7[7-9]/.test(n) || /^7624/.test(n)) return '44' + n;
  return null;
}

function validate(params, target) {
  const errors = [];
  const changes = {};
  const get = (...names) => {
    for (const n of names) if (params.has(n)) return params.get(n);
    return undefined;
  };
  const cred = (param, prop, label) => {
    const v = get(param);
    if (v === undefined) return;
    const n = cpLen(v);
    const max = BROKEN === 'len21' && param === 'account_api_password' ? 21 : 20;
    const min = BROKEN === 'user_min4' && param === 'account_username' ? 4 : 5;
    if (n < min || n > max) {
      errors.push({ code: 4, message: `${label} must be between 5 and 20 characters long (${param}).` });
      return;
    }
    if (!(BROKEN === 'accent_ok' && param === 'account_password' ? CRED_RE_ACC : CRED_RE).test(v)) {
      errors.push({
        code: 5,
        message: `${label} may contain only letters A-Z, a-z, digits 0-9, '-' and '_' (${param}).`,
      });
      return;
    }
    if (prop === 'api_username' || prop === 'username') {
      if (!(BROKEN === 'ui_dup' && prop === 'username')) {
        const lower = v.toLowerCase();
        for (const a of accounts.values()) {
          if (a !== target && a[prop].toLowerCase() === lower) {
            errors.push({
              code: 7,
              message: `The username you specified is already in use. Please choose another (${param}).`,
            });
            return;
          }
        }
      }
    }
    changes[prop] = v;
  };
  cred('account_api_password', 'api_password', 'The API password');
  cred('account_api_username', 'api_username', 'The API username');
  cred('account_password', 'password', 'The account password');
  cred('account_username', 'username', 'The account username');

  const cn = get('company_name');
  if (cn !== undefined) {
    const n = cpLen(cn);
    if (n < 3 || n > 40)
      errors.push({
        code: 4,
        message: 'The company name must be between 3 and 40 characters long (company_name).',
      });
    else if (
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(cn) ||
      /[\uD800-\uDFFF]/.test(cn.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
    )
      errors.push({
        code: 5,
        message: 'The company name contains characters that are not allowed (company_name).',
      });
    else changes.company_name = cn;
  }
  const em = get('notifcation_email', 'notification_email');
  if (em !== undefined) {
    if (!validEmail(em))
      errors.push({ code: 2, message: 'The email address you specified is invalid (notifcation_email).' });
    else changes.notification_email = em;
  }
  const mo = get('notifcation_mobile', 'notification_mobile');
  if (mo !== undefined) {
    const norm = normaliseUkMobile(mo);
    if (!norm)
      errors.push({
        code: BROKEN === 'mobile_code2' ? 2 : 3,
        message: 'The mobile number you specified is not a valid UK mobile number (notifcation_mobile).',
      });
    else changes.notification_mobile = norm;
  }
  return { errors, changes };
}

// ---------------------------------------------------------------- auth
function authenticate(req, params) {
  let user;
  let pass;
  const h = req.headers.authorization;
  if (h && /^basic\s+/i.test(h)) {
    const dec = Buffer.from(h.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i < 0) return null;
    user = dec.slice(0, i);
    pass = dec.slice(i + 1);
  } else {
    user = params.get('username');
    pass = params.get('password');
  }
  if (user === undefined || pass === undefined) return null;
  for (const a of accounts.values()) if (a.api_username === user && a.api_password === pass) return a;
  return null;
}
function mayAccess(caller, target) {
  return caller === target || target.master === caller.account_id;
}

// ---------------------------------------------------------------- server
async function handle(req, res) {
  const u = new URL(req.url, 'http://x');
  const path = u.pathname;
  const method = req.method.toUpperCase();
  const head = method === 'HEAD';
  let m;
  if (path === `${BASE}/account`) m = [null, null];
  else if ((m = /^\/services\/rest\/account\/([^/]+)$/.exec(path))) m = [null, decodeURIComponent(m[1])];
  else return sendErrors(res, 404, [{ code: 404, message: 'Not found.' }], {}, head);

  if (!['GET', 'HEAD', 'POST'].includes(method))
    return sendErrors(res, 405, [{ code: 405, message: 'Method not allowed.' }], {
      Allow: 'GET, HEAD, POST',
    });

  const params = new Map(decodeForm(u.search.slice(1), 'utf8'));
  if (method === 'POST') {
    const body = await readBody(req);
    if (body === null) return sendErrors(res, 400, [{ code: 400, message: 'Request body too large.' }]);
    const ct = contentTypeInfo(req.headers['content-type']);
    let bodyParams = new Map();
    if (ct.type === '' || ct.type === 'application/x-www-form-urlencoded')
      bodyParams = decodeForm(body.toString('latin1').replace(/[\r\n]+$/, ''), ct.charset);
    else if (ct.type === 'multipart/form-data' && ct.boundary)
      bodyParams = parseMultipart(body, ct.boundary, ct.charset);
    for (const [k, v] of bodyParams) params.set(k, v);
  } else {
    req.resume();
  }

  const caller = authenticate(req, params);
  if (!caller)
    return sendErrors(
      res,
      403,
      [{ code: 403, message: 'Authentication failed: invalid API username or password.' }],
      {},
      head,
    );

  let target = caller;
  const id = m[1];
  if (id !== null) {
    target = /^[A-Za-z0-9]{1,24}$/.test(id) ? accounts.get(id) : undefined;
    if (!target)
      return sendErrors(
        res,
        404,
        [{ code: 404, message: 'The account ID specified does not exist.' }],
        {},
        head,
      );
    if (!mayAccess(caller, target))
      return sendErrors(
        res,
        403,
        [{ code: 403, message: 'You do not have permission to access this account.' }],
        {},
        head,
      );
  }

  if (method !== 'POST') return sendAccount(res, target, head);

  const { errors, changes } = validate(params, target);
  if (errors.length) {
    if (BROKEN === 'partial_apply') Object.assign(target, changes);
    return sendErrors(res, 400, errors);
  }
  if (BROKEN === 'company_ghost' && 'company_name' in changes) {
    const shown = { ...target, ...changes };
    delete changes.company_name;
    Object.assign(target, changes);
    return sendAccount(res, shown, false);
  }
  Object.assign(target, changes);
  return sendAccount(res, target, false);
}

const port = argPort();
const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    try {
      sendErrors(res, 500, [{ code: 500, message: 'Internal error.' }]);
    } catch {}
    console.error(e);
  });
});
server.listen(port, '127.0.0.1', () => {
  const fixtures = {
    basePath: `${BASE}/`,
    master: {
      account_id: 'TMmaster0000000000000001',
      api_username: 'test_api_user',
      api_password: 'test_api_pass',
      username: 'test_ui_user',
      password: 'test_ui_pass',
    },
    subAccount: {
      account_id: 'TMsub000000000000000001',
      api_username: 'sub_api_user',
      api_password: 'sub_api_pass',
      username: 'sub_ui_user',
    },
    otherAccount: {
      account_id: 'TMother00000000000000001',
      api_username: 'other_api_user',
      api_password: 'other_api_pass',
      username: 'other_ui_user',
    },
    missingAccountId: 'TMnosuch0000000000000001',
    broken: BROKEN || null,
  };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, fixtures }));
});
