// TextMarks "TextMarkManager / set_integration_config()": every statement of the page the suite
// enforces, quoted. Documented quotes are verbatim substrings of schemas/textmarks/page.txt (a test
// holds us to it); inferred ones quote the page or related.txt and say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';
import type { RequirementId } from '../../src/vendor.ts';

export const SOURCE = '001_6f51f2b9b385023d.txt';

type Def = Omit<Requirement, 'source'>;

const RESP = 'JSON response.head.rescode==0 for success, or error code otherwise.';
const JSONP = "JSON-P callback: (as 'jsonp' param, optional) (blank for none)";
const ENVELOPE_RELATED =
  'Envelope: `{"head":{"rescode":<int>,"resmsg":"…"},"body":{…}}` at the top level of the JSON.';
const PACKAGE = 'Package: TextMarkManager - Manage a TextMark owned by authenticated user (... View package)';
const AUTH_USER = 'REQ auth_user User User account / phone# used for login';
const TM_ARG = 'REQ tm TextMark TextMark keyword/TRI owned by auth_user';
const POST_LINE = 'POST http://help.api2.textmarks.com//TextMarkManager/set_integration_config/';
const FORMS =
  'Requests are form fields (`application/x-www-form-urlencoded`), GET or POST, to `/{Package}/{method}/` with a trailing slash.';
const SUBSTITUTIONS =
  'URL substitutions: `\\p` phone, `\\a` (REQ for requests, SUB/UNSUB for group callbacks), `\\0` text after the keyword, `\\n` name, `\\u` user id, `\\1`–`\\9` words, `\\k` keyword; `NONE` clears a URL setting.';

const DEFS = [
  // ------------------------------------------------------------ the envelope
  {
    id: 'TXM-ENVELOPE',
    title:
      'every response (success, error, read-back) is plain JSON {"head":{"rescode":int,…},"body":…} at the top level',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RESP}\n${ENVELOPE_RELATED}`,
    note: 'The page names only response.head.rescode; the rest of the envelope is documented on the API overview (related.txt). "response" is read as the response object itself (readings.envelope, TXM-C1). A body that is JSON-P although no jsonp was asked, or not valid JSON, fails here with the body as evidence; the other checks read bodies leniently.',
  },
  {
    id: 'TXM-RESCODE-SUCCESS',
    title: 'a valid form-encoded POST to set_integration_config/ answers rescode 0',
    level: 'MUST',
    basis: 'documented',
    quote: `${RESP}\n${POST_LINE}`,
    literal: 'POST',
    statement: RESP,
    note: "The method is the one the page's own example request spells (POST); the path is built from readings.pathStyle (TXM-C2: the page prints a doubled slash).",
  },
  // ------------------------------------------------------------ required arguments
  {
    id: 'TXM-AUTH-USER-REQUIRED',
    title: 'a request without auth_user gets a non-zero rescode',
    level: 'MUST',
    basis: 'documented',
    quote: `${AUTH_USER}\n${RESP}`,
  },
  {
    id: 'TXM-AUTH-PASS-REQUIRED',
    title: 'a request without auth_pass gets a non-zero rescode',
    level: 'MUST',
    basis: 'documented',
    quote: `REQ auth_pass Password Password\n${RESP}`,
  },
  {
    id: 'TXM-TM-REQUIRED',
    title: 'a request without tm gets a non-zero rescode',
    level: 'MUST',
    basis: 'documented',
    quote: `${TM_ARG}\n${RESP}`,
  },
  {
    id: 'TXM-AUTH-WRONG-PASS',
    title: 'a wrong auth_pass gets a non-zero rescode and changes nothing',
    level: 'MUST',
    basis: 'documented',
    quote: `${PACKAGE}\nREQ auth_pass Password Password\n${RESP}`,
    statement: PACKAGE,
    note: 'The page manages "a TextMark owned by authenticated user": a wrong password authenticates nobody. Which code it gets is open (VENDORS.md), so any non-zero rescode passes. The read-back shows the attempted group_callback_url was not stored.',
  },
  {
    id: 'TXM-AUTH-PHONE',
    title: 'auth_user may be the phone number of the account: the configured authPhone logs in',
    level: 'MUST',
    basis: 'documented',
    quote: AUTH_USER,
    statement: AUTH_USER,
    note: 'The Args table defines auth_user as "User account / phone# used for login": the row itself is the rule that a phone number logs in. The page offers two identifiers for login ("User account / phone#"); the suite logs in with the account everywhere else. Not applicable until authPhone is configured (a phone number that logs in as auth_user).',
  },
  {
    id: 'TXM-AUTH-PHONE-FORMS',
    title:
      'the phone number logs in in its common written forms too (digits only; +digits when configured with a country code)',
    level: 'SHOULD',
    basis: 'inferred',
    quote: AUTH_USER,
    reading: 'phoneForms',
    note: 'The page says "phone#" and no format: users write a number with or without spaces, dashes and "+". Which forms a target accepts is open, so checked only under readings.phoneForms = common (TXM-O9).',
  },
  {
    id: 'TXM-TM-NOT-OWNED',
    title: 'a tm not owned by auth_user gets a non-zero rescode',
    level: 'MUST',
    basis: 'documented',
    quote: `${TM_ARG}\n${RESP}`,
  },
  {
    id: 'TXM-TM-NOT-OWNED-2011',
    title:
      'a tm not owned by auth_user gets the rescode of readings.foreignTmRescode (2011 ERR_REQUEST_INVALID_TM, as the documentation names it)',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'Some known rescodes: 2011 ERR_REQUEST_INVALID_TM (with `resmsg` giving the reason)',
    reading: 'foreignTmRescode',
    note: 'The code is named on another page (related.txt), and what a non-owner tm returns is an open point of VENDORS.md: checked only under readings.foreignTmRescode (TXM-O7).',
  },
  {
    id: 'TXM-TM-TRI',
    title: 'tm may be the TRI of the TextMark: the configured tmTri selects the same TextMark as tm',
    level: 'MUST',
    basis: 'documented',
    quote: TM_ARG,
    statement: TM_ARG,
    note: 'The Args table defines tm as "TextMark keyword/TRI owned by auth_user": the row itself is the rule that the TRI names the TextMark. The page offers two names for a TextMark ("keyword/TRI"); the suite uses the keyword everywhere else. Judged by reading back through the keyword. Not applicable until tmTri is configured.',
  },
  {
    id: 'TXM-API-KEY',
    title: 'api_key is optional: a request carrying the configured api_key is accepted too',
    level: 'MUST',
    basis: 'documented',
    quote: 'OPT api_key API Key API Key (Register here)',
    statement: 'OPT api_key API Key API Key (Register here)',
    note: 'Every other request of the suite goes without api_key (OPT). Judged by the read-back, so a rescode fault does not cascade here. Not applicable when no api_key is configured.',
  },
  // ------------------------------------------------------------ settings
  {
    id: 'TXM-ONLY-SPECIFIED',
    title:
      'only the options sent are changed: setting one of group_callback_url / private_token keeps the other',
    level: 'MUST',
    basis: 'documented',
    quote: 'Only options specified will be changed:',
  },
  {
    id: 'TXM-READBACK',
    title: 'integration_config() reads back the group_callback_url and private_token just set',
    level: 'MUST',
    basis: 'documented',
    quote: 'See integration_config() to read the current settings.',
    statement: 'See integration_config() to read the current settings.',
    note: 'Where the settings sit in the read-back is readings.readbackPath (TXM-O1); private_token is compared unless readings.privateTokenReadBack is "hidden" (TXM-O3).',
  },
  {
    id: 'TXM-NONE-CLEARS',
    title: 'group_callback_url=NONE clears the setting',
    level: 'MUST',
    basis: 'documented',
    quote: 'Specify "NONE" to clear existing setting.',
    statement: 'Specify "NONE" to clear existing setting.',
    note: 'A cleared setting reads back absent, null, "" or NONE by default; only absent, null or "" under readings.clearedReadsAs = empty (TXM-O2).',
  },
  {
    id: 'TXM-TEMPLATE-STORED',
    title:
      "a callback URL template (the page's \\p and \\a; every code of the page and the overview, \\s included; http and https) is stored exactly as given",
    level: 'MUST',
    basis: 'inferred',
    quote: `The URL is parameter-substituted similar to that in set_dynamic_request_handler().\nA common format for this URL is:\nhttp://yoursite.com/yourscript.php?user=\\p&action=\\a\nThe \\s URL param uses this token to sign requests.\n${SUBSTITUTIONS}`,
    note: "The substitution happens when the notification is sent, so the template must be stored as sent (not substituted, escaped or percent-encoded), or the user's script gets no \\p or \\a: inferred from the page's \"common format\" and the overview's list of codes.",
  },
  {
    id: 'TXM-URL-VALIDATED',
    title: 'a group_callback_url that is neither a URL nor NONE is refused with a non-zero rescode',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'OPT group_callback_url URL (or NONE) URL to notify on group join/leave events',
    reading: 'urlValidation',
    note: 'Inferred from the argument type "URL (or NONE)": the page does not say the value is validated, so the check runs only under readings.urlValidation = refused (TXM-O6); under the default (unchecked) it is not applicable.',
  },
  {
    id: 'TXM-SIGNATURE',
    title: 'the \\s URL parameter of a group callback is the signature made with the private_token just set',
    level: 'MUST',
    basis: 'documented',
    quote: 'The \\s URL param uses this token to sign requests.',
    statement: 'The \\s URL param uses this token to sign requests.',
    reading: 'signerModule',
    note: 'The algorithm is not public (related.txt): the check needs a signer module (readings.signerModule, TXM-O5) that computes the expected \\s and makes the target send a group callback. Not applicable until one is configured.',
  },
  // ------------------------------------------------------------ JSON-P
  {
    id: 'TXM-JSONP',
    title: 'with jsonp=cb the body is cb(<the envelope>)',
    level: 'MUST',
    basis: 'documented',
    quote: JSONP,
    statement: JSONP,
  },
  {
    id: 'TXM-JSONP-BLANK',
    title: 'a blank jsonp gives plain JSON, no callback',
    level: 'MUST',
    basis: 'documented',
    quote: JSONP,
    statement: JSONP,
  },
  {
    id: 'TXM-JSONP-ERRORS',
    title: 'the JSON-P callback wraps error responses too',
    level: 'MUST',
    basis: 'inferred',
    quote: `${JSONP}\n${RESP}`,
    note: 'The page offers the callback for "JSON response.head.rescode==0 for success, or error code otherwise", i.e. for either outcome: a browser client only sees errors that come through its callback.',
  },
  {
    id: 'TXM-JSONP-SAFE-CALLBACK',
    title: 'a jsonp value that is not a plain identifier is never echoed raw as the callback',
    level: 'SHOULD',
    basis: 'inferred',
    quote: JSONP,
    note: 'Security, not on the page: echoing an arbitrary jsonp value in front of the JSON lets a third-party page inject script (reflected XSS, Rosetta Flash). Refusing it or sanitising it both pass.',
  },
  {
    id: 'TXM-ERROR-HTTP-STATUS',
    title:
      'an error (non-zero rescode) comes with the HTTP status of readings.errorHttpStatus (200, as the official clients expect)',
    level: 'SHOULD',
    basis: 'inferred',
    quote:
      'HTTP 200 is likely even when `rescode` is not 0 (those clients treat a non-200 status as a transport error).',
    reading: 'errorHttpStatus',
    note: 'From related.txt, hedged ("likely"): the page speaks only of the rescode, so the status of an error is an open point (TXM-O4), checked only once readings.errorHttpStatus names one.',
  },
  // ------------------------------------------------------------ other documented request forms
  {
    id: 'TXM-FORM-CHARSET',
    title:
      'a form body labelled application/x-www-form-urlencoded; charset=UTF-8 is read like one without the charset',
    level: 'SHOULD',
    basis: 'inferred',
    quote: FORMS,
    note: 'Requests are form fields (related.txt); Java and Python HTTP clients label a form body with charset=UTF-8, and a form type with a parameter is still the form type.',
  },
  {
    id: 'TXM-GET',
    title:
      'GET with the arguments in the query string works like POST (integration_config(), and set_integration_config() under "both")',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `${FORMS}\nMethod: set_integration_config() (POST) - Set integration configuration`,
    reading: 'getRequests',
    note: 'The overview says "GET or POST" for every call, while this page labels the setter "(POST)": which calls take GET is open (TXM-O8), checked only under readings.getRequests. GET puts auth_pass in the URL (server logs): opt in knowingly.',
  },
  // ------------------------------------------------------------ two errors at once
  {
    id: 'TXM-ERROR-COMBINED',
    title:
      'a request with two faults at once (two missing arguments; a missing argument or a bad option with a wrong password; a wrong password with a foreign tm) is refused with a rescode one of those faults gets alone, and changes nothing',
    level: 'MUST',
    basis: 'documented',
    quote: `REQ auth_pass Password Password\n${TM_ARG}\n${RESP}`,
    note: 'Each fault alone is refused (REQ, "owned by auth_user", "error code otherwise"), so both together must be too; the code must be the error code of one of them. Which one wins is TXM-ERROR-PRECEDENCE (a reading). Read back through the owned tm: the attempted group_callback_url is not stored.',
  },
  {
    id: 'TXM-ERROR-PRECEDENCE',
    title: 'of two faults, the one first in readings.errorPrecedence decides the rescode',
    level: 'SHOULD',
    basis: 'inferred',
    quote: RESP,
    reading: 'errorPrecedence',
    note: 'The page gives one rescode per answer and no order among errors: an open point (TXM-O10). Judged only where the two faults alone get different codes.',
  },
  // ------------------------------------------------------------ media types (declared last in the suite)
  {
    id: 'TXM-MEDIA-TYPE',
    title:
      'every response the suite received is labelled with the media type of what it carries (JSON: application/json or +json; JSON-P: a script type under readings.jsonpMediaType)',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RESP}\n${JSONP}`,
    note: 'A client that dispatches on Content-Type misreads a mislabelled body; readings.legacyMediaTypes lets the user accept a legacy label they cannot change. The page declares no charset, so none is checked; the JSON-P type is open (VENDORS.md): judged only under readings.jsonpMediaType = script.',
  },
] as const satisfies readonly Def[];

/** The requirement IDs of the catalogue, as a union type. */
export type TxmId = RequirementId<typeof DEFS>;

export const REQUIREMENTS: readonly Requirement[] = DEFS.map((d) => ({ ...d, source: SOURCE }));

// Options marked `as string` / `as number` stand for any value of that type (the config schema
// allows any dotted path, status, rescode, module, order or list): the derived Readings type says so.
export const READINGS = [
  {
    id: 'TXM-C1',
    kind: 'contradiction',
    title:
      'The page writes "response.head.rescode"; the API overview and every official client read head at the top level',
    quotes: [RESP, ENVELOPE_RELATED],
    configKey: 'envelope',
    options: [
      {
        value: 'top-level',
        description:
          '{"head":…,"body":…} at the top level, as the official PHP, Java and Python clients read it',
      },
      {
        value: 'wrapped',
        description:
          '{"response":{"head":…,"body":…}}, the literal reading of the page (breaks those clients)',
      },
    ],
    default: 'top-level',
  },
  {
    id: 'TXM-C2',
    kind: 'contradiction',
    title:
      'The page prints the call with a doubled slash (//TextMarkManager/…); the overview says /{Package}/{method}/',
    quotes: [
      'POST http://help.api2.textmarks.com//TextMarkManager/set_integration_config/',
      'Requests are form fields (`application/x-www-form-urlencoded`), GET or POST, to `/{Package}/{method}/` with a trailing slash.',
    ],
    configKey: 'pathStyle',
    options: [
      { value: 'single', description: '{baseUrl}/TextMarkManager/set_integration_config/ (one slash)' },
      {
        value: 'double',
        description: '{baseUrl}//TextMarkManager/set_integration_config/, exactly as printed',
      },
    ],
    default: 'single',
  },
  {
    id: 'TXM-O1',
    kind: 'open-point',
    title: 'Where integration_config() puts the settings (it is documented on another page)',
    quotes: ['See integration_config() to read the current settings.'],
    configKey: 'readbackPath',
    options: [
      {
        value: 'auto',
        description:
          'the first object in the envelope (body first) that holds group_callback_url or private_token',
      },
      {
        value: 'body' as string,
        description:
          'members group_callback_url and private_token of the envelope body (any dotted path from the envelope may be configured)',
      },
    ],
    default: 'auto',
  },
  {
    id: 'TXM-O2',
    kind: 'open-point',
    title: 'What a cleared group_callback_url reads back as',
    quotes: ['Specify "NONE" to clear existing setting.'],
    configKey: 'clearedReadsAs',
    options: [
      {
        value: 'empty-or-NONE',
        description:
          'absent, null, "" or the string NONE (the page does not say how a cleared setting reads)',
      },
      { value: 'empty', description: 'absent, null or "" (NONE read back is a failure)' },
    ],
    default: 'empty-or-NONE',
  },
  {
    id: 'TXM-O3',
    kind: 'open-point',
    title: 'Whether integration_config() shows the private_token (a shared secret)',
    quotes: [
      'Optional secret value shared between TextMark and 3rd party site, used for cryptographic purposes.',
      'See integration_config() to read the current settings.',
    ],
    configKey: 'privateTokenReadBack',
    options: [
      {
        value: 'shown',
        description:
          'it is shown: the suite compares it and restores it at the end: restorePrivateToken when configured, otherwise the value read at the start (if the first read-back does not show it, or shows it masked, e.g. "********", the suite changes it only when restorePrivateToken is configured)',
      },
      {
        value: 'hidden',
        description:
          'it is not shown: never compared; the suite changes private_token only if restorePrivateToken is configured (to put it back), otherwise those checks are not applicable',
      },
    ],
    default: 'shown',
  },
  {
    id: 'TXM-O4',
    kind: 'open-point',
    title: 'The HTTP status of an error (the page speaks only of the rescode)',
    quotes: [RESP],
    configKey: 'errorHttpStatus',
    options: [
      { value: 'any', description: 'not checked: the page speaks only of the rescode' },
      {
        value: 200 as number,
        description: 'HTTP 200, as the official clients expect (any integer may be configured)',
      },
    ],
    default: 'any',
  },
  {
    id: 'TXM-O5',
    kind: 'open-point',
    title: 'How \\s signs a request with the private_token (the algorithm is not public)',
    quotes: [
      'The \\s URL param uses this token to sign requests.',
      'See Cryptographically Signed Requests for more information.',
    ],
    configKey: 'signerModule',
    options: [
      { value: '', description: 'no signer: TXM-SIGNATURE is not applicable' },
      {
        value: 'builtin:hmac-sha256' as string,
        description:
          'the built-in test signer: hex HMAC-SHA256 keyed by private_token of "<tm>|<phone>|<action>", a convention a test target may implement (not TextMarks\' own), triggered by a form POST of tm, phone and action to groupEventUrl; or the path (absolute, or relative to the project root) of a module exporting sign() and trigger()',
      },
    ],
    default: '',
  },
  {
    id: 'TXM-O6',
    kind: 'open-point',
    title:
      'Whether a group_callback_url that is neither a URL nor NONE is refused (the page gives only the argument type)',
    quotes: [
      'OPT group_callback_url URL (or NONE) URL to notify on group join/leave events',
      'Specify "NONE" to clear existing setting.',
    ],
    configKey: 'urlValidation',
    options: [
      {
        value: 'unchecked',
        description:
          'the page does not say the value is validated: TXM-URL-VALIDATED is not applicable (nothing that is not a URL is sent)',
      },
      {
        value: 'refused',
        description:
          'a value that is neither a URL nor NONE is refused with a non-zero rescode: TXM-URL-VALIDATED is checked',
      },
    ],
    default: 'unchecked',
  },
  {
    id: 'TXM-O7',
    kind: 'open-point',
    title: 'The rescode of a tm not owned by auth_user (VENDORS.md: open; the overview names 2011)',
    quotes: [TM_ARG, 'Some known rescodes: 2011 ERR_REQUEST_INVALID_TM (with `resmsg` giving the reason)'],
    configKey: 'foreignTmRescode',
    options: [
      {
        value: 'any',
        description: 'any non-zero rescode (TXM-TM-NOT-OWNED); TXM-TM-NOT-OWNED-2011 is not applicable',
      },
      {
        value: 2011 as number,
        description: 'ERR_REQUEST_INVALID_TM, the code the overview names (any integer may be configured)',
      },
    ],
    default: 'any',
  },
  {
    id: 'TXM-O8',
    kind: 'open-point',
    title: 'Which calls take GET (the overview says "GET or POST"; the page labels the setter "(POST)")',
    quotes: [FORMS, 'Method: set_integration_config() (POST) - Set integration configuration'],
    configKey: 'getRequests',
    options: [
      { value: 'none', description: 'only POST is exercised: TXM-GET is not applicable' },
      { value: 'integration_config', description: 'the read-back takes GET (query string)' },
      { value: 'both', description: 'the read-back and set_integration_config() take GET' },
    ],
    default: 'none',
  },
  {
    id: 'TXM-O9',
    kind: 'open-point',
    title: 'Which written forms of the phone number log in (the page says only "phone#")',
    quotes: [AUTH_USER],
    configKey: 'phoneForms',
    options: [
      {
        value: 'configured',
        description: 'authPhone as configured only: TXM-AUTH-PHONE-FORMS is not applicable',
      },
      {
        value: 'common',
        description:
          'also the digits alone, and + and the digits when authPhone starts with + (a country code)',
      },
    ],
    default: 'configured',
  },
  {
    id: 'TXM-O10',
    kind: 'open-point',
    title: 'Which error wins when a request has two (the page gives one rescode per answer)',
    quotes: [RESP],
    configKey: 'errorPrecedence',
    options: [
      {
        value: '',
        description:
          'any: the rescode is one the faults get alone (TXM-ERROR-COMBINED); TXM-ERROR-PRECEDENCE is not applicable',
      },
      {
        value: 'missing,auth,tm,value' as string,
        description:
          'a comma-separated order of fault kinds, first wins: missing (a REQ argument absent), auth (wrong auth_pass), tm (tm not owned), value (a bad option value)',
      },
    ],
    default: '',
  },
  {
    id: 'TXM-O11',
    kind: 'open-point',
    title: 'The media type of a JSON-P answer (VENDORS.md: open)',
    quotes: [JSONP],
    configKey: 'jsonpMediaType',
    options: [
      { value: 'unchecked', description: 'JSON-P answers are not judged by TXM-MEDIA-TYPE' },
      { value: 'script', description: 'a script type: application/javascript, text/javascript …' },
    ],
    default: 'unchecked',
  },
  {
    id: 'TXM-O12',
    kind: 'open-point',
    title: 'Legacy media types the user accepts for their target (TXM-MEDIA-TYPE)',
    quotes: [RESP],
    configKey: 'legacyMediaTypes',
    options: [
      { value: '', description: 'none: JSON must be application/json or a +json type' },
      {
        value: 'text/plain,text/html' as string,
        description: 'a comma-separated list of media types also accepted',
      },
    ],
    default: '',
  },
] as const satisfies readonly Reading[];
