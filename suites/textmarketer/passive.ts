// TextMarketer's passive rules (conformance proxy, conformance check --har): what a real client's
// traffic can tell about a target without a request of our own. The checks are the suite's
// (checks.ts), the client rules are mock --check-client's (client.ts): one check, several drivers.
// Judged per exchange: the request (client rules), the media type of every answer, the success
// body (DTD, DOCTYPE, declared encoding, processed_date, the values just set), and an error matched
// to the request that caused it (a field that breaks a rule gets that rule's code, in the
// envelope, with the configured status; a valid one is not refused with it; the configured unknown,
// foreign and taken fixtures get their documented answers; right credentials are not refused in any
// of the page's forms, wrong ones are). Across exchanges, per account (at most MAX_ACCOUNTS): a
// read-back agrees with the last modify, keeps what was not sent, holds Latin-1 text as sent, and
// shows nothing of a refused request.
import { checkFields, is2xx, listReading } from '../../src/check.ts';
import { parseForm } from '../../src/form.ts';
import type { Exchange } from '../../src/http.ts';
import type {
  ClientRequest,
  ClientViolation,
  PassiveJudgement,
  PassiveRules,
  RecordedExchange,
  TrafficExchange,
} from '../../src/types.ts';
import {
  type Account,
  accountOf,
  CREDENTIAL_ELEMENT,
  checkCreateDate,
  checkDoctype,
  checkDtd,
  checkEncodingDeclared,
  checkErrorCode,
  checkErrorEnvelope,
  checkProcessedDate,
  checkProcessedDateFormat,
  checkSystemId,
  ELEMENTS,
  errorCodes,
  FIELD_CODES,
  mediaTypeProblems,
} from './checks.ts';
import { CLIENT_REQUIREMENTS, fieldProblems, judge as judgeRequest } from './client.ts';
import { type TextMarketerConfig, withDefaults } from './config.ts';
import { CREDENTIAL_RULES, REQUIREMENTS } from './requirements.ts';

/** Accounts whose last known state is kept for the rules across exchanges (oldest dropped first). */
export const MAX_ACCOUNTS = 256;

const ACCOUNT_PATH = /\/account\/([^/?]+)$/;
/** A POST to the account resource without an ID: not the page's operation, but it may change an account. */
const NO_ID_PATH = /\/account\/?$/;

/** The element of the account that shows each POST argument (both spellings of the notification fields). */
const ELEMENT_OF: Record<string, string> = {
  company_name: 'company_name',
  notifcation_email: 'notification_email',
  notification_email: 'notification_email',
  notifcation_mobile: 'notification_mobile',
  notification_mobile: 'notification_mobile',
  ...CREDENTIAL_ELEMENT,
};

/** The error code each field rule answers with (page: "Specific errors"). */
function ruleOf(clientId: string): { id: string; code: number } | undefined {
  if (clientId === 'TMR-CLIENT-EMAIL') return { id: 'TMR-EMAIL-INVALID', code: 2 };
  if (clientId === 'TMR-CLIENT-MOBILE') return { id: 'TMR-MOBILE-INVALID', code: 3 };
  if (clientId === 'TMR-CLIENT-COMPANY-LENGTH') return { id: 'TMR-COMPANY-LENGTH', code: 4 };
  for (const c of CREDENTIAL_RULES) {
    if (clientId === c.lengthId.replace('TMR-', 'TMR-CLIENT-')) return { id: c.lengthId, code: 4 };
    if (clientId === c.patternId.replace('TMR-', 'TMR-CLIENT-')) return { id: c.patternId, code: 5 };
  }
  return undefined;
}

/** The requirement a valid value of a field breaks when it is refused with `code`. */
function validSideOf(field: string, code: number): string | undefined {
  if (field.endsWith('_email')) return code === 2 ? 'TMR-EMAIL-FORMS' : undefined;
  if (field.endsWith('_mobile')) return code === 3 ? 'TMR-MOBILE-FORMS' : undefined;
  if (field === 'company_name') return code === 4 ? 'TMR-COMPANY-LENGTH' : undefined;
  const c = CREDENTIAL_RULES.find((r) => r.field === field);
  if (!c) return undefined;
  return code === 4 ? c.lengthId : code === 5 ? c.patternId : undefined;
}

/** The exchange as the suite's checks read it (src/http.ts Exchange). */
export function asExchange(x: TrafficExchange): Exchange {
  return {
    request: {
      method: x.request.method,
      url: `http://traffic${x.request.url}`,
      headers: x.request.headers,
      body: x.request.body,
    },
    response: { ...x.response, setCookies: [], truncated: x.response.truncated === true },
    durationMs: 0,
  };
}

/** The answer as the media-type check reads recorded exchanges. */
function asRecorded(x: TrafficExchange): RecordedExchange {
  return {
    request: { method: x.request.method, url: x.request.url, headers: x.request.headers },
    response: {
      status: x.response.status,
      headers: x.response.headers,
      body: '',
      bodyBytes: x.response.body.length,
      truncated: x.response.truncated === true,
    },
    durationMs: 0,
  };
}

/** A check of the suite run on the exchange: undefined when it holds, else the problem. */
function problem(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    const f = e as { failure?: { title: string; received?: string; messages?: string[] }; message?: string };
    if (!f.failure) throw e;
    const detail = f.failure.received ?? f.failure.messages?.slice(0, 3).join('; ');
    return detail ? `${f.failure.title} (${detail})` : f.failure.title;
  }
}

interface Credentials {
  username?: string;
  password?: string;
  basic?: { username: string; password: string };
  /** Where the parameters came from. */
  inQuery: boolean;
  inBody: boolean;
}

function credentialsOf(
  request: ClientRequest,
  query: Record<string, string>,
  form: Record<string, string>,
): Credentials {
  const m = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  let basic: Credentials['basic'];
  if (m?.[1]) {
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i >= 0) basic = { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
  }
  const username = form.username ?? query.username;
  const password = form.password ?? query.password;
  return {
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(basic ? { basic } : {}),
    inQuery: query.username !== undefined || query.password !== undefined,
    inBody: form.username !== undefined || form.password !== undefined,
  };
}

/** A UK mobile in any of its written forms, as the 447… form the example shows. */
export function mobileKey(v: string): string {
  const d = v.replace(/[\s()-]/g, '').replace(/^(\+|00)/, '');
  return d.startsWith('07') ? `44${d.slice(1)}` : d;
}

/** Values compared as the page reads them: a mobile in any of its forms is the same number. */
const SAME = {
  ...ELEMENTS,
  same: (a: unknown, b: unknown) =>
    a === b ||
    (typeof a === 'string' &&
      typeof b === 'string' &&
      /^[+\d\s()-]{7,}$/.test(b) &&
      mobileKey(a) === mobileKey(b)),
};

const ascii = (s: string) => /^[\x20-\x7e]*$/.test(s);

interface Known {
  /** What the account should hold now: the last answer shown, with the values since accepted laid over it. */
  expected: Account;
  /** The last accepted modify: its answer and the elements it set. */
  lastModify?: { shown: Account; set: Record<string, string> };
  /** Elements sent in requests refused since, with their values. */
  refused: Record<string, string>;
}

export function session(raw: Record<string, unknown>): { judge: (x: TrafficExchange) => PassiveJudgement } {
  const hasFixtures = typeof raw.accountId === 'string';
  const cfg = hasFixtures ? withDefaults(raw as unknown as TextMarketerConfig) : undefined;
  const r = withDefaults({
    credentials: { username: '', password: '' },
    accountId: '',
    foreignAccountId: '',
    takenUsername: '',
    readings: (raw.readings ?? {}) as TextMarketerConfig['readings'],
  } as TextMarketerConfig).readings;
  const accept = listReading(r.legacyMediaTypes);
  const authStatuses = r.authFailureStatuses ? r.authFailureStatuses.split(',').map(Number) : [];
  const accounts = new Map<string, Known>();

  const remember = (id: string, k: Known) => {
    accounts.delete(id);
    accounts.set(id, k);
    if (accounts.size > MAX_ACCOUNTS) accounts.delete(accounts.keys().next().value as string);
  };

  /**
   * A read-back (GET account/{id}, 200) against what the traffic before it implies: what the last
   * modify set reads as its answer showed it (TMR-READBACK), Latin-1 text as sent
   * (TMR-NONASCII-ROUNDTRIP), what it did not send as it was (TMR-UNCHANGED-OPTIONAL), and nothing
   * of a refused request (TMR-ERROR-NO-CHANGE).
   */
  const readBack = (id: string, ex: Exchange, judge: (id: string, p: string | undefined) => void) => {
    let shown: Account;
    try {
      shown = accountOf(ex, 'the read-back');
    } catch {
      return;
    }
    const known = accounts.get(id);
    remember(id, { expected: shown, refused: {} });
    if (!known) return;
    const last = known.lastModify;
    const readback: Account = {};
    const latin1: Account = {};
    const kept: Account = {};
    const leaked: string[] = [];
    for (const [el, want] of Object.entries(known.expected)) {
      const tried = known.refused[el];
      if (tried !== undefined && tried !== want && shown[el] === tried) {
        leaked.push(`${el}: holds ${JSON.stringify(tried)}, sent in a request that was refused`);
        continue;
      }
      if (!ascii(want)) latin1[el] = want;
      else if (last?.set[el] !== undefined) readback[el] = last.shown[el] ?? '';
      else if (isOptional(el)) kept[el] = want;
    }
    if (Object.keys(known.refused).length > 0)
      judge(
        'TMR-ERROR-NO-CHANGE',
        leaked.length > 0 ? `a refused request changed the account (${leaked.join('; ')})` : undefined,
      );
    if (Object.keys(readback).length > 0)
      judge(
        'TMR-READBACK',
        problem(() => checkFields(shown, readback, 'the read-back differs from the modify response', SAME)),
      );
    if (Object.keys(latin1).length > 0)
      judge(
        'TMR-NONASCII-ROUNDTRIP',
        problem(() =>
          checkFields(shown, latin1, 'the Latin-1 text did not come back as sent (encoding)', SAME),
        ),
      );
    if (Object.keys(kept).length > 0)
      judge(
        'TMR-UNCHANGED-OPTIONAL',
        problem(() => checkFields(shown, kept, 'a field that was not sent changed', SAME)),
      );
  };

  return {
    judge(x) {
      const judged: string[] = [];
      const violations: ClientViolation[] = [];
      const judge = (id: string, p: string | undefined) => {
        judged.push(id);
        if (p) violations.push({ requirement: id, problem: p });
      };
      const ex = asExchange(x);
      const req = x.request;
      const [path = '', queryText = ''] = req.url.split('?');
      // A change the rules cannot attribute to an account (POST …/account, which a target may serve as
      // the login's own): whatever they knew of any account may be stale. Nothing else is judged.
      if (!ACCOUNT_PATH.test(path)) {
        if (req.method === 'POST' && x.response.status < 300) accounts.clear();
        return { judged, violations };
      }
      const accountId = decodeURIComponent(ACCOUNT_PATH.exec(path)?.[1] ?? '');

      // The request, by the client rules (mock --check-client's).
      const client = judgeRequest(req);
      judged.push(...client.judged.filter(isClientRule));
      violations.push(...client.violations.filter((v) => isClientRule(v.requirement)));

      // Every answer with a body is labelled as the XML it carries.
      const media = mediaTypeProblems([asRecorded(x)], accept);
      if (
        x.response.status >= 200 &&
        !(x.response.status >= 300 && x.response.status < 400) &&
        x.response.body.length > 0
      )
        judge('TMR-MEDIA-TYPE', media[0]);

      // Nothing more can be read from a body cut at the cap.
      if (x.response.truncated) return { judged, violations };

      const query = parseForm(queryText);
      const form = req.method === 'POST' ? parseForm(req.body, req.headers['content-type'] ?? '') : {};
      const creds = credentialsOf(req, query, form);
      const { username: _u, password: _p, apiClient: _a, ...fields } = form;
      const ok = x.response.status === 200;
      const isModify = req.method === 'POST';
      const isRead = req.method === 'GET';

      // The success body: the suite's checks of the modify answer (a read-back answers the same document).
      if (ok && (isModify || isRead)) {
        judge(
          'TMR-SUCCESS-DTD',
          problem(() => checkDtd(ex)),
        );
        judge(
          'TMR-SUCCESS-DOCTYPE',
          problem(() => checkDoctype(ex, '')),
        );
        judge(
          'TMR-ENCODING-DECLARED',
          problem(() => checkEncodingDeclared(ex)),
        );
        judge(
          'TMR-PROCESSED-DATE',
          problem(() => checkProcessedDate(ex)),
        );
        judge(
          'TMR-PROCESSED-DATE-FORMAT',
          problem(() => checkProcessedDateFormat(ex)),
        );
        if (r.expectedSystemId)
          judge(
            'TMR-DOCTYPE-SYSTEM-ID',
            problem(() => checkSystemId(ex, r.expectedSystemId)),
          );
        if (r.createDateFormat === 'iso8601')
          judge(
            'TMR-CREATE-DATE-FORMAT',
            problem(() => checkCreateDate(accountOf(ex, 'the account'))),
          );
      }

      // Credentials: right ones are accepted in each of the page's forms; wrong ones are refused.
      const authRefused = x.response.status === 401 || x.response.status === 403;
      if (cfg && accountId === cfg.accountId) {
        const right = cfg.credentials;
        const paramsRight = creds.username === right.username && creds.password === right.password;
        const basicRight =
          creds.basic?.username === right.username && creds.basic?.password === right.password;
        const given =
          creds.username !== undefined || creds.password !== undefined || creds.basic !== undefined;
        const refusedForm = (id: string, how: string) =>
          judge(
            id,
            authRefused ? `the right credentials ${how} were refused (HTTP ${x.response.status})` : undefined,
          );
        if (paramsRight && !creds.basic) {
          if (isRead) refusedForm('TMR-READBACK-AUTH-PARAMS', 'as query parameters');
          if (isModify && creds.inBody) {
            const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
            refusedForm(
              multipart ? 'TMR-MULTIPART' : 'TMR-AUTH-PARAMS',
              `as ${multipart ? 'multipart' : 'POST'} fields`,
            );
            if (!multipart && form.apiClient !== undefined)
              refusedForm('TMR-SDK-APICLIENT', 'with apiClient');
          }
          if (isModify && creds.inQuery && !creds.inBody)
            refusedForm('TMR-AUTH-QUERY', 'in the query string');
        }
        if (basicRight && creds.username === undefined && creds.password === undefined)
          refusedForm(isRead ? 'TMR-READBACK-AUTH-BASIC' : 'TMR-AUTH-BASIC', 'as HTTP Basic');
        if (given && !paramsRight && !basicRight && (isModify || isRead)) {
          judge(
            'TMR-AUTH-REQUIRED',
            is2xx(ex) ? `wrong credentials were accepted (HTTP ${x.response.status})` : undefined,
          );
          if (authStatuses.length > 0 && !is2xx(ex))
            judge(
              'TMR-AUTH-STATUS',
              authStatuses.includes(x.response.status)
                ? undefined
                : `wrong credentials answered HTTP ${x.response.status}, not ${authStatuses.join(' or ')} (readings.authFailureStatuses)`,
            );
        }
      }

      // The configured fixtures: an unknown account is 404, another customer's 403.
      if (cfg && accountId && (isModify || isRead)) {
        if (accountId === cfg.unknownAccountId && raw.unknownAccountId !== undefined)
          judge(
            'TMR-404-UNKNOWN',
            x.response.status === 404
              ? undefined
              : `an unknown account answered HTTP ${x.response.status}, not 404`,
          );
        if (accountId === cfg.foreignAccountId)
          judge(
            'TMR-403-FOREIGN',
            x.response.status === 403
              ? undefined
              : `another customer's account answered HTTP ${x.response.status}, not 403`,
          );
      }
      if (isRead && ok && accountId) readBack(accountId, ex, judge);
      if (!isModify || !accountId) return { judged, violations };

      // A field error matched to the request: an invalid field gets its code (one field at fault, so the
      // error is unambiguous), in the envelope, with the configured status; a valid one is not refused with it.
      const codes = errorCodes(ex).filter((c) => FIELD_CODES.includes(c));
      const nonFieldRefusal = !is2xx(ex) && codes.length === 0;
      const broken = fieldProblems(fields).flatMap((v) => {
        const rule = ruleOf(v.requirement);
        return rule ? [rule] : [];
      });
      // A UK mobile number in a form the page names nowhere (0044 7…): "a valid UK mobile number" is
      // still the number, so whether the form is taken is the target's call; no field error is judged.
      const openMobile = Object.entries(fields).some(
        ([k, v]) =>
          k.endsWith('_mobile') && /^447\d{9}$/.test(mobileKey(v)) && fieldProblems({ [k]: v }).length > 0,
      );
      if (!nonFieldRefusal && !openMobile) {
        if (broken.length === 1 && broken[0]) {
          const { id, code } = broken[0];
          judge(
            id,
            problem(() => checkErrorCode(ex, code, 'a request with one invalid field')),
          );
        }
        if (
          cfg &&
          fields.account_username !== undefined &&
          fields.account_username === cfg.takenUsername &&
          broken.length === 0
        )
          judge(
            'TMR-USERNAME-TAKEN',
            problem(() => checkErrorCode(ex, 7, 'a username in use by another account')),
          );
        const validFields = Object.keys(fields).filter((f) => !broken.length && ELEMENT_OF[f]);
        if (
          validFields.length === 1 &&
          validFields[0] &&
          !(cfg && fields.account_username === cfg.takenUsername)
        ) {
          const f = validFields[0];
          for (const code of [2, 3, 4, 5]) {
            const id = validSideOf(f, code);
            if (!id) continue;
            judge(id, codes.includes(code) ? `a valid ${f} was refused with error ${code}` : undefined);
          }
        }
      }
      if (codes.length > 0) {
        judge(
          'TMR-ERROR-ENVELOPE',
          problem(() => checkErrorEnvelope(ex)),
        );
        judge(
          'TMR-ERROR-STATUS',
          x.response.status === r.errorStatus
            ? undefined
            : `a validation error answered HTTP ${x.response.status}, not ${r.errorStatus} (readings.errorStatus)`,
        );
      }

      // Across exchanges, per account.
      const sent: Record<string, string> = {};
      for (const [f, v] of Object.entries(fields)) {
        const el = ELEMENT_OF[f];
        if (el) sent[el] = v;
      }
      const known = accounts.get(accountId);
      if (ok) {
        let shown: Account;
        try {
          shown = accountOf(ex, 'the modification');
        } catch {
          return { judged, violations };
        }
        const plain = Object.fromEntries(Object.entries(sent).filter(([, v]) => ascii(v)));
        if (Object.keys(plain).length > 0)
          judge(
            'TMR-SHOWS-VALUES',
            problem(() => checkFields(shown, plain, 'the response does not show the values just set', SAME)),
          );
        if (known) {
          const kept = Object.fromEntries(
            Object.entries(known.expected).filter(
              ([k, v]) => sent[k] === undefined && isOptional(k) && ascii(v),
            ),
          );
          judge(
            'TMR-UNCHANGED-OPTIONAL',
            problem(() => checkFields(shown, kept, 'a field that was not sent changed', SAME)),
          );
        }
        remember(accountId, {
          expected: { ...shown, ...sent },
          lastModify: { shown, set: sent },
          refused: {},
        });
      } else if (codes.length > 0 && known) {
        remember(accountId, { ...known, refused: { ...known.refused, ...sent } });
      }
      return { judged, violations };
    },
  };
}

/** The elements a modify may leave out, and whose values then stay (credits and dates move on their own). */
function isOptional(element: string): boolean {
  return ['company_name', 'notification_email', 'notification_mobile'].includes(element);
}

/**
 * The client rules judged on traffic: credentials present, and only the page's argument names. A value
 * out of a field's rule is not the client's violation here: the page documents the error that answers
 * it, so a client may pass a user's input on and let the target refuse it; the target's answer is
 * judged instead (the field's own requirement).
 */
const PASSIVE_CLIENT_RULES = new Set(['TMR-CLIENT-AUTH', 'TMR-CLIENT-FIELD-NAMES']);
const isClientRule = (id: string) => PASSIVE_CLIENT_RULES.has(id);

export const PASSIVE: PassiveRules = {
  requirements: [...REQUIREMENTS, ...CLIENT_REQUIREMENTS.filter((r) => isClientRule(r.id))],
  matches: (request) => {
    const path = request.url.split('?')[0] ?? '';
    return ACCOUNT_PATH.test(path) || NO_ID_PATH.test(path);
  },
  session,
};
