// iService's passive rules (conformance proxy, conformance check --har): what a real client's traffic
// tells about a target without a request of our own, with the suite's checks (checks.ts) and the
// client rules mock --check-client applies (client.ts): one check, several drivers.
//
// Per exchange: the request (client rules), the media type of every JSON answer, a login with the
// configured credentials (a JSON answer, a session cookie, loggedIn.isLoggedIn) or with a wrong
// password for a configured account (errors[0]), and a setdetails answer (its shape; a refusal
// matched to the request: no session, a customer on another contact, the configured unknown contact,
// a payload that breaks the table; a valid form the page says is taken, refused).
// Across exchanges (maps capped at MAX_KEPT keys): a session cookie a login set tells who later
// calls are made by (agent or customer), and a setdetails tells what the next details read of the
// same contact must show: what an accepted form changed (values, empties, logins, membership, each
// its round-trip requirement, and the access, charset or page-form rule the form exercised), and
// nothing of a refused customer's or session-less attempt. Only what a form changes against the
// contact as last read is judged: an unchanged value that reads back proves nothing.
import { fail, listReading } from '../../src/check.ts';
import { parseForm } from '../../src/form.ts';
import type { Exchange } from '../../src/http.ts';
import { asExchange, asRecorded, BoundedMap, queryOf, Verdict } from '../../src/passive-kit.ts';
import type { ClientRequest, PassiveJudgement, PassiveRules, TrafficExchange } from '../../src/types.ts';
import { readingDefaults } from '../../src/vendor.ts';
import {
  type Contact,
  checkEmptied,
  checkErrorDetails,
  checkErrorShape,
  checkForeignRefusal,
  checkLoggedIn,
  checkLoginFailure,
  checkLoginOk,
  checkLogins,
  checkMembership,
  checkNoSessionRefusal,
  checkPropertyValues,
  checkSuccessShape,
  detailsOf,
  errorShapeSkipReason,
  expectAccepted,
  expectErrors,
  formOf,
  isAccepted,
  mediaTypeProblems,
  type SentForm,
  sameLogins,
  sameSet,
  sessionCookie,
  valuesOf,
} from './checks.ts';
import { CLIENT_REQUIREMENTS, judge as judgeRequest, payloadProblems } from './client.ts';
import type { Login, Readings } from './config.ts';
import { type IsvRequirementId, READINGS, REQUIREMENTS } from './requirements.ts';

/** Sessions and contacts remembered for the rules across exchanges (oldest dropped first). */
export const MAX_KEPT = 256;

type Id = IsvRequirementId;
type Endpoint = 'login' | 'setdetails' | 'details';

/** Which call of the API a request is (undefined: not this vendor's). */
export function endpointOf(request: Pick<ClientRequest, 'url'>): Endpoint | undefined {
  const path = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
  const api = queryOf(request.url).get('api');
  if (path.endsWith('/webapp-api-login')) return api === 'login' ? 'login' : undefined;
  if (path.endsWith('/webapp-api-custinfo') && (api === 'setdetails' || api === 'details')) return api;
  return undefined;
}

/** The Set-Cookie lines of a header joined with ", " (an Expires date's comma is not a separator). */
export function setCookieLines(joined: string | undefined): string[] {
  return (joined ?? '').split(/,\s*(?=[^;,\s=]+=)/).filter((l) => l.trim() !== '');
}

/** The exchange as the suite's checks read it, with the cookies the answer sets. */
function exchangeOf(t: TrafficExchange): Exchange {
  const ex = asExchange(t);
  return {
    ...ex,
    response: { ...ex.response, setCookies: setCookieLines(t.response.headers['set-cookie']) },
  };
}

/** A Cookie header's name=value pairs. */
const cookiePairs = (cookie: string | undefined): string[] =>
  (cookie ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.indexOf('=') > 0);

interface Who {
  role: 'agent' | 'customer';
}

/** What the next read of a contact must show, and the requirements that judge it. */
interface Expectation {
  requirements: Id[];
  check: (c: Contact) => void;
}

/** A change a refused request tried: the next read must not show it. */
interface Attempt {
  requirement: Id;
  what: string;
  shows: (c: Contact) => boolean;
}

interface ContactState {
  /** The contact as last read (with the accepted forms since laid over it). */
  known?: Contact;
  /** By field: a later form's expectation replaces an earlier one (bounded by the form's size). */
  expect: Map<string, Expectation>;
  attempts: Map<string, Attempt>;
}

/** What a form changes against the contact as known (everything it carries when nothing is known). */
interface Change {
  field: string;
  /** The round-trip requirement that judges it. */
  requirement: Id;
  check: (c: Contact) => void;
  shows: (c: Contact) => boolean;
  /** A login of a listed type other than email is new in it (ISV-LOGIN-TYPES). */
  listedTypes?: boolean;
}

const EMAILISH = /^email$/i;
const OTHER_LISTED = ['', 'bounced', 'google'];

/** The changes a form makes to the contact as known. */
export function changesOf(
  form: SentForm,
  known: Contact | undefined,
  multiValued: string | undefined,
): Change[] {
  const out: Change[] = [];
  for (const p of form.contact.properties) {
    const before = known ? valuesOf(known, p.propertyID) : undefined;
    const had = (before ?? []).filter((v) => v.trim() !== '');
    const id = p.propertyID;
    if (p.values.length === 0) {
      if (known && had.length === 0) continue;
      out.push({
        field: `property ${id}`,
        requirement: 'ISV-ROUNDTRIP-EMPTY',
        check: (c) => checkEmptied(c, id),
        shows: (c) => (valuesOf(c, id) ?? []).every((v) => v.trim() === ''),
      });
      continue;
    }
    const multi = id === multiValued || p.values.length > 1 || (before?.length ?? 0) > 1;
    const equal = (a: readonly string[] | undefined) =>
      a !== undefined && (multi ? sameSet(a, p.values) : JSON.stringify(a) === JSON.stringify(p.values));
    if (known && equal(before)) continue;
    out.push({
      field: `property ${id}`,
      requirement: multi ? 'ISV-ROUNDTRIP-MULTIVALUE' : 'ISV-ROUNDTRIP-PROPERTIES',
      check: (c) =>
        checkPropertyValues(c, { [id]: p.values }, 'details does not return the values saved', multi),
      shows: (c) => equal(valuesOf(c, id)),
    });
  }
  const sent = form.contact.logins ?? [];
  if (form.setLogins && !(known?.logins && sameLogins(known.logins, sent))) {
    const fresh = sent.filter((l) => !known?.logins?.some((k) => sameLogins([k], [l])));
    out.push({
      field: 'logins',
      requirement: 'ISV-ROUNDTRIP-LOGINS',
      check: (c) => checkLogins(c, sent, 'details does not return the logins saved with setLogins true'),
      shows: (c) => c.logins !== undefined && sameLogins(c.logins, sent),
      listedTypes: fresh.some((l) => OTHER_LISTED.includes(l.type.toLowerCase())),
    });
  } else if (!form.setLogins && known?.logins && !sameLogins(known.logins, sent)) {
    const kept = known.logins;
    out.push({
      field: 'logins',
      requirement: 'ISV-SETLOGINS-FALSE',
      check: (c) => checkLogins(c, kept, 'setLogins false still changed the logins'),
      // A refused attempt's logins (setLogins false) are ignored anyway: never a leak.
      shows: () => false,
    });
  }
  const membership = form.contact.membership ?? [];
  if (!(known?.membership && sameSet(known.membership, membership)))
    out.push({
      field: 'membership',
      requirement: 'ISV-ROUNDTRIP-MEMBERSHIP',
      check: (c) => checkMembership(c, membership, 'details does not return the membership saved'),
      shows: (c) => c.membership !== undefined && sameSet(c.membership, membership),
    });
  return out;
}

/** The contact as it should read after an accepted form (logins only when setLogins is true). */
function after(form: SentForm, known: Contact | undefined): Contact {
  const logins = form.setLogins ? form.contact.logins : known?.logins;
  return {
    properties: form.contact.properties,
    ...(logins ? { logins } : {}),
    ...(form.contact.membership ? { membership: form.contact.membership } : {}),
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The contact ID a details request names, in its JSON body or its query (reading ISV-O2: either). */
function detailsContactId(request: ClientRequest): number | undefined {
  const body = jsonBody(request.body);
  const fromBody = isObj(body) ? body.contactID : undefined;
  const raw = fromBody ?? queryOf(request.url).get('contactID') ?? undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : Number.NaN;
  return Number.isInteger(n) ? n : undefined;
}

interface Fixtures {
  agent?: Login;
  customer?: Login;
  customerContactID?: number;
  unknownContactID?: number;
  multiValued?: string;
}

function fixturesOf(section: Record<string, unknown>): Fixtures {
  const login = (v: unknown): Login | undefined =>
    isObj(v) && typeof v.emailAddress === 'string' && typeof v.password === 'string'
      ? { emailAddress: v.emailAddress, password: v.password }
      : undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const multi = section.multiValueProperty;
  const f: Fixtures = {};
  const agent = login(section.agent);
  const customer = login(section.customer);
  if (agent) f.agent = agent;
  if (customer) f.customer = customer;
  const own = num(section.customerContactID);
  if (own !== undefined) f.customerContactID = own;
  // Only a configured unknown contact: the config's default ID names no contact on this target by promise only.
  const unknown = num(section.unknownContactID);
  if (unknown !== undefined) f.unknownContactID = unknown;
  if (isObj(multi) && typeof multi.propertyID === 'string') f.multiValued = multi.propertyID;
  return f;
}

export function session(section: Record<string, unknown>): ReturnType<PassiveRules['session']> {
  const r = {
    ...readingDefaults(READINGS),
    ...((isObj(section.readings) ? section.readings : {}) as Partial<Readings>),
  } as Readings;
  const accept = listReading(String(r.legacyMediaTypes ?? ''));
  const fx = fixturesOf(section);
  /** Session cookie pairs (name=value) a login with configured credentials set, and whose they are. */
  const sessions = new BoundedMap<string, Who>(MAX_KEPT);
  const contacts = new BoundedMap<number, ContactState>(MAX_KEPT);

  const whoOf = (cookie: string | undefined): Who | undefined => {
    for (const pair of cookiePairs(cookie)) {
      const who = sessions.get(pair);
      if (who) return who;
    }
    return undefined;
  };
  const stateOf = (id: number): ContactState => {
    const s = contacts.get(id) ?? { expect: new Map(), attempts: new Map() };
    contacts.set(id, s);
    return s;
  };

  function judgeLogin(t: TrafficExchange, ex: Exchange, v: Verdict): void {
    if (t.request.method !== 'POST') return;
    const form = parseForm(t.request.body, t.request.headers['content-type'] ?? '');
    const accounts = (['agent', 'customer'] as const).flatMap((role) => {
      const c = fx[role];
      return c ? [{ role, ...c }] : [];
    });
    const right = accounts.find((a) => a.emailAddress === form.emailAddress && a.password === form.Password);
    if (right) {
      v.judge('ISV-LOGIN-OK', () => checkLoginOk(ex));
      v.judge('ISV-LOGIN-ISLOGGEDIN', () => checkLoggedIn(ex));
      for (const pair of cookiePairs(sessionCookie(ex))) sessions.set(pair, { role: right.role });
    } else if (accounts.some((a) => a.emailAddress === form.emailAddress))
      v.judge('ISV-LOGIN-FAIL', () => checkLoginFailure(ex));
  }

  /** A form the page says is taken, sent by one allowed to: accepted, and what it changed read back. */
  function expectTaken(
    t: TrafficExchange,
    ex: Exchange,
    v: Verdict,
    form: SentForm,
    changes: Change[],
    access: Id | undefined,
  ): void {
    const charset = /;\s*charset\s*=/i.test(t.request.headers['content-type'] ?? '');
    const newLogins = changes.find((c) => c.field === 'logins' && c.requirement === 'ISV-ROUNDTRIP-LOGINS');
    const otherForm =
      form.detailsShape !== r.detailsShape ||
      (newLogins !== undefined &&
        (form.contact.logins ?? []).some((l) => EMAILISH.test(l.type) && l.type !== r.loginType));
    // A form in the spelling the readings did not choose: a target may take only one (ISV-C4), so
    // only under readings.pageForms = both does it answer for the form's fate.
    const pageForms = otherForm && r.pageForms === 'both';
    const extras: Id[] = [
      ...(pageForms ? (['ISV-PAGE-FORMS'] as const) : []),
      ...(charset ? (['ISV-JSON-CHARSET'] as const) : []),
    ];
    if (isAccepted(ex)) {
      const state = stateOf(form.contactID);
      for (const c of changes)
        state.expect.set(c.field, {
          requirements: [
            c.requirement,
            ...(c.listedTypes ? (['ISV-LOGIN-TYPES'] as const) : []),
            ...extras,
            // The access rule is about properties ("may only update properties for their own contact ID").
            ...(access && c.field.startsWith('property ') ? [access] : []),
          ],
          check: c.check,
        });
      state.known = after(form, state.known);
      return;
    }
    // Refused: the most particular rule the form exercised answers for it (one broken rule, one requirement).
    if (otherForm && !pageForms) return;
    const blamed: Id[] = pageForms
      ? ['ISV-PAGE-FORMS']
      : charset
        ? ['ISV-JSON-CHARSET']
        : changes.some((c) => c.listedTypes)
          ? ['ISV-LOGIN-TYPES']
          : access
            ? [access]
            : [...new Set(changes.map((c) => c.requirement))];
    for (const id of blamed) v.judge(id, () => expectAccepted(ex, 'a valid setdetails form'));
  }

  function judgeSetdetails(t: TrafficExchange, ex: Exchange, v: Verdict): void {
    if (isAccepted(ex)) v.judge('ISV-SUCCESS-SHAPE', () => checkSuccessShape(ex));
    else if (!errorShapeSkipReason(ex)) {
      v.judge('ISV-ERROR-SHAPE', () => checkErrorShape(ex, 'the refusal'));
      if (r.errorDetails === 'non-empty')
        v.judge('ISV-ERROR-DETAILS', () => checkErrorDetails(ex, 'the refusal'));
    }
    const payload = jsonBody(t.request.body);
    const valid = payloadProblems(t.request.body).length === 0;
    const form = valid ? formOf(payload) : undefined;
    const contactID = isObj(payload) && typeof payload.contactID === 'number' ? payload.contactID : undefined;
    const cookie = t.request.headers.cookie;
    const who = whoOf(cookie);
    const own = fx.customerContactID;
    const foreign =
      who?.role === 'customer' && own !== undefined && contactID !== undefined && contactID !== own;
    /** A customer's call whose contact cannot be told theirs or not (no customerContactID configured). */
    const unsure = who?.role === 'customer' && (own === undefined || contactID === undefined);
    /** A refused attempt: the next read of the contact must not show what it changed. */
    const attempt = (requirement: Id, what: string) => {
      if (!form) return;
      const state = stateOf(form.contactID);
      if (!state.known) return;
      for (const c of changesOf(form, state.known, fx.multiValued))
        state.attempts.set(`${requirement} ${c.field}`, {
          requirement,
          what: `${what}: ${c.field}`,
          shows: c.shows,
        });
    };
    if (!cookie) {
      v.judge('ISV-SESSION-REQUIRED', () => {
        checkNoSessionRefusal(ex, r.noSessionRefusal);
      });
      attempt('ISV-SESSION-REQUIRED', 'an update sent without a session');
      return;
    }
    if (!form) {
      // A form that breaks the table (the client rules say so too), by one allowed to send a valid one:
      // refused with errors. With another fault beside it (a customer on another contact) the
      // refusal may be either's (ISV-COMBO-AUTH, not judged from traffic).
      if (who && !foreign && !unsure)
        v.judge('ISV-INVALID-PAYLOAD', () => expectErrors(ex, 'a payload that breaks the table'));
      return;
    }
    if (foreign) {
      v.judge('ISV-ACCESS-CUSTOMER-OTHER', () => {
        checkForeignRefusal(ex, r.foreignRefusal);
      });
      attempt('ISV-ACCESS-NO-CHANGE', "a customer's update of another contact");
      return;
    }
    if (fx.unknownContactID !== undefined && form.contactID === fx.unknownContactID) {
      if (who)
        v.judge('ISV-UNKNOWN-CONTACT', () => expectErrors(ex, `an update of contact ${form.contactID}`));
      return;
    }
    const state = stateOf(form.contactID);
    const changes = changesOf(form, state.known, fx.multiValued);
    const access: Id | undefined =
      fx.customerContactID === undefined || form.contactID !== fx.customerContactID
        ? undefined
        : who?.role === 'agent'
          ? 'ISV-ACCESS-AGENT-ANY'
          : who?.role === 'customer'
            ? 'ISV-ACCESS-CUSTOMER-OWN'
            : undefined;
    if (who && !unsure) expectTaken(t, ex, v, form, changes, access);
    else if (isAccepted(ex)) {
      // Whose session it is is unknown (no login seen): what it changed must still read back.
      for (const c of changes) state.expect.set(c.field, { requirements: [c.requirement], check: c.check });
      state.known = after(form, state.known);
    }
  }

  function judgeDetails(t: TrafficExchange, ex: Exchange, v: Verdict): void {
    const id = detailsContactId(t.request);
    if (id === undefined || !isAccepted(ex)) return;
    let read: Contact;
    try {
      read = detailsOf(ex, 'the details answer');
    } catch {
      return; // how details answers is an open point (ISV-O3) of another page: nothing to compare
    }
    const state = contacts.get(id);
    if (state) {
      for (const e of state.expect.values())
        for (const req of e.requirements) v.judge(req, () => e.check(read));
      for (const a of state.attempts.values())
        v.judge(a.requirement, () => {
          if (a.shows(read))
            fail('a refused update was applied', {
              received: `${a.what} reads back as the refused request sent it`,
              documented:
                a.requirement === 'ISV-SESSION-REQUIRED'
                  ? 'Access Rights Required: All authenticated users'
                  : 'customers may only update properties for their own contact ID',
            });
        });
    }
    contacts.set(id, { known: read, expect: new Map(), attempts: new Map() });
  }

  function judge(t: TrafficExchange): PassiveJudgement {
    const v = new Verdict();
    const endpoint = endpointOf(t.request);
    if (!endpoint) return v.result();
    v.add(judgeRequest(t.request));
    const media = mediaTypeProblems([asRecorded(t, t.response.body.length)], accept);
    if (media.judged > 0)
      v.judge('ISV-MEDIA-TYPE', () => {
        if (media.problems.length > 0)
          fail('the JSON answer is not labelled as JSON', {
            documented: `application/json or a +json type${accept.length > 0 ? `, or ${accept.join(', ')}` : ''}; responses are JSON`,
            messages: media.problems,
          });
      });
    if (t.response.truncated) return v.result();
    const ex = exchangeOf(t);
    if (endpoint === 'login') judgeLogin(t, ex, v);
    else if (endpoint === 'setdetails') judgeSetdetails(t, ex, v);
    else judgeDetails(t, ex, v);
    return v.result();
  }
  return { judge };
}

export const PASSIVE: PassiveRules = {
  requirements: [...REQUIREMENTS, ...CLIENT_REQUIREMENTS],
  matches: (request) => endpointOf(request) !== undefined,
  session,
};
