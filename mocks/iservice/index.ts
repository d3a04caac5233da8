// iService reference mock: {base}/f/webapp-api-login?api=login (form fields emailAddress, Password; sets
// a session cookie) and {base}/f/webapp-api-custinfo?api=setdetails|details (JSON POST with the cookie),
// in-memory contacts, an agent (may update any contact) and a customer (only their own). Each fault
// breaks one documented behaviour, so the project's tests can prove the suite notices.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultDefinition, MockOptions, RunningMock } from '../../src/types.ts';
import { defineMock } from '../../src/vendor.ts';
import { answerChaos, chaosFaults } from '../chaos.ts';
import { listen, parseForm } from '../server.ts';

export const BASE_PATH = '/f';
const COOKIE = 'iservice_session';
/** Under the session-expires chaos fault, a session dies after this many custinfo requests. */
export const SESSION_USES = 10;

export const FIXTURES = {
  agent: { emailAddress: 'agent@1to1service.example', password: 'mock-agent-pass-1' },
  customer: { emailAddress: 'customer11@1to1service.com', password: 'mock-customer-pass-1' },
  agentContactID: 1,
  customerContactID: 466,
  otherContactID: 467,
  unknownContactID: 999999,
  textProperties: [
    { propertyID: '1', propertyName: 'First Name' },
    { propertyID: '2', propertyName: 'Middle Initial' },
  ],
  multiValueProperty: {
    propertyID: '20',
    propertyName: 'Interests',
    options: ['Baking', 'Cycling', 'Chess'],
  },
  membershipSegments: ['2', '3', '4'],
};

const CATALOGUE: [string, string][] = [
  ['1', 'First Name'],
  ['2', 'Middle Initial'],
  ['3', 'Last Name'],
  ['20', 'Interests'],
];
/** The properties of the catalogue that hold several values. */
const MULTI_VALUED = new Set(['20']);

/** a, then what b adds to it (the save-only-adds fault). */
const union = (a: readonly string[], b: readonly string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/** Each breaks at least one requirement; the proof holds the suite to exactly its `breaks`. */
export const FAULTS: FaultDefinition[] = [
  {
    id: 'login-answer-html',
    description: 'a successful login answers an HTML page (the cookie is still set)',
    breaks: ['ISV-LOGIN-OK', 'ISV-LOGIN-ISLOGGEDIN'],
  },
  {
    id: 'login-no-isloggedin',
    description: 'a successful login answers without loggedIn',
    breaks: ['ISV-LOGIN-ISLOGGEDIN'],
  },
  {
    id: 'login-failure-silent',
    description: 'a failed login answers a blank errors array',
    breaks: ['ISV-LOGIN-FAIL'],
  },
  {
    id: 'session-not-required',
    description: 'custinfo calls without a session act as the agent',
    breaks: ['ISV-SESSION-REQUIRED'],
  },
  {
    id: 'no-session-errors-200',
    description: 'a call without a session is refused with errors but HTTP 200 (fails the "status" reading)',
    breaks: ['ISV-SESSION-REQUIRED'],
    readings: { noSessionRefusal: 'status' },
  },
  {
    id: 'no-session-bare-401',
    description: 'a call without a session gets HTTP 401 with an empty body (fails the "errors" reading)',
    breaks: ['ISV-SESSION-REQUIRED'],
    readings: { noSessionRefusal: 'errors' },
  },
  {
    id: 'no-session-redirect',
    description:
      'a call without a session is redirected (HTTP 302 to the login page, empty body) and changes nothing (fails the "errors-or-status" reading; the default takes it as refused)',
    breaks: ['ISV-SESSION-REQUIRED'],
    readings: { noSessionRefusal: 'errors-or-status' },
  },
  {
    id: 'agent-refused-on-customer-contact',
    description: "an agent's update of a contact that has a customer login is refused",
    breaks: ['ISV-ACCESS-AGENT-ANY'],
  },
  {
    id: 'customer-own-refused',
    description: "a customer's update of their own contact is refused",
    breaks: ['ISV-ACCESS-CUSTOMER-OWN'],
  },
  {
    id: 'customer-may-update-other',
    description: 'a customer can update any contact',
    breaks: ['ISV-ACCESS-CUSTOMER-OTHER', 'ISV-ACCESS-NO-CHANGE'],
  },
  {
    id: 'foreign-bare-403',
    description:
      'a customer\'s update of another contact gets HTTP 403 with an empty body (fails the "errors" reading; the default takes it as refused, and ISV-ERROR-SHAPE skips it)',
    breaks: ['ISV-ACCESS-CUSTOMER-OTHER'],
    readings: { foreignRefusal: 'errors' },
  },
  {
    id: 'refuses-but-applies',
    description: "a customer's update of another contact is refused with errors, but applied",
    breaks: ['ISV-ACCESS-NO-CHANGE'],
  },
  {
    id: 'error-details-empty',
    description:
      'every refusal carries an empty errorDetails (a failure under readings.errorDetails = non-empty)',
    breaks: ['ISV-ERROR-DETAILS'],
    readings: { errorDetails: 'non-empty' },
  },
  {
    id: 'error-details-missing',
    description: 'answers carry no errorDetails',
    breaks: ['ISV-SUCCESS-SHAPE', 'ISV-ERROR-SHAPE'],
  },
  {
    id: 'errors-null-on-success',
    description: 'a success answers "errors": null',
    breaks: ['ISV-SUCCESS-SHAPE'],
  },
  {
    id: 'error-as-string',
    description: 'a refusal answers errors as a string, not an array',
    breaks: ['ISV-ERROR-SHAPE'],
  },
  {
    id: 'invalid-payload-accepted',
    description: 'a payload that breaks the table is answered as a success (and ignored)',
    breaks: ['ISV-INVALID-PAYLOAD', 'ISV-COMBO-FIELDS'],
  },
  {
    id: 'unknown-contact-accepted',
    description: 'an update of a contact that does not exist is answered as a success',
    breaks: ['ISV-UNKNOWN-CONTACT'],
  },
  {
    id: 'properties-not-saved',
    description: 'property values are answered as saved but never stored',
    breaks: [
      'ISV-ROUNDTRIP-PROPERTIES',
      'ISV-ROUNDTRIP-MULTIVALUE',
      'ISV-ROUNDTRIP-EMPTY',
      'ISV-ACCESS-AGENT-ANY',
      'ISV-ACCESS-CUSTOMER-OWN',
      'ISV-JSON-CHARSET',
    ],
  },
  {
    id: 'utf8-mangled',
    description: 'values are stored as their UTF-8 bytes read as Latin-1 (Zoë becomes ZoÃ«)',
    breaks: ['ISV-ROUNDTRIP-PROPERTIES'],
  },
  {
    id: 'multi-value-truncated',
    description: 'only the first value of a property is stored',
    breaks: ['ISV-ROUNDTRIP-MULTIVALUE'],
  },
  {
    id: 'empty-values-ignored',
    description: 'a property sent with no values keeps its old values',
    breaks: ['ISV-ROUNDTRIP-EMPTY'],
  },
  {
    id: 'logins-not-saved',
    description: 'setLogins true does not store the logins',
    breaks: ['ISV-ROUNDTRIP-LOGINS', 'ISV-LOGIN-TYPES'],
  },
  {
    id: 'setlogins-ignored',
    description: 'the logins sent are stored even with setLogins false',
    breaks: ['ISV-SETLOGINS-FALSE'],
  },
  {
    id: 'membership-dropped',
    description: 'saving clears the membership',
    breaks: ['ISV-ROUNDTRIP-MEMBERSHIP'],
  },
  {
    id: 'save-only-adds',
    description:
      'a save only adds: a multi-valued property keeps the values left out, the membership keeps the segments left out',
    breaks: ['ISV-ROUNDTRIP-MULTIVALUE', 'ISV-ROUNDTRIP-MEMBERSHIP'],
  },
  {
    id: 'details-object-only',
    description:
      'details must be an object, as the example writes it: an array of one is refused (fails reading pageForms = both)',
    breaks: ['ISV-PAGE-FORMS'],
    readings: { pageForms: 'both' },
  },
  {
    id: 'login-type-example-only',
    description:
      'the email login type is the example\'s "Email" only: the table\'s "email" is refused (fails reading pageForms = both)',
    breaks: ['ISV-PAGE-FORMS'],
    readings: { pageForms: 'both' },
  },
  {
    id: 'login-type-google-refused',
    description: 'a login of type Google is refused, though the table lists it',
    breaks: ['ISV-LOGIN-TYPES'],
  },
  {
    id: 'json-charset-refused',
    description:
      'a setdetails form labelled application/json with a charset parameter is refused (only the bare type is taken)',
    breaks: ['ISV-JSON-CHARSET'],
  },
  {
    id: 'partial-save-before-auth',
    description:
      'a form with field errors has its well-formed properties saved before the session or the access right is checked',
    breaks: ['ISV-COMBO-AUTH'],
  },
  {
    id: 'loose-types',
    description:
      'setLogins "true" is read as true and a membership string is split at commas, so a form with these two field errors is applied',
    breaks: ['ISV-COMBO-FIELDS'],
  },
  {
    id: 'access-after-arguments',
    description:
      "the form is checked before the access right: a customer's form with field errors for another contact gets the field errors (fails reading errorPrecedence = auth-first)",
    breaks: ['ISV-ERROR-PRECEDENCE'],
    readings: { errorPrecedence: 'auth-first' },
  },
  {
    id: 'precedence-arguments-reading',
    description:
      'not a fault of the mock (which checks the session and the access right first): under reading errorPrecedence = arguments-first the suite must notice',
    breaks: ['ISV-ERROR-PRECEDENCE'],
    readings: { errorPrecedence: 'arguments-first' },
  },
  {
    id: 'json-labelled-html',
    description: 'every answer is JSON but labelled text/html',
    breaks: ['ISV-MEDIA-TYPE'],
  },
  // Faults only generated inputs find (no hand-picked value hits them; a boundary value of the
  // domain does, so every seed finds them): suites/iservice/domains.ts.
  {
    id: 'apostrophe-refused',
    description:
      "a property value holding an apostrophe (O'Brien) is refused, as by a naive SQL-injection filter",
    breaks: ['ISV-ROUNDTRIP-PROPERTIES'],
    generated: true,
  },
  {
    id: 'latin1-storage',
    description: 'property values are stored in Latin-1: a letter beyond it (Ł, Ж) reads back as "?"',
    breaks: ['ISV-ROUNDTRIP-PROPERTIES'],
    generated: true,
  },
  {
    id: 'login-plus-tag-dropped',
    description: 'a login name loses its "+tag" on the way in (first+tag@host is stored as first@host)',
    breaks: ['ISV-ROUNDTRIP-LOGINS'],
    generated: true,
  },
  {
    id: 'login-type-prefix',
    description:
      'a login type is taken when it begins with a listed one ("emails", "Google2"), not only when it is one',
    breaks: ['ISV-INVALID-PAYLOAD'],
    generated: true,
  },
  {
    id: 'value-type-coerced',
    description:
      'a property value that is a number, a boolean or null is stored as its text instead of refused',
    breaks: ['ISV-INVALID-PAYLOAD'],
    generated: true,
  },
  {
    id: 'value-bytes-40',
    description:
      'the 40-character bound of a property value is applied in UTF-8 bytes (as an Oracle VARCHAR2(40 BYTE) column does): a value over 40 bytes is refused, so 21 to 40 letters beyond ASCII are',
    breaks: ['ISV-ROUNDTRIP-PROPERTIES'],
    generated: true,
  },
  {
    id: 'unknown-account-silent',
    description:
      'a login naming no account answers a blank errors array (a wrong password for a real one still answers errors[0])',
    breaks: ['ISV-LOGIN-FAIL'],
    generated: true,
  },
];

/**
 * Another documented behaviour (one side of a contradiction or an open point): breaks nothing, and
 * passes under the reading it carries.
 */
export const VARIANTS: FaultDefinition[] = [
  {
    id: 'error-details-always',
    description:
      'every refusal carries errorDetails (its messages where it has nothing more to say): proves reading ISV-O7',
    breaks: [],
    readings: { errorDetails: 'non-empty' },
  },
  {
    id: 'details-array',
    description: 'details must be an array of one, as the table writes it (proves reading ISV-C1)',
    breaks: [],
    readings: { detailsShape: 'array' },
  },
  {
    id: 'login-type-lowercase',
    description: 'login types are the table\'s lower-case "email" only (proves reading ISV-C2)',
    breaks: [],
    readings: { loginType: 'email' },
  },
  {
    id: 'json-labelled-text-plain',
    description:
      'JSON answers labelled text/plain, a legacy label the user accepts (proves reading legacyMediaTypes)',
    breaks: [],
    readings: { legacyMediaTypes: 'text/javascript, Text/Plain' },
  },
  {
    id: 'details-by-query',
    description: 'details takes the contact ID from the query string only (proves reading ISV-O2)',
    breaks: [],
    readings: { detailsContactId: 'query' },
  },
];

/**
 * The provider states the iService Pact contract (contracts/iservice) names. The mock has no hook for
 * them: like any target, it is put in each through its own API by the contract's provider driver (a
 * "logged in" state is a login with the fixtures' account), and the contacts the saves change are put
 * back through setdetails afterwards.
 */
export const PROVIDER_STATES: readonly string[] = [
  'the agent and the customer have web logins',
  'the agent is logged in, and the other contact exists',
  "the agent is logged in, and the customer's contact exists",
  'the agent is logged in, and no contact has the unknown contact ID',
  "the customer is logged in, and the customer's own contact exists",
  "the customer is logged in, and the other contact is not the customer's",
];

/** Faults that break everything at once: bad input the suite must survive, not a requirement. */
export const CHAOS: FaultDefinition[] = [
  ...chaosFaults(['html-page', 'garbage-body', 'slow-responses', 'huge-body']),
  {
    id: 'session-expires',
    description: `every session dies after ${SESSION_USES} custinfo requests (a fresh login works): reported as "session lost", not as a shape failure`,
    breaks: [],
    chaos: true,
  },
];

interface Contact {
  properties: Map<string, string[]>;
  logins: { name: string; type: string }[];
  membership: string[];
}
interface Account {
  emailAddress: string;
  password: string;
  role: 'agent' | 'customer';
  contactID: number;
}
interface Session {
  account: Account;
  uses: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The UTF-8 byte length of the first property value longer than `max` bytes (value-bytes-40), or undefined. */
function overBytes(details: unknown, max: number): number | undefined {
  const props = isObj(details) && Array.isArray(details.properties) ? details.properties : [];
  for (const prop of props)
    for (const v of isObj(prop) && Array.isArray(prop.values) ? prop.values : []) {
      const bytes = isObj(v) && typeof v.value === 'string' ? Buffer.byteLength(v.value, 'utf8') : 0;
      if (bytes > max) return bytes;
    }
  return undefined;
}
export async function start(options: MockOptions = {}): Promise<RunningMock> {
  const faults = new Set(options.faults ?? []);
  const fault = (id: string) => faults.has(id);
  const emailType = fault('login-type-lowercase') ? 'email' : 'Email';
  // The email type in both spellings the page uses (table "email", example "Email").
  const emailTypes = fault('login-type-lowercase')
    ? ['email']
    : fault('login-type-example-only')
      ? ['Email']
      : ['Email', 'email'];
  const loginTypes = [
    '',
    ...emailTypes,
    'bounced',
    ...(fault('login-type-google-refused') ? [] : ['Google']),
  ];
  const mediaType = fault('json-labelled-html')
    ? 'text/html; charset=utf-8'
    : fault('json-labelled-text-plain')
      ? 'text/plain; charset=utf-8'
      : 'application/json; charset=utf-8';

  const accounts: Account[] = [
    { ...FIXTURES.agent, role: 'agent', contactID: FIXTURES.agentContactID },
    { ...FIXTURES.customer, role: 'customer', contactID: FIXTURES.customerContactID },
  ];
  const contacts = new Map<number, Contact>();
  const contact = (first: string, last: string, email: string, membership: string[]): Contact => ({
    properties: new Map([
      ['1', [first]],
      ['2', []],
      ['3', [last]],
      ['20', ['Baking']],
    ]),
    logins: [{ name: email, type: emailType }],
    membership,
  });
  /** The contacts as they are at start-up. */
  function seed(): void {
    contacts.clear();
    contacts.set(FIXTURES.agentContactID, contact('Agnes', 'Agent', FIXTURES.agent.emailAddress, []));
    contacts.set(
      FIXTURES.customerContactID,
      contact('John', 'Deer', FIXTURES.customer.emailAddress, [
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '10',
        '11',
        '12',
      ]),
    );
    contacts.set(FIXTURES.otherContactID, contact('Jane', 'Roe', 'jane.roe@1to1service.example', ['5']));
  }
  seed();
  const sessions = new Map<string, Session>();

  /** A new session of the account, as its Cookie header value (what a login's Set-Cookie gives). */
  function openSession(account: Account): string {
    const token = randomBytes(16).toString('hex');
    sessions.set(token, { account, uses: 0 });
    return `${COOKIE}=${token}`;
  }

  function json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': mediaType,
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  /** The documented custinfo answer, with the shape faults applied. */
  function answer(res: ServerResponse, errors: string[], errorDetails: string[] = [], extra: Obj = {}): void {
    const body: Obj = { errors: errors.length > 0 && fault('error-as-string') ? errors.join(' ') : errors };
    if (errors.length === 0 && fault('errors-null-on-success')) body.errors = null;
    const details =
      errors.length > 0 && errorDetails.length === 0 && fault('error-details-always')
        ? [...errors]
        : errorDetails;
    if (!fault('error-details-missing')) body.errorDetails = fault('error-details-empty') ? [] : details;
    json(res, 200, { ...body, ...extra });
  }

  /** The login answer (documented on its own page; the custinfo shape faults do not touch it). */
  function loginAnswer(
    res: ServerResponse,
    errors: string[],
    extra: Obj,
    headers: Record<string, string> = {},
  ) {
    json(res, 200, { errors, errorDetails: [], ...extra }, headers);
  }

  function sessionOf(req: IncomingMessage): Session | undefined {
    const m = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
    const s = m?.[1] ? sessions.get(m[1]) : undefined;
    if (!s || !m?.[1]) return undefined;
    if (fault('session-expires') && s.uses >= SESSION_USES) {
      sessions.delete(m[1]);
      return undefined;
    }
    s.uses += 1;
    return s;
  }

  function handleLogin(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    if (req.method !== 'POST') {
      json(res, 405, { errors: ['Use POST.'], errorDetails: [] }, { allow: 'POST' });
      return;
    }
    const form = parseForm(body.toString('latin1'), req.headers['content-type'] ?? '');
    const account = accounts.find(
      (a) => a.emailAddress === form.emailAddress && a.password === form.Password,
    );
    const known = accounts.some((a) => a.emailAddress === form.emailAddress);
    if (!account) {
      const silent = fault('login-failure-silent') || (fault('unknown-account-silent') && !known);
      loginAnswer(res, silent ? [] : ['Invalid email address or password.'], {
        loggedIn: { isLoggedIn: false },
      });
      return;
    }
    const cookie = `${openSession(account)}; Path=${BASE_PATH}; HttpOnly`;
    if (fault('login-answer-html')) {
      res
        .writeHead(200, { 'content-type': 'text/html', 'set-cookie': cookie })
        .end('<!doctype html><html><body>Welcome back</body></html>');
      return;
    }
    loginAnswer(
      res,
      [],
      fault('login-no-isloggedin') ? {} : { loggedIn: { isLoggedIn: true, contactID: account.contactID } },
      { 'set-cookie': cookie },
    );
  }

  /** Under value-type-coerced: a scalar value that is not a string is taken (and stored as its text). */
  const coercible = (v: unknown) =>
    fault('value-type-coerced') && (v === null || typeof v === 'number' || typeof v === 'boolean');
  /** A listed login type (under login-type-prefix, anything that begins with a listed one too). */
  const listedType = (t: unknown) =>
    typeof t === 'string' &&
    (loginTypes.includes(t) ||
      (fault('login-type-prefix') && loginTypes.some((x) => x !== '' && t.startsWith(x))));

  /** The request table, checked by hand (the mock does not share the suite's schema). */
  function payloadProblems(p: unknown): string[] {
    if (!isObj(p)) return ['The request body must be a JSON object.'];
    const out: string[] = [];
    if (!Number.isInteger(p.contactID)) out.push('contactID must be a number.');
    // Both forms the page uses: the example's object and the table's details[] (an array of one).
    const d = detailsOfPayload(p);
    if (!isObj(d)) {
      out.push(
        fault('details-array')
          ? 'details must be an array of one object.'
          : fault('details-object-only')
            ? 'details must be an object.'
            : 'details must be an object or an array of one object.',
      );
      return out;
    }
    if (
      !Array.isArray(d.properties) ||
      !d.properties.every(
        (x) =>
          isObj(x) &&
          typeof x.propertyID === 'string' &&
          typeof x.propertyName === 'string' &&
          Array.isArray(x.values) &&
          x.values.every((v) => isObj(v) && (typeof v.value === 'string' || coercible(v.value))),
      )
    )
      out.push('details.properties must be an array of {propertyID, propertyName, values[{value}]}.');
    if (typeof d.setLogins !== 'boolean') out.push('details.setLogins must be true or false.');
    if (
      !Array.isArray(d.logins) ||
      !d.logins.every((l) => isObj(l) && typeof l.name === 'string' && listedType(l.type))
    )
      out.push(
        `details.logins must be an array of {name, type} with type one of ${JSON.stringify(loginTypes)}.`,
      );
    if (!Array.isArray(p.membership) || !p.membership.every((m) => typeof m === 'string'))
      out.push('membership must be an array of segment IDs.');
    return out;
  }

  function detailsOfPayload(p: Obj): unknown {
    if (Array.isArray(p.details))
      return p.details.length === 1 && !fault('details-object-only') ? p.details[0] : undefined;
    return fault('details-array') ? undefined : p.details;
  }

  /** Under loose-types: setLogins "true"/"false" read as booleans, a membership string split at commas. */
  function loosen(p: unknown): void {
    if (!fault('loose-types') || !isObj(p)) return;
    const d = detailsOfPayload(p);
    if (isObj(d) && typeof d.setLogins === 'string') d.setLogins = d.setLogins === 'true';
    if (typeof p.membership === 'string') p.membership = p.membership.split(',').filter(Boolean);
  }

  /** Under partial-save-before-auth: the well-formed properties of a form with errors, saved at once. */
  function partialSave(body: Buffer): void {
    let p: unknown;
    try {
      p = JSON.parse(body.toString('utf8'));
    } catch {
      return;
    }
    if (!isObj(p) || payloadProblems(p).length === 0) return;
    const c = typeof p.contactID === 'number' ? contacts.get(p.contactID) : undefined;
    const d = detailsOfPayload(p);
    if (!c || !isObj(d) || !Array.isArray(d.properties)) return;
    for (const prop of d.properties) {
      if (isObj(prop) && typeof prop.propertyID === 'string' && Array.isArray(prop.values))
        c.properties.set(
          prop.propertyID,
          prop.values.flatMap((v) => (isObj(v) && typeof v.value === 'string' ? [v.value] : [])),
        );
    }
  }

  function detailsAnswer(id: number, c: Contact): Obj {
    const names = new Map(CATALOGUE);
    const d = {
      properties: [...c.properties].map(([propertyID, values]) => ({
        propertyID,
        propertyName: names.get(propertyID) ?? '',
        values: values.map((value) => ({ value })),
      })),
      logins: c.logins.map((l) => ({ ...l })),
    };
    return { contactID: id, details: fault('details-array') ? [d] : d, membership: [...c.membership] };
  }

  function handleDetails(body: Buffer, url: URL, who: Account, res: ServerResponse): void {
    let id: unknown;
    if (fault('details-by-query')) id = Number(url.searchParams.get('contactID') ?? Number.NaN);
    else {
      try {
        id = (JSON.parse(body.toString('utf8')) as Obj).contactID;
      } catch {
        id = undefined;
      }
    }
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      answer(res, ['contactID is required.'], [fault('details-by-query') ? 'query string' : 'JSON body']);
      return;
    }
    const c = contacts.get(id);
    if (!c) {
      answer(res, ['Contact not found.'], [`No contact has the ID ${id}.`]);
      return;
    }
    if (who.role === 'customer' && who.contactID !== id) {
      answer(res, ['You may only view your own contact details.'], []);
      return;
    }
    answer(res, [], [], detailsAnswer(id, c));
  }

  function apply(c: Contact, p: Obj): void {
    const d = detailsOfPayload(p) as Obj;
    if (!fault('properties-not-saved')) {
      for (const prop of d.properties as { propertyID: string; values: { value: unknown }[] }[]) {
        let values = prop.values.map((v) => String(v.value));
        if (fault('latin1-storage')) values = values.map((v) => v.replace(/[^\u0000-\u00ff]/gu, '?'));
        if (fault('utf8-mangled')) values = values.map((v) => Buffer.from(v, 'utf8').toString('latin1'));
        if (fault('multi-value-truncated')) values = values.slice(0, 1);
        if (fault('empty-values-ignored') && values.length === 0) continue;
        if (fault('save-only-adds') && MULTI_VALUED.has(prop.propertyID))
          values = union(c.properties.get(prop.propertyID) ?? [], values);
        c.properties.set(prop.propertyID, values);
      }
    }
    if ((d.setLogins === true && !fault('logins-not-saved')) || fault('setlogins-ignored'))
      c.logins = (d.logins as { name: string; type: string }[]).map((l) => ({
        name: fault('login-plus-tag-dropped') ? l.name.replace(/\+[^@]*@/, '@') : l.name,
        type: l.type,
      }));
    const membership = p.membership as string[];
    c.membership = fault('membership-dropped')
      ? []
      : fault('save-only-adds')
        ? union(c.membership, membership)
        : [...membership];
  }

  function handleSetdetails(req: IncomingMessage, body: Buffer, who: Account, res: ServerResponse): void {
    if (req.method !== 'POST') {
      json(res, 405, { errors: ['Use POST.'], errorDetails: [] }, { allow: 'POST' });
      return;
    }
    let p: unknown;
    try {
      p = JSON.parse(body.toString('utf8'));
    } catch {
      answer(res, ['The request is not valid JSON.'], []);
      return;
    }
    if (fault('json-charset-refused') && /;/.test(req.headers['content-type'] ?? '')) {
      answer(res, ['The request must be sent as application/json.'], [req.headers['content-type'] ?? '']);
      return;
    }
    loosen(p);
    const problems = payloadProblems(p);
    // The session is checked before this; the access right next, then the form (unless the
    // access-after-arguments fault swaps the two).
    const foreign =
      isObj(p) &&
      Number.isInteger(p.contactID) &&
      who.role === 'customer' &&
      who.contactID !== p.contactID &&
      !fault('customer-may-update-other');
    if (isObj(p) && foreign && !(fault('access-after-arguments') && problems.length > 0)) {
      if (fault('foreign-bare-403')) {
        res.writeHead(403, { 'content-length': 0 }).end();
        return;
      }
      const c = contacts.get(p.contactID as number);
      if (c && problems.length === 0 && fault('refuses-but-applies')) apply(c, p);
      answer(
        res,
        ['You may only update your own contact details.'],
        [`Contact ${p.contactID} is not yours.`],
      );
      return;
    }
    if (problems.length > 0) {
      if (fault('invalid-payload-accepted')) answer(res, []);
      else answer(res, ['The request is not valid.'], problems);
      return;
    }
    const payload = p as Obj;
    const id = payload.contactID as number;
    const c = contacts.get(id);
    if (!c) {
      if (fault('unknown-contact-accepted')) answer(res, []);
      else answer(res, ['Contact not found.'], [`No contact has the ID ${id}.`]);
      return;
    }
    const ownsLogin = accounts.some((a) => a.role === 'customer' && a.contactID === id);
    if (who.role === 'agent' && ownsLogin && fault('agent-refused-on-customer-contact')) {
      answer(res, ['You do not have permission to update this contact.'], []);
      return;
    }
    if (who.role === 'customer' && who.contactID === id && fault('customer-own-refused')) {
      answer(res, ['You do not have permission to update this contact.'], []);
      return;
    }
    if (fault('apostrophe-refused') && /'/.test(JSON.stringify(detailsOfPayload(payload)))) {
      answer(res, ['The request is not valid.'], ['Values may not contain quotes.']);
      return;
    }
    const tooLong = fault('value-bytes-40') ? overBytes(detailsOfPayload(payload), 40) : undefined;
    if (tooLong !== undefined) {
      answer(
        res,
        ['The request is not valid.'],
        [`Value too large for column (actual: ${tooLong}, maximum: 40).`],
      );
      return;
    }
    apply(c, payload);
    answer(res, []);
  }

  const handler = async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> => {
    if (await answerChaos(fault, res, { contentType: 'application/json' })) return;
    const url = new URL(req.url ?? '/', 'http://mock');
    const api = url.searchParams.get('api');
    if (url.pathname === `${BASE_PATH}/webapp-api-login` && api === 'login') {
      handleLogin(req, body, res);
      return;
    }
    if (url.pathname === `${BASE_PATH}/webapp-api-custinfo` && (api === 'setdetails' || api === 'details')) {
      if (api === 'setdetails' && fault('partial-save-before-auth')) partialSave(body);
      const s = sessionOf(req);
      const who = s?.account ?? (fault('session-not-required') ? accounts[0] : undefined);
      if (!who) {
        if (fault('no-session-bare-401')) res.writeHead(401).end();
        else if (fault('no-session-redirect'))
          res.writeHead(302, { location: `${BASE_PATH}/login.html`, 'content-length': 0 }).end();
        else
          json(res, fault('no-session-errors-200') ? 200 : 401, {
            errors: ['You must be logged in.'],
            errorDetails: [],
          });
        return;
      }
      if (api === 'details') handleDetails(body, url, who, res);
      else handleSetdetails(req, body, who, res);
      return;
    }
    json(res, 404, { errors: ['Unknown API.'], errorDetails: [] });
  };

  const server = await listen(handler, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    host: options.host ?? '127.0.0.1',
    inspector: options.inspector,
  });
  return {
    url: `${server.url}${BASE_PATH}`,
    targetConfig: {
      agent: { ...FIXTURES.agent },
      customer: { ...FIXTURES.customer },
      customerContactID: FIXTURES.customerContactID,
      otherContactID: FIXTURES.otherContactID,
      unknownContactID: FIXTURES.unknownContactID,
      textProperties: FIXTURES.textProperties.map((p) => ({ ...p })),
      multiValueProperty: {
        ...FIXTURES.multiValueProperty,
        options: [...FIXTURES.multiValueProperty.options],
      },
      membershipSegments: [...FIXTURES.membershipSegments],
    },
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
