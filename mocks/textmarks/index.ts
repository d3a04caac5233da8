// TextMarks reference mock: {base}/TextMarkManager/set_integration_config/ and
// {base}/TextMarkManager/integration_config/ (GET or POST form fields, repeated slashes collapsed),
// in-memory TextMarks, the {"head":{"rescode","resmsg"},"body"} envelope at the top level, JSON-P
// through `jsonp`. Each fault breaks one documented behaviour, so the project's tests can prove the
// suite notices.
//
// The rescodes other than 2011 (ERR_REQUEST_INVALID_TM, documented elsewhere) are this mock's own:
// TextMarks publishes no complete list. POST {base}/_mock/group_event (form fields tm, phone,
// action) is a test hook standing in for a phone joining or leaving the group: it sends the group
// callback, with \s signed by the mock's own convention, pluggable through start({ sign }): by
// default hex HMAC-SHA256 of "<tm>|<phone>|<action>" keyed by private_token (`signature`; the real
// algorithm is not public). targetConfig names the hook (groupEventUrl). A signer that knows this
// convention is configured by the user (readings.signerModule); the mock knows no suite file.
// Callbacks go to loopback addresses only.

import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultDefinition, MockOptions, RunningMock } from '../../src/types.ts';
import { defineMock } from '../../src/vendor.ts';
import { answerChaos, chaosFaults } from '../chaos.ts';
import { listen, parseForm } from '../server.ts';

export const FIXTURES = {
  auth_user: 'mock_txm_user',
  auth_pass: 'mock-txm-pass-1',
  authPhone: '+1 555 010 0123',
  api_key: 'MOCK-API-KEY-0001',
  tm: 'MOCKTM',
  tmTri: '90210',
  foreignTm: 'OTHERTM',
  foreignTmTri: '90299',
  privateToken: 'mock-original-token-1',
  groupCallbackUrl: 'http://old.example.com/hook.php?user=\\p&action=\\a',
};

/** The symbolic name of a signer implementing this mock's default \s convention (the suite resolves it). */
const SIGNER = 'builtin:hmac-sha256';

/** The mock's test hook for a group join/leave event (see the header). */
const GROUP_EVENT_PATH = '/_mock/group_event';

/** How the mock signs \s: pluggable (start({ sign })). */
export type SignFn = (token: string, tm: string, phone: string, action: string) => string;

const RC = {
  ok: 0,
  missingArg: 1001,
  badApiKey: 1002,
  authFailed: 1003,
  badCallback: 1004,
  badValue: 1010,
  invalidTm: 2011,
  several: 1099,
} as const;

/** Each breaks at least one requirement (`breaks`); the proof holds the suite to exactly those. */
export const FAULTS: FaultDefinition[] = [
  {
    id: 'envelope-wrapped',
    description: 'every answer is {"response":{"head":…,"body":…}}, the literal reading of the page',
    breaks: ['TXM-ENVELOPE'],
  },
  {
    id: 'head-renamed',
    description: 'the envelope says "header" instead of "head"',
    breaks: ['TXM-ENVELOPE'],
  },
  { id: 'rescode-string', description: 'rescode is a string ("0")', breaks: ['TXM-ENVELOPE'] },
  {
    id: 'json-trailing-comma',
    description: 'every answer is invalid JSON (a trailing comma)',
    breaks: ['TXM-ENVELOPE'],
  },
  {
    id: 'jsonp-unasked',
    description: 'answers JSON-P (callback(…)) when no jsonp, or a blank one, was asked',
    breaks: ['TXM-ENVELOPE', 'TXM-JSONP-BLANK'],
  },
  {
    id: 'success-rescode-nonzero',
    description: 'set_integration_config applies the change but answers rescode 1',
    breaks: ['TXM-RESCODE-SUCCESS'],
  },
  {
    id: 'auth-user-optional',
    description: 'without auth_user, the owner of tm is assumed',
    breaks: ['TXM-AUTH-USER-REQUIRED'],
  },
  {
    id: 'auth-pass-optional',
    description: 'without auth_pass, auth_user is trusted',
    breaks: ['TXM-AUTH-PASS-REQUIRED'],
  },
  {
    id: 'tm-optional',
    description: "without tm, the user's first TextMark is changed",
    breaks: ['TXM-TM-REQUIRED'],
  },
  {
    id: 'wrong-pass-accepted',
    description: 'a wrong auth_pass answers rescode 0 and applies the change',
    breaks: ['TXM-AUTH-WRONG-PASS'],
  },
  {
    id: 'foreign-tri-allowed',
    description:
      "another user's TextMark given by its TRI is accepted (ownership checked on the keyword only)",
    breaks: ['TXM-TM-NOT-OWNED'],
  },
  {
    id: 'phone-login-skips-password',
    description: 'auth_user given as the phone number logs in whatever auth_pass says',
    breaks: ['TXM-AUTH-WRONG-PASS'],
  },
  {
    id: 'foreign-tm-allowed',
    description: "another user's TextMark can be configured",
    breaks: ['TXM-TM-NOT-OWNED', 'TXM-TM-NOT-OWNED-2011'],
    readings: { foreignTmRescode: 2011 },
  },
  {
    id: 'foreign-tm-allowed-no-op-refused',
    description:
      "another user's TextMark can be configured, but a request with no option at all answers rescode 1010 (nothing to change)",
    breaks: ['TXM-TM-NOT-OWNED', 'TXM-TM-NOT-OWNED-2011'],
    readings: { foreignTmRescode: 2011 },
  },
  {
    id: 'foreign-tm-wrong-code',
    description:
      "another user's TextMark is refused with rescode 1003 instead of 2011 (checked under readings.foreignTmRescode = 2011)",
    breaks: ['TXM-TM-NOT-OWNED-2011'],
    readings: { foreignTmRescode: 2011 },
  },
  {
    id: 'phone-login-refused',
    description: 'auth_user must be the account name: the phone number of the account does not log in',
    breaks: ['TXM-AUTH-PHONE'],
  },
  {
    id: 'phone-exact-only',
    description:
      'the phone number logs in only written exactly as stored (+1 555 010 0123), not as digits or +digits (checked under readings.phoneForms = common)',
    breaks: ['TXM-AUTH-PHONE-FORMS'],
    readings: { phoneForms: 'common' },
  },
  {
    id: 'tri-refused',
    description: 'tm must be the keyword: the TRI is an unknown TextMark',
    breaks: ['TXM-TM-TRI'],
  },
  {
    id: 'form-charset-refused',
    description: 'a form body whose Content-Type carries a parameter (charset=UTF-8) is refused',
    breaks: ['TXM-FORM-CHARSET'],
  },
  {
    id: 'get-refused',
    description: 'GET is refused on both calls (checked under readings.getRequests = both)',
    breaks: ['TXM-GET'],
    readings: { getRequests: 'both' },
  },
  {
    id: 'combined-generic-code',
    description: 'a request with two faults answers rescode 1099 (several errors), the code of neither',
    breaks: ['TXM-ERROR-COMBINED'],
  },
  {
    id: 'combined-applies',
    description:
      "a request without tm changes auth_user's first TextMark before it is refused, whatever the password",
    breaks: ['TXM-ERROR-COMBINED'],
  },
  {
    id: 'precedence-tm-first',
    description:
      'ownership of tm is checked before the password: a wrong password for a foreign tm answers 2011 (checked under readings.errorPrecedence)',
    breaks: ['TXM-ERROR-PRECEDENCE'],
    readings: { errorPrecedence: 'missing,auth,tm,value' },
  },
  {
    id: 'json-labelled-html',
    description: 'JSON answers are labelled text/html',
    breaks: ['TXM-MEDIA-TYPE'],
  },
  {
    id: 'jsonp-labelled-json',
    description:
      'JSON-P answers are labelled application/json (checked under readings.jsonpMediaType = script)',
    breaks: ['TXM-MEDIA-TYPE'],
    readings: { jsonpMediaType: 'script' },
  },
  { id: 'api-key-rejected', description: 'a request carrying api_key is refused', breaks: ['TXM-API-KEY'] },
  {
    id: 'unspecified-cleared',
    description: 'an option that is not sent is cleared',
    breaks: ['TXM-ONLY-SPECIFIED'],
  },
  {
    id: 'readback-stale',
    description: 'integration_config() answers the settings as they were at start-up',
    // Every check judged by the read-back: the alternatives (api_key, phone, TRI, charset) too.
    breaks: [
      'TXM-READBACK',
      'TXM-ONLY-SPECIFIED',
      'TXM-NONE-CLEARS',
      'TXM-TEMPLATE-STORED',
      'TXM-API-KEY',
      'TXM-AUTH-PHONE',
      'TXM-TM-TRI',
      'TXM-FORM-CHARSET',
    ],
  },
  {
    id: 'readback-hides-token',
    description: 'integration_config() does not show private_token',
    breaks: ['TXM-READBACK', 'TXM-ONLY-SPECIFIED'],
  },
  { id: 'none-ignored', description: 'group_callback_url=NONE changes nothing', breaks: ['TXM-NONE-CLEARS'] },
  {
    id: 'none-clears-token',
    description: 'group_callback_url=NONE clears private_token too',
    breaks: ['TXM-ONLY-SPECIFIED'],
  },
  {
    id: 'none-stored-literally',
    description:
      'group_callback_url=NONE is stored, and read back, as the string NONE (a failure under readings.clearedReadsAs = empty)',
    breaks: ['TXM-NONE-CLEARS'],
    readings: { clearedReadsAs: 'empty' },
  },
  {
    id: 'template-percent-encoded',
    description: 'group_callback_url is stored with \\ percent-encoded (%5C)',
    breaks: ['TXM-TEMPLATE-STORED'],
  },
  {
    id: 'url-unchecked',
    description: 'any group_callback_url is accepted (checked under readings.urlValidation = refused)',
    breaks: ['TXM-URL-VALIDATED'],
    readings: { urlValidation: 'refused' },
  },
  {
    id: 'jsonp-ignored',
    description: 'the jsonp parameter is ignored',
    breaks: ['TXM-JSONP', 'TXM-JSONP-ERRORS'],
  },
  {
    id: 'jsonp-not-on-errors',
    description: 'errors come as plain JSON even when jsonp was asked',
    breaks: ['TXM-JSONP-ERRORS'],
  },
  {
    id: 'jsonp-blank-wraps',
    description: 'a blank jsonp gives (…) around the JSON',
    breaks: ['TXM-JSONP-BLANK'],
  },
  {
    id: 'jsonp-callback-unsanitized',
    description: 'any jsonp value is echoed in front of the JSON',
    breaks: ['TXM-JSONP-SAFE-CALLBACK'],
  },
  {
    id: 'error-status-400',
    description: 'errors are answered with HTTP 400 (checked under readings.errorHttpStatus = 200)',
    breaks: ['TXM-ERROR-HTTP-STATUS'],
    readings: { errorHttpStatus: 200 },
  },
  // Found only by the generated inputs (suites/textmarks/domains.ts): the hand-picked values are
  // lower-case URLs without ' ( ) or %, and tokens without +; a boundary value of the domain hits each.
  {
    id: 'url-case-folded',
    description:
      'group_callback_url is stored lower-cased (upper-case letters of the path and query are lost)',
    breaks: ['TXM-TEMPLATE-STORED'],
    generated: true,
  },
  {
    id: 'url-sub-delims-refused',
    description:
      "a group_callback_url holding ' ( or ) (RFC 3986 sub-delimiters) is refused with rescode 1010, as a naive injection filter would",
    breaks: ['TXM-TEMPLATE-STORED'],
    generated: true,
  },
  {
    id: 'url-percent-decoded',
    description:
      'percent-escapes in group_callback_url are decoded before it is stored (%20 becomes a space)',
    breaks: ['TXM-TEMPLATE-STORED'],
    generated: true,
  },
  {
    id: 'token-plus-as-space',
    description: 'a + in private_token is stored as a space (the value is form-decoded a second time)',
    breaks: ['TXM-READBACK'],
    generated: true,
  },
  {
    id: 'url-prefix-only',
    description:
      'only the http:// or https:// prefix of group_callback_url is checked: http:// with no host is accepted (checked under readings.urlValidation = refused)',
    breaks: ['TXM-URL-VALIDATED'],
    readings: { urlValidation: 'refused' },
    generated: true,
  },
  // Found only by the generated NONE and jsonp checks: the hand-picked NONE goes alone, the
  // hand-picked callback names hold letters, digits and _ only, the hostile ones parentheses or <.
  {
    id: 'none-ignored-with-token',
    description:
      'group_callback_url=NONE is ignored when private_token comes in the same request (the token alone is applied)',
    breaks: ['TXM-NONE-CLEARS'],
    generated: true,
  },
  {
    id: 'jsonp-dotted-refused',
    description:
      'a jsonp name holding . or $ (app.cb, $.cb: identifiers of the pattern) is refused as not a callback name',
    breaks: ['TXM-JSONP'],
    generated: true,
  },
  {
    id: 'jsonp-callback-blacklist',
    description:
      'a jsonp value is refused only when it holds ( ) < or > (a blacklist): any other, 1cb or a;b included, is echoed as the callback',
    breaks: ['TXM-JSONP-SAFE-CALLBACK'],
    generated: true,
  },
  {
    id: 'signature-stale-token',
    description: '\\s is signed with the private_token that was set before the last change',
    breaks: ['TXM-SIGNATURE'],
    readings: { signerModule: SIGNER },
  },
];

/** Other documented behaviours: each breaks nothing, and passes under the readings it carries. */
export const VARIANTS: FaultDefinition[] = [
  {
    id: 'phone-forms-reading',
    description:
      'not a fault under readings.phoneForms = common: every written form logs in (proves reading TXM-O9)',
    breaks: [],
    readings: { phoneForms: 'common' },
  },
  {
    id: 'get-reading',
    description: 'not a fault under readings.getRequests = both: both calls take GET (proves reading TXM-O8)',
    breaks: [],
    readings: { getRequests: 'both' },
  },
  {
    id: 'precedence-reading',
    description:
      'not a fault under readings.errorPrecedence = missing,auth,tm,value and urlValidation = refused: the order of the mock (proves reading TXM-O10, bad values included)',
    breaks: [],
    readings: { errorPrecedence: 'missing,auth,tm,value', urlValidation: 'refused' },
  },
  {
    id: 'legacy-label-accepted',
    description:
      'not a fault under readings.legacyMediaTypes = text/plain: JSON answers are labelled text/plain (proves reading TXM-O12)',
    breaks: [],
    readings: { legacyMediaTypes: 'text/plain' },
  },
  {
    id: 'jsonp-media-reading',
    description:
      'not a fault under readings.jsonpMediaType = script: JSON-P comes as text/javascript (proves reading TXM-O11)',
    breaks: [],
    readings: { jsonpMediaType: 'script' },
  },
  {
    id: 'token-hidden',
    description:
      'not a fault: integration_config() does not show private_token, and the config says what to restore (proves reading TXM-O3)',
    breaks: [],
    readings: { privateTokenReadBack: 'hidden' },
  },
  {
    id: 'none-reads-as-NONE',
    description:
      'not a fault under the default readings.clearedReadsAs = empty-or-NONE: NONE reads back as NONE (TXM-O2)',
    breaks: [],
  },
  {
    id: 'url-validation-reading',
    description:
      'not a fault under readings.urlValidation = refused: a value that is neither a URL nor NONE is refused (proves reading TXM-O6)',
    breaks: [],
    readings: { urlValidation: 'refused' },
  },
  {
    id: 'jsonp-express-style',
    description:
      "not a fault: JSON-P as Express's res.jsonp writes it, /**/ typeof cb === 'function' && cb(…);",
    breaks: [],
  },
  {
    id: 'signer-configured',
    description: "not a fault: runs the signature check with the mock's test signer (proves reading TXM-O5)",
    breaks: [],
    readings: { signerModule: SIGNER },
  },
  {
    id: 'wrapped-reading',
    description:
      'not a fault under readings.envelope = wrapped: the envelope comes inside "response" (proves reading TXM-C1)',
    breaks: [],
    readings: { envelope: 'wrapped' },
  },
  {
    id: 'double-slash-reading',
    description:
      'not a fault: the suite calls //TextMarkManager/… exactly as printed (proves reading TXM-C2)',
    breaks: [],
    readings: { pathStyle: 'double' },
  },
];

/**
 * The Pact provider states the contract names (contracts/textmarks). The mock needs no hook for them:
 * its fixtures (targetConfig) already hold each state, and the contract's provider driver sets them
 * up and puts back what the interactions change through the API, as on any target.
 */
export const PROVIDER_STATES: readonly string[] = [
  'auth_user owns the TextMark tm',
  'the TextMark foreignTm exists and is owned by another user',
];

/** Faults that break everything at once: bad input the suite must survive, not a requirement. */
export const CHAOS: FaultDefinition[] = [
  ...chaosFaults(['html-page', 'garbage-body', 'slow-responses', 'huge-body']),
];

interface TextMark {
  keyword: string;
  tri: string;
  owner: string;
  group_callback_url: string;
  private_token: string;
  /** The token before the last change (for the signature-stale-token fault). */
  previousToken: string;
}

interface User {
  name: string;
  password: string;
  phone: string;
}

const PLAIN_CALLBACK = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function signature(token: string, tm: string, phone: string, action: string): string {
  return createHmac('sha256', token).update(`${tm}|${phone}|${action}`).digest('hex');
}

export async function start(options: MockOptions & { sign?: SignFn } = {}): Promise<RunningMock> {
  const sign = options.sign ?? signature;
  const faults = new Set(options.faults ?? []);
  const fault = (id: string) => faults.has(id);
  const users: User[] = [
    { name: FIXTURES.auth_user, password: FIXTURES.auth_pass, phone: FIXTURES.authPhone },
    { name: 'other_txm_user', password: 'other-txm-pass', phone: '+1 555 010 0999' },
  ];
  const marks = new Map<string, TextMark>();
  const add = (m: Omit<TextMark, 'previousToken'>) =>
    marks.set(m.keyword.toUpperCase(), { ...m, previousToken: m.private_token });
  add({
    keyword: FIXTURES.tm,
    tri: FIXTURES.tmTri,
    owner: FIXTURES.auth_user,
    group_callback_url: FIXTURES.groupCallbackUrl,
    private_token: FIXTURES.privateToken,
  });
  add({
    keyword: FIXTURES.foreignTm,
    tri: FIXTURES.foreignTmTri,
    owner: 'other_txm_user',
    group_callback_url: '',
    private_token: 'other-token',
  });
  const snapshot = structuredClone(marks.get(FIXTURES.tm) as TextMark);
  const hideToken = fault('readback-hides-token') || fault('token-hidden');
  const wrapped = fault('envelope-wrapped') || fault('wrapped-reading');
  const noneLiteral = fault('none-stored-literally') || fault('none-reads-as-NONE');

  /** A TextMark by keyword (any case) or by TRI. */
  function markNamed(tm: string): TextMark | undefined {
    return (
      marks.get(tm.toUpperCase()) ??
      (fault('tri-refused') ? undefined : [...marks.values()].find((m) => m.tri === tm))
    );
  }

  /** A user by account name, or by phone number in any written form (digits compared). */
  function userNamed(name: string | undefined): User | undefined {
    if (!name) return undefined;
    const byName = users.find((u) => u.name === name);
    if (byName || fault('phone-login-refused')) return byName;
    if (fault('phone-exact-only')) return users.find((u) => u.phone === name);
    const digits = /^[+\d\s().-]+$/.test(name) ? name.replace(/\D/g, '') : '';
    return digits ? users.find((u) => u.phone.replace(/\D/g, '') === digits) : undefined;
  }

  /** How many of the faults the mock knows a request carries (combined-generic-code). */
  function faultCount(p: Record<string, string>): number {
    let n = (['auth_user', 'auth_pass', 'tm'] as const).filter((k) => !p[k]).length;
    const user = userNamed(p.auth_user);
    const mark = p.tm ? markNamed(p.tm) : undefined;
    if (user && p.auth_pass && user.password !== p.auth_pass) n += 1;
    if (user && mark && mark.owner !== user.name) n += 1;
    const url = p.group_callback_url;
    if (url !== undefined && url !== 'NONE' && !isUrl(url)) n += 1;
    return n;
  }

  /** A jsonp value the mock takes as a callback name: an identifier path, unless a fault says otherwise. */
  function callbackTaken(jsonp: string): boolean {
    if (fault('jsonp-callback-unsanitized')) return true;
    if (fault('jsonp-callback-blacklist')) return !/[()<>]/.test(jsonp);
    if (fault('jsonp-dotted-refused')) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(jsonp);
    return PLAIN_CALLBACK.test(jsonp);
  }

  function serialize(rescode: number, resmsg: string, body: unknown): string {
    const head: Record<string, unknown> = {
      rescode: fault('rescode-string') ? String(rescode) : rescode,
      resmsg,
    };
    const envelope: Record<string, unknown> = fault('head-renamed') ? { header: head, body } : { head, body };
    const json = JSON.stringify(wrapped ? { response: envelope } : envelope);
    return fault('json-trailing-comma') ? json.replace(/}$/, ',}') : json;
  }

  function answer(
    res: ServerResponse,
    jsonp: string | undefined,
    rescode: number,
    resmsg: string,
    body: unknown,
  ) {
    const status = rescode !== 0 && fault('error-status-400') ? 400 : 200;
    const json = serialize(rescode, resmsg, body);
    let callback: string | undefined;
    if (jsonp === undefined || jsonp === '') {
      if (fault('jsonp-unasked')) callback = 'callback';
      else if (jsonp === '' && fault('jsonp-blank-wraps')) callback = '';
    } else if (!fault('jsonp-ignored') && !(rescode !== 0 && fault('jsonp-not-on-errors'))) {
      // A callback that is not an identifier is never echoed (the handler refuses the request).
      if (callbackTaken(jsonp)) callback = jsonp;
    }
    let text = json;
    if (callback !== undefined)
      text = fault('jsonp-express-style')
        ? `/**/ typeof ${callback} === 'function' && ${callback}(${json});`
        : `${callback}(${json});`;
    const bytes = Buffer.from(text, 'utf8');
    const jsonType = fault('json-labelled-html')
      ? 'text/html'
      : fault('legacy-label-accepted')
        ? 'text/plain'
        : 'application/json';
    const scriptType = fault('jsonp-labelled-json') ? 'application/json' : 'text/javascript';
    res.writeHead(status, {
      'content-type': `${callback === undefined ? jsonType : scriptType}; charset=utf-8`,
      'content-length': bytes.length,
    });
    res.end(bytes);
  }

  /** The TextMark a request may act on, or the refusal [rescode, message]. */
  function authorise(p: Record<string, string>): TextMark | [number, string] {
    for (const k of ['auth_user', 'auth_pass', 'tm'] as const) {
      if (p[k] !== undefined && p[k] !== '') continue;
      if (k === 'auth_user' && fault('auth-user-optional')) continue;
      if (k === 'auth_pass' && fault('auth-pass-optional')) continue;
      if (k === 'tm' && fault('tm-optional')) continue;
      return [RC.missingArg, `Missing required argument: ${k}`];
    }
    if (fault('combined-generic-code') && faultCount(p) >= 2) return [RC.several, 'Several errors.'];
    const named = p.tm ? markNamed(p.tm) : undefined;
    const user = p.auth_user
      ? userNamed(p.auth_user)
      : fault('auth-user-optional')
        ? users.find((u) => u.name === named?.owner)
        : undefined;
    if (!user) return [RC.authFailed, 'Authentication failed.'];
    if (fault('precedence-tm-first') && named && named.owner !== user.name) {
      return [RC.invalidTm, 'ERR_REQUEST_INVALID_TM: TextMark not owned by auth_user.'];
    }
    const byPhone = !!p.auth_user && p.auth_user !== user.name;
    const passOk =
      user.password === p.auth_pass ||
      (byPhone && fault('phone-login-skips-password')) ||
      (!p.auth_pass && fault('auth-pass-optional')) ||
      (!!p.auth_pass && fault('wrong-pass-accepted'));
    if (!passOk) return [RC.authFailed, 'Authentication failed.'];
    const mark = p.tm ? named : [...marks.values()].find((m) => m.owner === user.name);
    if (!mark) return [RC.invalidTm, 'ERR_REQUEST_INVALID_TM: no such TextMark.'];
    const foreignAllowed =
      fault('foreign-tm-allowed') ||
      fault('foreign-tm-allowed-no-op-refused') ||
      (fault('foreign-tri-allowed') &&
        p.tm !== undefined &&
        p.tm.toUpperCase() !== mark.keyword.toUpperCase());
    if (mark.owner !== user.name && !foreignAllowed) {
      return fault('foreign-tm-wrong-code')
        ? [RC.authFailed, 'Not allowed.']
        : [RC.invalidTm, 'ERR_REQUEST_INVALID_TM: TextMark not owned by auth_user.'];
    }
    if (p.api_key !== undefined && (fault('api-key-rejected') || p.api_key !== FIXTURES.api_key)) {
      return [RC.badApiKey, 'Invalid API key.'];
    }
    return mark;
  }

  function isUrl(v: string): boolean {
    return /^https?:\/\/[^\s/?#]+\S*$/.test(v);
  }

  /** group_callback_url as stored: as sent, unless a fault changes it on the way in. */
  function storedUrl(url: string): string {
    let v = url;
    if (fault('template-percent-encoded')) v = v.replace(/\\/g, '%5C');
    if (fault('url-percent-decoded'))
      v = v.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return fault('url-case-folded') ? v.toLowerCase() : v;
  }

  function setConfig(mark: TextMark, p: Record<string, string>): [number, string] {
    const url = p.group_callback_url;
    if (fault('foreign-tm-allowed-no-op-refused') && url === undefined && p.private_token === undefined) {
      return [RC.badValue, 'Nothing to change.'];
    }
    const urlOk = (v: string) => (fault('url-prefix-only') ? /^https?:\/\//.test(v) : isUrl(v));
    if (url !== undefined && url !== 'NONE' && !urlOk(url) && !fault('url-unchecked')) {
      return [RC.badValue, 'group_callback_url must be a URL or NONE.'];
    }
    if (url !== undefined && fault('url-sub-delims-refused') && /['()]/.test(url)) {
      return [RC.badValue, 'group_callback_url holds a forbidden character.'];
    }
    if (url !== undefined) {
      if (url === 'NONE') {
        const ignored =
          fault('none-ignored') || (fault('none-ignored-with-token') && p.private_token !== undefined);
        if (!ignored) mark.group_callback_url = noneLiteral ? 'NONE' : '';
        if (fault('none-clears-token')) mark.private_token = '';
      } else {
        mark.group_callback_url = storedUrl(url);
      }
    } else if (fault('unspecified-cleared')) mark.group_callback_url = '';
    if (p.private_token !== undefined) {
      mark.previousToken = mark.private_token;
      mark.private_token = fault('token-plus-as-space')
        ? p.private_token.replace(/\+/g, ' ')
        : p.private_token;
    } else if (fault('unspecified-cleared')) mark.private_token = '';
    return [fault('success-rescode-nonzero') ? 1 : RC.ok, 'OK'];
  }

  function settings(mark: TextMark): Record<string, string> {
    const m = fault('readback-stale') && mark.keyword === snapshot.keyword ? snapshot : mark;
    const out: Record<string, string> = { tm: m.keyword, group_callback_url: m.group_callback_url };
    if (!hideToken) out.private_token = m.private_token;
    return out;
  }

  async function groupEvent(p: Record<string, string>): Promise<Record<string, unknown>> {
    const mark = marks.get((p.tm ?? '').toUpperCase());
    const phone = p.phone ?? '';
    const action = p.action === 'UNSUB' ? 'UNSUB' : 'SUB';
    if (!mark?.group_callback_url || mark.group_callback_url === 'NONE') return { sent: false };
    const token = fault('signature-stale-token') ? mark.previousToken : mark.private_token;
    const values: Record<string, string> = {
      p: phone,
      a: action,
      k: mark.keyword,
      s: sign(token, mark.keyword, phone, action),
    };
    const url = mark.group_callback_url.replace(/\\([pask])/g, (_, c: string) =>
      encodeURIComponent(values[c] ?? ''),
    );
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return { sent: false, reason: 'not a URL' };
    }
    if (!LOOPBACK.has(host)) return { sent: false, reason: 'the mock calls loopback addresses only' };
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return { sent: true, status: res.status };
  }

  const handler = async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> => {
    if (await answerChaos(fault, res, { contentType: 'application/json' })) return;
    // A path starting with // would parse as a host (//TextMarkManager/…): collapse it first.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://mock');
    const path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '');
    const params = {
      ...parseForm(url.search.slice(1)),
      ...(req.method === 'POST' ? parseForm(body.toString('latin1'), req.headers['content-type'] ?? '') : {}),
    };
    if (path === GROUP_EVENT_PATH && req.method === 'POST') {
      const out = Buffer.from(JSON.stringify(await groupEvent(params)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length }).end(out);
      return;
    }
    const jsonp = params.jsonp;
    if (req.method !== 'GET' && req.method !== 'POST') {
      answer(res, jsonp, RC.badValue, 'GET or POST only.', null);
      return;
    }
    if (req.method === 'GET' && fault('get-refused')) {
      answer(res, jsonp, RC.badValue, 'POST only.', null);
      return;
    }
    if (
      req.method === 'POST' &&
      fault('form-charset-refused') &&
      (req.headers['content-type'] ?? '').includes(';')
    ) {
      answer(res, jsonp, RC.badValue, 'Unsupported Content-Type.', null);
      return;
    }
    const method = /^\/TextMarkManager\/(set_integration_config|integration_config)$/.exec(path)?.[1];
    if (!method) {
      answer(res, jsonp, RC.badValue, `Unknown API function: ${path}`, null);
      return;
    }
    if (jsonp && !callbackTaken(jsonp) && !fault('jsonp-ignored')) {
      answer(res, jsonp, RC.badCallback, 'Invalid JSON-P callback name.', null);
      return;
    }
    if (fault('combined-applies') && method === 'set_integration_config' && !params.tm) {
      const owner = userNamed(params.auth_user);
      const first = [...marks.values()].find((m) => m.owner === owner?.name);
      if (first && params.group_callback_url) first.group_callback_url = params.group_callback_url;
    }
    const mark = authorise(params);
    if (Array.isArray(mark)) {
      answer(res, jsonp, mark[0], mark[1], null);
      return;
    }
    if (method === 'integration_config') {
      answer(res, jsonp, RC.ok, 'OK', settings(mark));
      return;
    }
    const [rescode, resmsg] = setConfig(mark, params);
    answer(res, jsonp, rescode, resmsg, rescode === RC.badValue ? null : { tm: mark.keyword });
  };

  const server = await listen(handler, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    host: options.host ?? '127.0.0.1',
    inspector: options.inspector,
  });
  return {
    url: server.url,
    targetConfig: {
      auth_user: FIXTURES.auth_user,
      auth_pass: FIXTURES.auth_pass,
      api_key: FIXTURES.api_key,
      authPhone: FIXTURES.authPhone,
      tm: FIXTURES.tm,
      tmTri: FIXTURES.tmTri,
      foreignTmTri: FIXTURES.foreignTmTri,
      foreignTm: FIXTURES.foreignTm,
      restorePrivateToken: FIXTURES.privateToken,
      groupEventUrl: GROUP_EVENT_PATH,
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
