// How a request to "modify account details" is built for one target, and how what the suite (or the
// contract) changed on accountId is put back. Shared by the suite file and the contract's provider
// driver (contracts/textmarketer/provider.ts), so both send a request the way the readings say:
// the URL (accountPath), where the credentials go (auth), the form's charset (requestCharset) and the
// notification fields' spelling (requestFieldSpelling). Pure builders; the I/O stays with the caller.
import { leftToAnother, type Ownership, restoreStep } from '../../src/concurrent.ts';
import type { Exchange, HttpRequest } from '../../src/http.ts';
import type { Json, RestoreContext, Restorer } from '../../src/types.ts';
import { type Account, accountOf } from './checks.ts';
import { type Readings, type TextMarketerConfig, withDefaults } from './config.ts';

export interface Credentials {
  username: string;
  password: string;
}

/** What shapes a request on this target: its base URL, the configured login and the readings. */
export interface RequestTarget {
  baseUrl: string;
  credentials: Credentials;
  readings: Pick<Readings, 'accountPath' | 'auth' | 'requestCharset' | 'requestFieldSpelling'>;
}

/** Where the credentials go: the reading's way with the configured login, nowhere, or explicit ones. */
export type Auth = 'params' | 'basic' | 'none' | (Credentials & { via: 'params' | 'basic' });

/** The account call's path under the base URL, by the accountPath reading (TMR-O1). */
export function accountPathOf(template: string, id: string): string {
  return template.replace('{account_id}', encodeURIComponent(id));
}

export function accountUrl(target: RequestTarget, id: string): string {
  return `${target.baseUrl}/${accountPathOf(target.readings.accountPath, id)}`;
}

/** The request fields for the notification email and mobile, spelled as the reading says (TMR-C1). */
export function notificationFields(spelling: Readings['requestFieldSpelling']): {
  email: string;
  mobile: string;
} {
  return { email: `${spelling}_email`, mobile: `${spelling}_mobile` };
}

/** A url-encoded form in the charset the requestCharset reading names (TMR-O5). */
export function encodeForm(fields: Record<string, string>, charset: Readings['requestCharset']): string {
  if (charset === 'utf-8') return new URLSearchParams(fields).toString();
  const enc = (s: string) =>
    [...Buffer.from(s, 'latin1')]
      .map((b) =>
        /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : b === 32
            ? '+'
            : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return Object.entries(fields)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

/** The Content-Type of a url-encoded form: the charset is said only when it is not UTF-8. */
export function formContentType(charset: Readings['requestCharset']): string {
  return charset === 'utf-8'
    ? 'application/x-www-form-urlencoded'
    : 'application/x-www-form-urlencoded; charset=ISO-8859-1';
}

/** The credentials as form fields, an Authorization header or a query string, by `auth`. */
export function authParts(
  auth: Auth,
  credentials: Credentials,
): { fields: Record<string, string>; headers: Record<string, string>; query: string } {
  const resolved = auth === 'params' || auth === 'basic' ? { ...credentials, via: auth } : auth;
  if (resolved === 'none') return { fields: {}, headers: {}, query: '' };
  if (resolved.via === 'basic') {
    const token = Buffer.from(`${resolved.username}:${resolved.password}`).toString('base64');
    return { fields: {}, headers: { authorization: `Basic ${token}` }, query: '' };
  }
  const creds = { username: resolved.username, password: resolved.password };
  return { fields: creds, headers: {}, query: `?${new URLSearchParams(creds).toString()}` };
}

/** POST account/{id} with the fields, url-encoded, authenticated as `auth` says (default: the reading). */
export function modifyRequest(
  target: RequestTarget,
  id: string,
  fields: Record<string, string>,
  auth: Auth = target.readings.auth,
): HttpRequest {
  const a = authParts(auth, target.credentials);
  const charset = target.readings.requestCharset;
  return {
    method: 'POST',
    url: accountUrl(target, id),
    headers: { 'content-type': formContentType(charset), accept: 'application/xml, text/xml', ...a.headers },
    body: encodeForm({ ...fields, ...a.fields }, charset),
  };
}

/** GET account/{id}: the account read back in the modify answer's shape (related.txt). */
export function readBackRequest(
  target: RequestTarget,
  id: string,
  auth: Auth = target.readings.auth,
): HttpRequest {
  const a = authParts(auth, target.credentials);
  return {
    method: 'GET',
    url: `${accountUrl(target, id)}${a.query}`,
    headers: { accept: 'application/xml, text/xml', ...a.headers },
  };
}

/** A field to put back: the request field that sets it and the response element that shows it. */
export type Restorable = readonly [field: string, element: string];

/** What the suite changes on accountId and puts back at the end, one field per request. */
export function restorableFields(spelling: Readings['requestFieldSpelling']): Restorable[] {
  const notif = notificationFields(spelling);
  return [
    ['company_name', 'company_name'],
    [notif.email, 'notification_email'],
    [notif.mobile, 'notification_mobile'],
  ];
}

/**
 * Puts `fields` back to their values in `before`, one field per request (`send` posts one field to
 * accountId); answers a warning for each it could not put back. A value the page's rules refuse
 * (an empty one, a company name under 3 characters) cannot be sent back: said, not attempted.
 */
export async function putBack(
  before: Account,
  fields: readonly Restorable[],
  send: (fields: Record<string, string>) => Promise<Exchange>,
  describeError: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
): Promise<string[]> {
  const warnings: string[] = [];
  for (const [field, element] of fields) {
    const value = before[element];
    if (!value || (field === 'company_name' && [...value].length < 3)) {
      warnings.push(
        `textmarketer: ${element} was ${value ? 'shorter than 3 characters' : 'empty'} before the run and cannot be put back; it keeps a test value`,
      );
      continue;
    }
    const outcome = await send({ [field]: value }).then(
      (ex) => (ex.response.status === 200 ? undefined : `HTTP ${ex.response.status}`),
      describeError,
    );
    if (outcome) warnings.push(`textmarketer: restoring ${field} failed (${outcome}); it keeps a test value`);
  }
  return warnings;
}

/** What a run may change: accountId as read, and subAccountId's when one is configured and readable. */
export interface SavedAccounts {
  account: Account;
  sub?: Account;
}

/**
 * The fields put back on accountId where they read otherwise: those the suite changes, and the web
 * UI login (changed and put back inline by the credential checks, so a cancel can leave it changed).
 */
function watchedFields(spelling: Readings['requestFieldSpelling']): Restorable[] {
  return [...restorableFields(spelling), ['account_username', 'username'], ['account_password', 'password']];
}

function restoreTarget(ctx: RestoreContext): {
  target: RequestTarget;
  accountId: string;
  subAccountId?: string;
} {
  const cfg = withDefaults(ctx.section as unknown as TextMarketerConfig);
  return {
    target: { baseUrl: ctx.baseUrl, credentials: cfg.credentials, readings: cfg.readings },
    accountId: cfg.accountId,
    ...(cfg.subAccountId !== undefined ? { subAccountId: cfg.subAccountId } : {}),
  };
}

/**
 * Puts the accounts back: a field is written back only where it now reads otherwise; when the
 * account cannot be read at the end, the fields the suite changes are written back all the same.
 * With `own` (the suite knows what it wrote to each account), a field that now shows another
 * client's value is left as that client wrote it, and said (src/concurrent.ts); without it (the
 * restore journal after a kill, the contract driver), whatever changed is put back.
 */
export async function putBackAccounts(
  ctx: RestoreContext,
  saved: SavedAccounts,
  own?: (accountId: string, before: Account) => Ownership,
): Promise<string[]> {
  const { target, accountId, subAccountId } = restoreTarget(ctx);
  const when = ctx.when ?? 'the run';
  const { account, sub } = saved;
  const spelling = target.readings.requestFieldSpelling;
  const read = (id: string) =>
    ctx.http
      .send(readBackRequest(target, id))
      .then((ex) => accountOf(ex, `reading the account after ${when}`))
      .catch(() => undefined);
  const sendTo = (id: string) => (fields: Record<string, string>) =>
    ctx.http.send(modifyRequest(target, id, fields));
  const warnings: string[] = [];
  // The fields that read otherwise, less those another client wrote (left, and said).
  const changed = (id: string, where: string, before: Account, now: Account, fields: Restorable[]) =>
    fields.filter(([, element]) => {
      const step = restoreStep(element, now[element], before[element], own?.(id, before));
      if (step === 'another-client') warnings.push(leftToAnother(where, element));
      return step === 'put-back';
    });
  const now = await read(accountId);
  if (!now) {
    // Unread, what changed is unknown: put back what the suite changes, and say what is unchecked.
    warnings.push(...(await putBack(account, restorableFields(spelling), sendTo(accountId))));
    warnings.push(
      `textmarketer: the account could not be read after ${when}; its web UI username was not checked`,
    );
  } else {
    const todo = changed(accountId, 'textmarketer', account, now, watchedFields(spelling));
    warnings.push(...(await putBack(account, todo, sendTo(accountId))));
  }
  if (sub && subAccountId !== undefined) {
    const subNow = await read(subAccountId);
    const fields: Restorable[] = [['company_name', 'company_name']];
    const todo = subNow ? changed(subAccountId, 'textmarketer (sub-account)', sub, subNow, fields) : fields;
    warnings.push(
      ...(await putBack(sub, todo, sendTo(subAccountId))).map((w) =>
        w.replace('textmarketer:', 'textmarketer (sub-account):'),
      ),
    );
  }
  return warnings;
}

/**
 * TextMarketer's restorer: the suite (beforeAll/afterAll), the contract driver's preserve and the
 * restore journal put the accounts back with it (putBackAccounts). The API credentials are not
 * covered: they are changed only under mutateApiCredentials and put back at once by the check that
 * changes them.
 */
export const restorer: Restorer = {
  async read(ctx) {
    const { target, accountId, subAccountId } = restoreTarget(ctx);
    const when = ctx.when ?? 'the run';
    const read = async (id: string) =>
      accountOf(await ctx.http.send(readBackRequest(target, id)), `reading the account before ${when}`);
    const account = await read(accountId);
    const sub = subAccountId === undefined ? undefined : await read(subAccountId).catch(() => undefined);
    const saved: SavedAccounts = { account, ...(sub ? { sub } : {}) };
    return saved as unknown as Json;
  },
  putBack: (ctx, saved) => putBackAccounts(ctx, saved as unknown as SavedAccounts),
};
