// TextMarketer reference mock: POST/GET {base}/services/rest/account/{account_id}, in-memory state,
// the page's validation rules and codes, ISO-8859-1 XML with the page's DOCTYPE. Each fault breaks
// one documented behaviour, so the project's tests can prove the suite notices; each variant behaves
// another documented way and breaks nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultDefinition, MockOptions, RunningMock } from '../../src/types.ts';
import { defineMock } from '../../src/vendor.ts';
import { answerChaos, chaosFaults } from '../chaos.ts';
import { basicAuth, listen, parseForm, xmlEscape } from '../server.ts';

export const BASE_PATH = '/services/rest';
const PUBLIC_ID = '-//textmarketer.co.uk//DTD Web Services REST 1.6//EN';

interface Account {
  account_id: string;
  api_password: string;
  api_username: string;
  company_name?: string;
  create_date: string;
  credits: string;
  notification_email?: string;
  notification_mobile?: string;
  password: string;
  username: string;
  /** The account whose login may also access this one (a master account). */
  master?: string;
}

export const FIXTURES = {
  credentials: { username: 'mock_api_user', password: 'mock_api_pass1' },
  accountId: 'a1b2c3d4e5f6a7b8c9d0e1f2',
  foreignAccountId: 'f0e1d2c3b4a5968778695a4b',
  unknownAccountId: 'zz00nosuchaccount00zz000',
  takenUsername: 'taken_ui_user',
  takenApiUsername: 'other_api_user',
  /** A sub-account of the master login (accountId's credentials may modify it). */
  subAccountId: 'c0ffee00sub0account00001',
  /** Another sub-account, without a company name (alternatives.bareSubAccount). */
  bareSubAccountId: 'c0ffee00sub0account00002',
};

const CREDENTIAL_FIELDS = [
  'account_api_password',
  'account_api_username',
  'account_password',
  'account_username',
] as const;
const FIELD_TO_ELEMENT: Record<string, keyof Account> = {
  account_api_password: 'api_password',
  account_api_username: 'api_username',
  account_password: 'password',
  account_username: 'username',
  company_name: 'company_name',
};

/** A valid address: dot-atoms of RFC 5322 atext, '@', two or more LDH labels (no quoted forms, no IP literal). */
const atext = (extra: string) => `[A-Za-z0-9!#$%&'*/=?^_\`{|}~${extra}-]+`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const emailRe = (atom: string) => new RegExp(`^${atom}(?:\\.${atom})*@${LABEL}(?:\\.${LABEL})+$`);
const EMAIL = emailRe(atext('+'));
/** The email-rejects-plus fault: the same without '+'. */
const EMAIL_NO_PLUS = emailRe(atext(''));

/** account_api_password → API-PASSWORD, the key of its requirements (TMR-API-PASSWORD-LENGTH …). */
const requirementKey = (f: string) => f.replace('account_', '').replace('_', '-').toUpperCase();

export const FAULTS: FaultDefinition[] = [
  {
    id: 'dtd-children-reordered',
    description: 'credits comes before create_date in <account>',
    breaks: ['TMR-SUCCESS-DTD'],
  },
  {
    id: 'wrong-public-id',
    description: 'DOCTYPE names the REST 1.5 public identifier',
    breaks: ['TMR-SUCCESS-DOCTYPE'],
  },
  {
    id: 'declares-utf8',
    description: 'bodies are declared, labelled and sent as UTF-8',
    breaks: ['TMR-ENCODING-DECLARED', 'TMR-MEDIA-TYPE'],
  },
  {
    id: 'latin1-declared-utf8-sent',
    description: 'bodies declare ISO-8859-1 but carry UTF-8 bytes',
    breaks: ['TMR-NONASCII-ROUNDTRIP'],
  },
  {
    id: 'no-processed-date',
    description: 'success bodies lack processed_date',
    breaks: ['TMR-PROCESSED-DATE', 'TMR-PROCESSED-DATE-FORMAT', 'TMR-SUCCESS-DTD'],
  },
  {
    id: 'processed-date-epoch',
    description: 'processed_date is a Unix timestamp',
    breaks: ['TMR-PROCESSED-DATE-FORMAT'],
  },
  {
    id: 'response-shows-old-values',
    description: 'the modify response shows the account before the change',
    // The credential and SDK checks find the new value in a read-back (accepted and applied).
    breaks: ['TMR-SHOWS-VALUES', 'TMR-READBACK'],
  },
  {
    id: 'readback-stale',
    description: 'GET account/{id} answers the account as it was at start-up',
    breaks: ['TMR-READBACK', 'TMR-NONASCII-ROUNDTRIP', 'TMR-UNCHANGED-OPTIONAL'],
  },
  {
    id: 'clears-unspecified',
    description: 'optional fields that are not sent are cleared',
    breaks: ['TMR-UNCHANGED-OPTIONAL'],
  },
  ...CREDENTIAL_FIELDS.flatMap((f) => {
    const key = requirementKey(f);
    return [
      {
        id: `length-off-by-one:${f}`,
        description: `${f} of 21 characters is accepted`,
        breaks: [`TMR-${key}-LENGTH`],
      },
      {
        id: `length-exclusive:${f}`,
        description: `${f} of 20 characters is refused (bound taken as exclusive)`,
        breaks: [`TMR-${key}-LENGTH`],
      },
      {
        id: `pattern-unchecked:${f}`,
        description: `${f} accepts any character`,
        breaks: [`TMR-${key}-PATTERN`],
      },
      {
        id: `ignores-field:${f}`,
        description: `${f} is validated and answered with HTTP 200, but never applied`,
        breaks: [`TMR-${key}-LENGTH`, `TMR-${key}-PATTERN`],
      },
    ];
  }),
  {
    id: 'length-off-by-one:company_name',
    description: 'company_name of 41 characters is accepted',
    breaks: ['TMR-COMPANY-LENGTH'],
  },
  {
    id: 'length-exclusive:company_name',
    description: 'company_name of 3 characters is refused',
    breaks: ['TMR-COMPANY-LENGTH'],
  },
  { id: 'email-unchecked', description: 'any notification email is accepted', breaks: ['TMR-EMAIL-INVALID'] },
  {
    id: 'mobile-wrong-code',
    description: 'an invalid UK mobile yields code 5 instead of 3',
    breaks: ['TMR-MOBILE-INVALID'],
  },
  {
    id: 'taken-username-accepted',
    description: 'a username in use by another account is accepted',
    breaks: ['TMR-USERNAME-TAKEN'],
  },
  {
    id: 'unknown-account-403',
    description: 'an unknown account ID yields 403 instead of 404',
    // With an invalid field too, the answer is neither 404 nor error 4.
    breaks: ['TMR-404-UNKNOWN', 'TMR-ERROR-COMBINED'],
  },
  {
    id: 'foreign-account-allowed',
    description: "another customer's account can be modified",
    breaks: ['TMR-403-FOREIGN'],
  },
  {
    id: 'no-basic-auth',
    description: 'HTTP Basic is ignored',
    breaks: ['TMR-AUTH-BASIC', 'TMR-READBACK-AUTH-BASIC'],
  },
  {
    id: 'no-param-auth',
    description: 'username/password parameters are ignored',
    // The query-string and the SDKs' requests carry their credentials as parameters too.
    breaks: [
      'TMR-AUTH-PARAMS',
      'TMR-AUTH-QUERY',
      'TMR-MULTIPART',
      'TMR-SDK-APICLIENT',
      'TMR-READBACK-AUTH-PARAMS',
    ],
    readings: { auth: 'basic' },
  },
  {
    id: 'auth-not-checked',
    description: 'requests without valid credentials act as the account owner',
    breaks: ['TMR-AUTH-REQUIRED'],
  },
  {
    id: 'error-envelope-flat',
    description: 'errors come as <response><error code> without <errors>',
    breaks: ['TMR-ERROR-ENVELOPE'],
  },
  {
    id: 'error-status-422',
    description: 'validation errors are answered with HTTP 422',
    breaks: ['TMR-ERROR-STATUS'],
  },
  {
    id: 'partial-apply-on-error',
    description: 'valid fields are applied even when another field is refused',
    breaks: ['TMR-ERROR-NO-CHANGE'],
  },
  {
    id: 'create-date-five-digit-year',
    description: "create_date has the page example's five-digit year",
    breaks: ['TMR-CREATE-DATE-FORMAT'],
    readings: { createDateFormat: 'iso8601' },
  },
  {
    id: 'system-id-account-dtd',
    description: 'the DOCTYPE system identifier names account.dtd, not the configured groups_get.dtd',
    breaks: ['TMR-DOCTYPE-SYSTEM-ID'],
    readings: { expectedSystemId: 'http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd' },
  },
  {
    id: 'auth-failure-401',
    description: 'wrong or missing credentials are answered 401, not the configured 403',
    breaks: ['TMR-AUTH-STATUS'],
    readings: { authFailureStatuses: '403' },
  },
  {
    id: 'post-ignores-query-credentials',
    description: 'a POST reads username/password from its body only, never from the query string',
    breaks: ['TMR-AUTH-QUERY'],
  },
  {
    id: 'no-multipart',
    description: 'multipart/form-data bodies are not read (a PHP SDK call has no credentials: 403)',
    breaks: ['TMR-MULTIPART'],
  },
  {
    id: 'rejects-unknown-params',
    description: "a parameter the page does not list (the SDKs' apiClient) is refused with HTTP 400",
    breaks: ['TMR-MULTIPART', 'TMR-SDK-APICLIENT'],
  },
  {
    id: 'sub-account-forbidden',
    description: 'the master login may not modify its sub-account (403)',
    breaks: ['TMR-MASTER-ACCESS'],
  },
  {
    id: 'email-rejects-plus',
    description: "a valid address with '+' in its local part is refused with error 2",
    breaks: ['TMR-EMAIL-FORMS'],
  },
  {
    id: 'mobile-example-form-only',
    description: 'only the 447… form of a UK mobile is accepted; 07…, +447… and spaced forms get error 3',
    breaks: ['TMR-MOBILE-FORMS'],
  },
  {
    id: 'first-error-only',
    description: 'with two invalid fields, only the first is refused; the second is stored anyway',
    breaks: ['TMR-ERROR-COMBINED'],
  },
  {
    id: 'fields-before-auth',
    description: 'fields are validated before the credentials and the account (a field error wins)',
    breaks: ['TMR-ERROR-PRECEDENCE'],
    readings: { errorPrecedence: 'auth-account-fields' },
  },
  // Found by the generated inputs only (suites/textmarketer/domains.ts): each by a boundary value, so
  // whatever the seed, 20 values per side find it; the hand-picked checks pass it.
  {
    id: 'password-needs-alnum',
    description:
      "an account_password made only of '-' and '_' is refused with error 5 (a letter or digit required)",
    breaks: ['TMR-PASSWORD-PATTERN'],
    generated: true,
  },
  {
    id: 'username-trimmed',
    description: 'account_username is trimmed before it is checked and stored (" abcdefg" is accepted)',
    breaks: ['TMR-USERNAME-PATTERN'],
    generated: true,
  },
  {
    id: 'company-length-in-bytes',
    description:
      'company_name length is counted in UTF-8 bytes (40 Latin-1 letters are refused with error 4)',
    breaks: ['TMR-COMPANY-LENGTH'],
    generated: true,
  },
  {
    id: 'mobile-refuses-spaced-international',
    description: "a UK mobile written '+44 7xxx xxxxxx' is refused with error 3 (07…, 447…, +447… pass)",
    breaks: ['TMR-MOBILE-FORMS'],
    generated: true,
  },
  {
    id: 'content-type-text-html',
    description: 'XML answers are labelled text/html',
    breaks: ['TMR-MEDIA-TYPE'],
  },
  {
    id: 'header-charset-utf8',
    description: 'answers are labelled charset=UTF-8 while the body is ISO-8859-1, as declared',
    breaks: ['TMR-MEDIA-TYPE'],
  },
  {
    id: 'company-strips-markup',
    description: "'<', '>' and '\"' are dropped from company_name before it is stored (an input filter)",
    breaks: ['TMR-COMPANY-SPECIAL-CHARS'],
  },
  {
    id: 'readback-no-basic-auth',
    description: 'GET account/{id} ignores HTTP Basic (only the POST reads it)',
    breaks: ['TMR-READBACK-AUTH-BASIC'],
  },
  {
    id: 'readback-no-param-auth',
    description: 'GET account/{id} ignores username/password parameters (only the POST reads them)',
    breaks: ['TMR-READBACK-AUTH-PARAMS'],
    readings: { auth: 'basic' },
  },
];

/** Other documented behaviours: each breaks nothing under the reading it carries. */
export const VARIANTS: FaultDefinition[] = [
  {
    id: 'content-type-text-plain-accepted',
    description:
      'answers labelled text/plain, a legacy label the reading accepts (proves readings.legacyMediaTypes)',
    breaks: [],
    readings: { legacyMediaTypes: 'text/plain' },
  },
  {
    id: 'spelling-notification',
    description: "accepts notification_* instead of the page's notifcation_* (proves reading TMR-C1)",
    breaks: [],
    readings: { requestFieldSpelling: 'notification' },
  },
];

/**
 * The provider states of the TextMarketer Pact contract (contracts/textmarketer). The mock needs no
 * hook for them: contracts/textmarketer/provider.ts puts it in each through its API and config, like
 * any target (its fixtures are the accounts each state names).
 */
export const PROVIDER_STATES: readonly string[] = [
  'an account the API credentials may modify',
  'an account the API credentials may modify, and a web UI username already used by another account',
  'an account ID that does not exist',
  'an existing account the API credentials may not access',
];

/** Faults that break everything at once: bad input the suite must survive, not a requirement. */
export const CHAOS: FaultDefinition[] = [
  ...chaosFaults(['html-page', 'garbage-body', 'slow-responses', 'huge-body', 'xxe-body']),
];

function now(fault: (id: string) => boolean): string {
  if (fault('processed-date-epoch')) return String(Math.floor(Date.now() / 1000));
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

/** Latin-1 text; anything outside Latin-1 as a character reference. */
function latin1Xml(s: string): string {
  return xmlEscape(s).replace(/[^\u0000-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`);
}

export async function start(options: MockOptions = {}): Promise<RunningMock> {
  const faults = new Set(options.faults ?? []);
  const fault = (id: string) => faults.has(id);
  const accounts = new Map<string, Account>();
  const own: Account = {
    account_id: FIXTURES.accountId,
    api_password: FIXTURES.credentials.password,
    api_username: FIXTURES.credentials.username,
    company_name: "Bill's Bakery",
    create_date: fault('create-date-five-digit-year')
      ? '20012-02-12T01:00:00+02:00'
      : '2012-02-12T01:00:00+02:00',
    credits: '833',
    notification_email: 'bill@billsbakery.com',
    notification_mobile: '447777777777',
    password: 'my_UI_password',
    username: 'my_UI_username',
  };
  const foreign: Account = {
    account_id: FIXTURES.foreignAccountId,
    api_password: 'other_api_pass',
    api_username: FIXTURES.takenApiUsername,
    create_date: '2011-05-01T09:30:00+01:00',
    credits: '12',
    password: 'other_ui_pass',
    username: FIXTURES.takenUsername,
  };
  const sub: Account = {
    account_id: FIXTURES.subAccountId,
    api_password: 'sub_api_pass1',
    api_username: 'sub_api_user',
    company_name: "Bill's Bakery (Leeds)",
    create_date: '2013-03-03T10:00:00+00:00',
    credits: '40',
    password: 'sub_ui_pass1',
    username: 'sub_ui_user',
    master: own.account_id,
  };
  accounts.set(own.account_id, own);
  accounts.set(foreign.account_id, foreign);
  accounts.set(sub.account_id, sub);
  const { company_name: _, ...bare } = sub;
  accounts.set(FIXTURES.bareSubAccountId, {
    ...bare,
    account_id: FIXTURES.bareSubAccountId,
    api_username: 'sub_api_user2',
    username: 'sub_ui_user2',
  });
  const snapshot = structuredClone(own);

  const encoding = fault('declares-utf8') ? 'UTF-8' : 'ISO-8859-1';
  const encode = (xml: string): Buffer =>
    fault('declares-utf8') || fault('latin1-declared-utf8-sent')
      ? Buffer.from(xml, 'utf8')
      : Buffer.from(xml, 'latin1');
  const text = (s: string) =>
    fault('declares-utf8') || fault('latin1-declared-utf8-sent') ? xmlEscape(s) : latin1Xml(s);

  function doc(systemDtd: string, body: string): Buffer {
    const publicId = fault('wrong-public-id')
      ? '-//textmarketer.co.uk//DTD Web Services REST 1.5//EN'
      : PUBLIC_ID;
    return encode(
      `<?xml version="1.0" encoding="${encoding}"?>\n<!DOCTYPE response PUBLIC\n"${publicId}"\n"http://api.textmarketer.co.uk/services/rest/DTD/${systemDtd}">\n${body}\n`,
    );
  }

  function accountXml(a: Account): Buffer {
    const order: Exclude<keyof Account, 'master'>[] = fault('dtd-children-reordered')
      ? [
          'account_id',
          'api_password',
          'api_username',
          'company_name',
          'credits',
          'create_date',
          'notification_email',
          'notification_mobile',
          'password',
          'username',
        ]
      : [
          'account_id',
          'api_password',
          'api_username',
          'company_name',
          'create_date',
          'credits',
          'notification_email',
          'notification_mobile',
          'password',
          'username',
        ];
    const children = order
      .filter((k) => a[k] !== undefined)
      .map((k) => `<${k}>${text(a[k] as string)}</${k}>`)
      .join('\n');
    const attr = fault('no-processed-date') ? '' : ` processed_date="${now(fault)}"`;
    const system = fault('system-id-account-dtd') ? 'account.dtd' : 'groups_get.dtd';
    return doc(system, `<response${attr}>\n<account>\n${children}\n</account>\n</response>`);
  }

  const mediaType = fault('content-type-text-html')
    ? 'text/html'
    : fault('content-type-text-plain-accepted')
      ? 'text/plain'
      : 'text/xml';
  const labelCharset = fault('header-charset-utf8') ? 'UTF-8' : encoding;
  function send(res: ServerResponse, status: number, body: Buffer): void {
    res.writeHead(status, {
      'content-type': `${mediaType}; charset=${labelCharset}`,
      'content-length': body.length,
    });
    res.end(body);
  }

  function errors(res: ServerResponse, status: number, list: [number, string][]): void {
    const items = list.map(([c, m]) => `<error code="${c}">${text(m)}</error>`).join('');
    const body = fault('error-envelope-flat') ? items : `<errors>${items}</errors>`;
    send(res, status, doc('errors.dtd', `<response processed_date="${now(() => false)}">${body}</response>`));
  }

  function authenticate(req: IncomingMessage, params: Record<string, string>): Account | undefined {
    const get = req.method === 'GET';
    const basic =
      fault('no-basic-auth') || (get && fault('readback-no-basic-auth')) ? undefined : basicAuth(req);
    const creds =
      basic ??
      (fault('no-param-auth') || (get && fault('readback-no-param-auth'))
        ? undefined
        : params.username !== undefined
          ? { username: params.username, password: params.password ?? '' }
          : undefined);
    const found =
      creds &&
      [...accounts.values()].find(
        (a) => a.api_username === creds.username && a.api_password === creds.password,
      );
    if (!found && fault('auth-not-checked')) return own;
    return found;
  }

  /** The problems of a request: code, message, and the field refused (never applied, whatever the faults). */
  function validate(fields: Record<string, string>, self: Account): [number, string, string][] {
    const out: [number, string, string][] = [];
    for (const f of CREDENTIAL_FIELDS) {
      const v = fields[f];
      if (v === undefined) continue;
      const max = fault(`length-off-by-one:${f}`) ? 21 : fault(`length-exclusive:${f}`) ? 19 : 20;
      if (v.length < 5 || v.length > max) out.push([4, `${f} must be between 5 and 20 characters.`, f]);
      else if (!fault(`pattern-unchecked:${f}`) && !/^[A-Za-z0-9_-]+$/.test(v))
        out.push([5, `${f} may only contain A-Z, a-z, 0-9, '-' and '_'.`, f]);
      else if (f === 'account_password' && fault('password-needs-alnum') && /^[-_]+$/.test(v))
        out.push([5, `${f} must contain a letter or a digit.`, f]);
    }
    for (const [f, element] of [
      ['account_username', 'username'],
      ['account_api_username', 'api_username'],
    ] as const) {
      const v = fields[f];
      if (v === undefined || fault('taken-username-accepted')) continue;
      if ([...accounts.values()].some((a) => a !== self && a[element] === v))
        out.push([7, 'The username you specified is already in use.', f]);
    }
    const company = fields.company_name;
    if (company !== undefined) {
      const min = fault('length-exclusive:company_name') ? 4 : 3;
      const max = fault('length-off-by-one:company_name') ? 41 : 40;
      const length = fault('company-length-in-bytes')
        ? Buffer.byteLength(company, 'utf8')
        : [...company].length;
      if (length < min || length > max)
        out.push([4, 'company_name must be between 3 and 40 characters.', 'company_name']);
    }
    const email = fields.email;
    const emailRe = fault('email-rejects-plus') ? EMAIL_NO_PLUS : EMAIL;
    if (email !== undefined && !fault('email-unchecked') && !emailRe.test(email)) {
      out.push([2, 'The email address you specified is invalid.', 'email']);
    }
    const mobile = fields.mobile;
    const mobileOk = fault('mobile-example-form-only')
      ? (m: string) => /^447\d{9}$/.test(m)
      : (m: string) =>
          /^(?:\+?44|0)7\d{9}$/.test(m.replace(/\s/g, '')) &&
          !(fault('mobile-refuses-spaced-international') && /^\+44 /.test(m));
    if (mobile !== undefined && !mobileOk(mobile)) {
      out.push(
        fault('mobile-wrong-code')
          ? [5, 'Pattern mismatch.', 'mobile']
          : [3, 'The mobile number you specified is not a valid UK mobile number.', 'mobile'],
      );
    }
    return out;
  }

  const spelling = fault('spelling-notification') ? 'notification' : 'notifcation';
  /** The modification fields of a form (email and mobile under the spelling this mock reads). */
  function fieldsOf(form: Record<string, string>): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const k of [...CREDENTIAL_FIELDS, 'company_name']) if (form[k] !== undefined) fields[k] = form[k];
    if (fault('username-trimmed') && fields.account_username !== undefined)
      fields.account_username = fields.account_username.trim();
    if (form[`${spelling}_email`] !== undefined) fields.email = form[`${spelling}_email`] as string;
    if (form[`${spelling}_mobile`] !== undefined) fields.mobile = form[`${spelling}_mobile`] as string;
    return fields;
  }

  const handler = async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> => {
    if (
      await answerChaos(fault, res, {
        contentType: 'text/xml',
        xxeBody: `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<response processed_date="x"><account><account_id>&xxe;</account_id></account></response>`,
      })
    )
      return;
    const url = new URL(req.url ?? '/', 'http://mock');
    const m = new RegExp(`^${BASE_PATH}/account/([^/]+)$`).exec(url.pathname);
    if (!m?.[1]) {
      errors(res, 404, [[404, 'Not found.']]);
      return;
    }
    if (req.method !== 'POST' && req.method !== 'GET') {
      res.setHeader('allow', 'GET, POST');
      errors(res, 405, [[405, 'Method not allowed.']]);
      return;
    }
    const query = parseForm(url.search.slice(1));
    const contentType = req.headers['content-type'] ?? '';
    // no-multipart: a multipart body is not read at all (as a back end that reads only url-encoded forms).
    const form =
      req.method !== 'POST' || (fault('no-multipart') && /^multipart\//i.test(contentType))
        ? {}
        : parseForm(body, contentType);
    const params =
      req.method === 'POST' && fault('post-ignores-query-credentials') ? form : { ...query, ...form };
    const id = decodeURIComponent(m[1]);
    if (req.method === 'POST' && fault('fields-before-auth')) {
      const early = validate(fieldsOf(form), accounts.get(id) ?? own);
      if (early.length > 0) {
        errors(
          res,
          400,
          early.map(([c, msg]) => [c, msg]),
        );
        return;
      }
    }
    if (req.method === 'POST' && fault('rejects-unknown-params')) {
      const known = [
        ...CREDENTIAL_FIELDS,
        'company_name',
        'username',
        'password',
        `${spelling}_email`,
        `${spelling}_mobile`,
      ];
      const unknown = Object.keys(form).filter((k) => !known.includes(k));
      if (unknown.length > 0) {
        errors(res, 400, [[1, `Unknown parameter ${unknown.join(', ')}.`]]);
        return;
      }
    }
    const who = authenticate(req, params);
    if (!who) {
      errors(res, fault('auth-failure-401') ? 401 : 403, [[403, 'Invalid username or password.']]);
      return;
    }
    const target = accounts.get(id);
    if (!target) {
      errors(res, fault('unknown-account-403') ? 403 : 404, [[404, 'Account not found.']]);
      return;
    }
    const mayAccess = target === who || (target.master === who.account_id && !fault('sub-account-forbidden'));
    if (!mayAccess && !fault('foreign-account-allowed')) {
      errors(res, 403, [[403, 'You do not have permission to access this account.']]);
      return;
    }
    if (req.method === 'GET') {
      send(res, 200, accountXml(fault('readback-stale') && target === own ? snapshot : target));
      return;
    }
    const fields = fieldsOf(form);
    let problems = validate(fields, target);
    let stored: string[] = [];
    if (fault('first-error-only') && problems.length > 1) {
      stored = problems.slice(1).map(([, , f]) => f);
      problems = problems.slice(0, 1);
    }
    const refused = new Set(problems.map(([, , f]) => f));
    const before = structuredClone(target);
    const apply = () => {
      for (const [f, element] of Object.entries(FIELD_TO_ELEMENT)) {
        const v = fields[f];
        if (v !== undefined && !refused.has(f) && !fault(`ignores-field:${f}`))
          (target[element] as string) =
            f === 'company_name' && fault('company-strips-markup') ? v.replace(/[<>"]/g, '') : v;
      }
      if (fields.email !== undefined && !refused.has('email')) target.notification_email = fields.email;
      if (fields.mobile !== undefined && !refused.has('mobile')) {
        target.notification_mobile = fields.mobile.replace(/\s/g, '').replace(/^\+?44|^0/, '44');
      }
      if (fault('clears-unspecified')) {
        if (fields.email === undefined) delete target.notification_email;
        if (fields.mobile === undefined) delete target.notification_mobile;
      }
    };
    if (problems.length > 0) {
      if (fault('partial-apply-on-error')) apply();
      // first-error-only: the fields it never reported are stored as sent.
      for (const f of stored) {
        const v = fields[f];
        if (v === undefined) continue;
        if (f === 'email') target.notification_email = v;
        else if (f === 'mobile') target.notification_mobile = v;
        else if (FIELD_TO_ELEMENT[f]) (target[FIELD_TO_ELEMENT[f]] as string) = v;
      }
      errors(
        res,
        fault('error-status-422') ? 422 : 400,
        problems.map(([c, m]) => [c, m]),
      );
      return;
    }
    apply();
    send(res, 200, accountXml(fault('response-shows-old-values') ? before : target));
  };

  const server = await listen(handler, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    host: options.host ?? '127.0.0.1',
    inspector: options.inspector,
  });
  const targetConfig = {
    credentials: { ...FIXTURES.credentials },
    accountId: FIXTURES.accountId,
    foreignAccountId: FIXTURES.foreignAccountId,
    unknownAccountId: FIXTURES.unknownAccountId,
    takenUsername: FIXTURES.takenUsername,
    takenApiUsername: FIXTURES.takenApiUsername,
    subAccountId: FIXTURES.subAccountId,
    mutateApiCredentials: true,
  };
  return {
    url: `${server.url}${BASE_PATH}`,
    targetConfig,
    alternatives: { bareSubAccount: { ...targetConfig, subAccountId: FIXTURES.bareSubAccountId } },
    close: server.close,
  };
}

/** The mock as the engine sees it (vendors.ts joins it with the suite). */
export const mock = defineMock({
  module: import.meta.url,
  start,
  faults: FAULTS,
  variants: VARIANTS,
  chaos: CHAOS,
  providerStates: PROVIDER_STATES,
});
