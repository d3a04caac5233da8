// The iService calls the suite and the contract's provider driver (contracts/iservice/provider.ts)
// both make, and how the contacts they write are put back: one implementation for both, so the
// contract leaves a target exactly as the suite does. No vitest here: the engine loads it too.
//
// A call is built without its headers (the session is the caller's: the suite keeps its own cookie
// jar per role, the driver a cookie per state); withSession() adds them.
import loginRequestSchema from '../../schemas/iservice/login-request.schema.json' with { type: 'json' };
import requestSchema from '../../schemas/iservice/setdetails-request.schema.json' with { type: 'json' };
import { describeResponse, fail } from '../../src/check.ts';
import { leftToAnother, type Ownership, restoreStep } from '../../src/concurrent.ts';
import { type Exchange, type HttpClient, type HttpRequest, joinUrl } from '../../src/http.ts';
import type { Json, RestoreContext, Restorer } from '../../src/types.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  type Contact,
  contactFields,
  detailsOf,
  errorsOf,
  type FormOptions,
  isAccepted,
  LOGINS_FIELD,
  MEMBERSHIP_FIELD,
  propertyField,
  sessionCookie,
  toPayload,
  valuesOf,
} from './checks.ts';
import {
  type IServiceConfig,
  type Login,
  type Readings,
  type ResolvedConfig,
  withDefaults,
} from './config.ts';

export type Role = 'agent' | 'customer';

/** A call of the API before its headers. */
export interface ApiCall {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

/** The login form (webapp-api-login?api=login, fields emailAddress and Password), headers included: it carries no session. */
export function loginCall(baseUrl: string, creds: Login): HttpRequest {
  const fields = { emailAddress: creds.emailAddress, Password: creds.password };
  const errs = schemaErrors(loginRequestSchema, fields);
  if (errs.length > 0) throw new Error(`the suite built an invalid login form: ${errs.join('; ')}`);
  return loginFormCall(baseUrl, fields);
}

/** The login form as given, malformed or not (generated wrong logins); loginCall() checks it first. */
export function loginFormCall(
  baseUrl: string,
  fields: { emailAddress: string; Password: string },
): HttpRequest {
  return {
    method: 'POST',
    url: joinUrl(baseUrl, 'webapp-api-login?api=login'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  };
}

export function setdetailsCall(
  baseUrl: string,
  payload: Record<string, unknown>,
  contentType?: string,
): ApiCall {
  return {
    method: 'POST',
    url: joinUrl(baseUrl, 'webapp-api-custinfo?api=setdetails'),
    body: JSON.stringify(payload),
    ...(contentType ? { contentType } : {}),
  };
}

/** The read-back call, carrying the contact ID where reading ISV-O2 (detailsContactId) says. */
export function detailsCall(baseUrl: string, contactID: number, mode: Readings['detailsContactId']): ApiCall {
  const url = joinUrl(baseUrl, 'webapp-api-custinfo?api=details');
  return mode === 'query'
    ? { method: 'GET', url: `${url}&contactID=${encodeURIComponent(contactID)}` }
    : { method: 'POST', url, body: JSON.stringify({ contactID }) };
}

/** The request as sent: JSON accepted, the body's type when there is a body, the session's Cookie when there is one. */
export function withSession(call: ApiCall, cookie?: string): HttpRequest {
  const { contentType = 'application/json', ...rest } = call;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = contentType;
  if (cookie !== undefined) headers.cookie = cookie;
  return { ...rest, headers };
}

/** A Cookie header value's name=value pairs. */
export function cookiePairs(cookie: string | undefined): [string, string][] {
  return (cookie ?? '').split('; ').flatMap((pair): [string, string][] => {
    const eq = pair.indexOf('=');
    return eq > 0 ? [[pair.slice(0, eq), pair.slice(eq + 1)]] : [];
  });
}

/**
 * Logs in as the role; the session's Cookie header value (what the login's Set-Cookie gives), or a
 * CheckFailure saying what the login answered instead.
 */
export async function openSession(
  http: HttpClient,
  baseUrl: string,
  role: Role,
  creds: Login,
): Promise<string> {
  const ex = await http.send(loginCall(baseUrl, creds));
  const cookie = sessionCookie(ex);
  if (!cookie) {
    const errors = errorsOf(ex);
    fail(`could not log in as the ${role}: the login answer sets no session cookie`, {
      received: `${describeResponse(ex)}${errors?.length ? `, errors ${JSON.stringify(errors)}` : ''}`,
      documented: 'webapp-api-login?api=login sets a session cookie used by every later call',
    });
  }
  return cookie;
}

/** The contacts setdetails writes, for the suite and the contract alike: the customer's own and the other one. */
export function contactsWritten(cfg: Pick<ResolvedConfig, 'customerContactID' | 'otherContactID'>): number[] {
  return [cfg.customerContactID, cfg.otherContactID];
}

/**
 * The contacts as they are now, by ID. `unreadable`: 'skip' leaves one out (nothing to restore it
 * from), 'throw' lets the failure through (the caller must not write what it cannot put back).
 */
export async function readContacts(
  ids: readonly number[],
  read: (id: number) => Promise<Contact>,
  unreadable: 'skip' | 'throw',
): Promise<Map<number, Contact>> {
  const m = new Map<number, Contact>();
  for (const id of ids) {
    try {
      m.set(id, await read(id));
    } catch (err) {
      if (unreadable === 'throw') throw err;
    }
  }
  return m;
}

/** The two calls a restore makes, bound to one agent session. */
export interface ContactApi {
  details(contactID: number): Promise<Exchange>;
  setdetails(payload: Record<string, unknown>): Promise<Exchange>;
}

/** How one contact is put back when the run knows what it wrote: the form's options, and the fields left to another client. */
export interface RestorePlan {
  /** The fields to put back (contactFields' names); none: nothing is sent. */
  putBack: string[];
  /** The form, built on the contact as it reads now: only the fields put back take their old values. */
  form: Omit<FormOptions, 'detailsShape'>;
  /** One leftToAnother warning per field another client wrote during the run. */
  left: string[];
}

/**
 * One contact's restore, field by field (src/concurrent.ts restoreStep): a field that reads as
 * before is left alone, one showing another client's value is left as that client wrote it (and
 * said), the rest is put back. Pure. `withLogins`: the suite changes this contact's logins (the
 * other contact; never the customer's own). A field the contact was read without before (logins or
 * membership) is never put back: there is nothing to put back.
 */
export function restorePlan(
  id: number,
  before: Contact,
  now: Contact,
  own: Ownership,
  withLogins: boolean,
): RestorePlan {
  const was = contactFields(before);
  const is = contactFields(now);
  const fields = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter(
    (f) => f.startsWith('property ') || (was[f] !== undefined && (f !== LOGINS_FIELD || withLogins)),
  );
  const putBack: string[] = [];
  const left: string[] = [];
  for (const f of fields) {
    // An absent property reads as empty: a property the run filled is emptied again.
    const step = restoreStep(f, is[f] ?? '', was[f] ?? '', own);
    if (step === 'another-client') left.push(leftToAnother(`contact ${id}`, f));
    if (step === 'put-back') putBack.push(f);
  }
  const set: Record<string, { propertyName: string; values: string[] }> = {};
  for (const p of [...before.properties, ...now.properties]) {
    if (!putBack.includes(propertyField(p.propertyID)) || set[p.propertyID]) continue;
    set[p.propertyID] = {
      propertyName: p.propertyName,
      values: valuesOf(before, p.propertyID) ?? [],
    };
  }
  const logins = putBack.includes(LOGINS_FIELD) ? before.logins : now.logins;
  const membership = putBack.includes(MEMBERSHIP_FIELD) ? before.membership : now.membership;
  return {
    putBack,
    form: {
      setLogins: putBack.includes(LOGINS_FIELD),
      set,
      ...(logins ? { logins } : {}),
      ...(membership ? { membership } : {}),
    },
    left,
  };
}

/**
 * The whole form of a contact as read before the run (the restore without `own`), or why it cannot
 * be sent. Logins or membership the contact was read without are not restored: the form carries them
 * as they are now, never a [] in their place (that would delete them); `skipped` says which.
 */
async function wholeForm(
  id: number,
  contact: Contact,
  cfg: ResolvedConfig,
  api: ContactApi,
  skipped: string[],
): Promise<Record<string, unknown> | string> {
  const set: Record<string, { propertyName: string; values: string[] }> = {};
  for (const p of [...cfg.textProperties, cfg.multiValueProperty])
    if (!valuesOf(contact, p.propertyID)) set[p.propertyID] = { propertyName: p.propertyName, values: [] };
  let { logins, membership } = contact;
  if (!logins || !membership) {
    const now = detailsOf(await api.details(id), `reading contact ${id} before restoring it`);
    if (!logins) {
      logins = now.logins;
      if (id === cfg.otherContactID) skipped.push('logins');
    }
    if (!membership) {
      membership = now.membership;
      skipped.push('membership');
    }
  }
  if (!logins || !membership)
    return `contact ${id} not restored: details answers no ${[logins ? '' : 'logins', membership ? '' : 'membership'].filter(Boolean).join(' or ')}, and the suite never sends [] in their place`;
  // The customer's logins are never changed; the other contact's are put back (when known).
  return toPayload(id, contact, {
    detailsShape: cfg.readings.detailsShape,
    setLogins: id === cfg.otherContactID && contact.logins !== undefined,
    set,
    logins,
    membership,
  });
}

/**
 * Puts each contact back as it was read before (`before`), through an agent session `connect` opens;
 * answers what it could not put back (a user must know what to repair by hand): [] when all is back.
 * With `own` (the suite knows what it wrote to each contact), each contact is read first and only
 * what this run changed is put back (restorePlan): another client's values are left, and said.
 * Without it (the restore journal after a kill, the contract driver), the whole form is put back.
 */
export async function restoreContacts(
  before: ReadonlyMap<number, Contact>,
  cfg: ResolvedConfig,
  connect: () => Promise<ContactApi>,
  own?: (contactID: number) => Ownership,
): Promise<string[]> {
  if (before.size === 0) return [];
  const warnings: string[] = [];
  let api: ContactApi;
  try {
    api = await connect();
  } catch (err) {
    return [
      `contacts ${[...before.keys()].join(', ')} not restored: could not log in as the agent (${(err as Error).message})`,
    ];
  }
  for (const [id, contact] of before) {
    try {
      const now = own
        ? await api
            .details(id)
            .then((ex) => detailsOf(ex, `reading contact ${id} before restoring it`))
            .catch(() => undefined)
        : undefined;
      let payload: Record<string, unknown>;
      const skipped: string[] = [];
      if (own && now) {
        const plan = restorePlan(id, contact, now, own(id), id === cfg.otherContactID);
        warnings.push(...plan.left);
        if (plan.putBack.length === 0) continue;
        payload = toPayload(id, now, { detailsShape: cfg.readings.detailsShape, ...plan.form });
      } else {
        // Without `own`, or unread at the end: the whole form as read before the run.
        const whole = await wholeForm(id, contact, cfg, api, skipped);
        if (typeof whole === 'string') {
          warnings.push(whole);
          continue;
        }
        payload = whole;
      }
      const errs = schemaErrors(requestSchema, payload);
      if (errs.length > 0) {
        warnings.push(
          `contact ${id} not restored: the form built to put it back is not valid (${errs.join('; ')})`,
        );
        continue;
      }
      const ex = await api.setdetails(payload);
      if (!isAccepted(ex)) {
        const errors = errorsOf(ex);
        warnings.push(
          `contact ${id} not restored: setdetails answered ${describeResponse(ex)}${errors?.length ? `, errors ${JSON.stringify(errors)}` : ''}`,
        );
      } else if (skipped.length > 0) {
        warnings.push(
          `contact ${id}: its properties were restored, its ${skipped.join(' and ')} not (the details answer before the run carried none)`,
        );
      }
    } catch (err) {
      // A target that broke mid-run cannot be repaired from here: say so, go on with the next contact.
      warnings.push(`contact ${id} not restored: ${(err as Error).message}`);
    }
  }
  return warnings;
}

/** The restore's two calls with one session's Cookie header, for a caller with no cookie jar of its own. */
export function contactApi(
  http: HttpClient,
  baseUrl: string,
  cookie: string,
  readings: Readings,
): ContactApi {
  return {
    details: (id) => http.send(withSession(detailsCall(baseUrl, id, readings.detailsContactId), cookie)),
    setdetails: (payload) => http.send(withSession(setdetailsCall(baseUrl, payload), cookie)),
  };
}

/** What the restorer saves: each contact setdetails writes, as details read it (JSON: id and contact pairs). */
export interface SavedContacts {
  contacts: [number, Contact][];
}

/** The restore's two calls on a fresh agent session. */
async function agentApi(ctx: RestoreContext, cfg: ResolvedConfig): Promise<ContactApi> {
  const cookie = await openSession(ctx.http, ctx.baseUrl, 'agent', cfg.agent);
  return contactApi(ctx.http, ctx.baseUrl, cookie, cfg.readings);
}

/**
 * Puts the saved contacts back on a fresh agent session (restoreContacts): with `own` (the suite,
 * which knows what it wrote), only this run's changes; without it (the journal, the contract), all.
 */
export async function putBackContacts(
  ctx: RestoreContext,
  saved: SavedContacts,
  own?: (contactID: number) => Ownership,
): Promise<string[]> {
  const cfg = withDefaults(ctx.section as unknown as IServiceConfig);
  const before = new Map(saved.contacts);
  return (await restoreContacts(before, cfg, () => agentApi(ctx, cfg), own)).map((w) => `iservice: ${w}`);
}

/**
 * iService's restorer: the contacts setdetails writes, read through an agent session first (one that
 * cannot be read throws: nothing could put it back), put back with restoreContacts' rules at the
 * end on a fresh agent session. The suite, the contract driver's preserve and the restore journal use it.
 */
export const restorer: Restorer = {
  async read(ctx) {
    const cfg = withDefaults(ctx.section as unknown as IServiceConfig);
    const api = await agentApi(ctx, cfg);
    const before = await readContacts(
      contactsWritten(cfg),
      async (id) => detailsOf(await api.details(id), `reading contact ${id} before ${ctx.when ?? 'the run'}`),
      'throw',
    );
    const saved: SavedContacts = { contacts: [...before] };
    return saved as unknown as Json;
  },
  putBack: (ctx, saved) => putBackContacts(ctx, saved as unknown as SavedContacts),
};
