// TextMarks "TextMarkManager / set_integration_config()": every statement of the page the suite
// enforces, quoted. Documented quotes are verbatim substrings of schemas/textmarks/page.txt (a test
// holds us to it); inferred ones quote the page or related.txt and say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';

export const SOURCE = '001_6f51f2b9b385023d.txt';

type Def = Omit<Requirement, 'source'>;

const RESP = 'JSON response.head.rescode==0 for success, or error code otherwise.';
const JSONP = "JSON-P callback: (as 'jsonp' param, optional) (blank for none)";
const ENVELOPE_RELATED =
  'Envelope: `{"head":{"rescode":<int>,"resmsg":"…"},"body":{…}}` at the top level of the JSON.';

const defs: Def[] = [
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
    quote: `${RESP}\nPOST http://help.api2.textmarks.com//TextMarkManager/set_integration_config/`,
    note: 'The path is built from readings.pathStyle (TXM-C2: the page prints a doubled slash).',
  },
  // ------------------------------------------------------------ required arguments
  {
    id: 'TXM-AUTH-USER-REQUIRED',
    title: 'a request without auth_user gets a non-zero rescode',
    level: 'MUST',
    basis: 'documented',
    quote: `REQ auth_user User User account / phone# used for login\n${RESP}`,
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
    quote: `REQ tm TextMark TextMark keyword/TRI owned by auth_user\n${RESP}`,
  },
  {
    id: 'TXM-AUTH-WRONG-PASS',
    title: 'a wrong auth_pass gets a non-zero rescode and changes nothing',
    level: 'MUST',
    basis: 'inferred',
    quote: `REQ auth_pass Password Password\n${RESP}`,
    note: 'The page does not say what a wrong password returns (an open point of VENDORS.md); a login that is not refused is not a login. The read-back shows the attempted group_callback_url was not stored.',
  },
  {
    id: 'TXM-TM-NOT-OWNED',
    title: 'a tm not owned by auth_user gets a non-zero rescode',
    level: 'MUST',
    basis: 'documented',
    quote: `REQ tm TextMark TextMark keyword/TRI owned by auth_user\n${RESP}`,
  },
  {
    id: 'TXM-TM-NOT-OWNED-2011',
    title: 'a tm not owned by auth_user gets rescode 2011 (ERR_REQUEST_INVALID_TM)',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'Some known rescodes: 2011 ERR_REQUEST_INVALID_TM (with `resmsg` giving the reason)',
    note: 'The code is documented on another page (related.txt), not on this one: SHOULD.',
  },
  {
    id: 'TXM-API-KEY',
    title: 'api_key is optional: a request carrying the configured api_key is accepted too',
    level: 'MUST',
    basis: 'documented',
    quote: 'OPT api_key API Key API Key (Register here)',
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
    note: 'Where the settings sit in the read-back is readings.readbackPath (TXM-O1); private_token is compared unless readings.privateTokenReadBack is "hidden" (TXM-O3).',
  },
  {
    id: 'TXM-NONE-CLEARS',
    title: 'group_callback_url=NONE clears the setting',
    level: 'MUST',
    basis: 'documented',
    quote: 'Specify "NONE" to clear existing setting.',
    note: 'A cleared setting reads back absent, null or "" (readings.clearedReadsAs, TXM-O2).',
  },
  {
    id: 'TXM-TEMPLATE-STORED',
    title: 'a callback URL template with \\p and \\a is stored exactly as given',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'The URL is parameter-substituted similar to that in set_dynamic_request_handler().\nA common format for this URL is:\nhttp://yoursite.com/yourscript.php?user=\\p&action=\\a',
    note: 'The substitution happens when the notification is sent, so the template must be stored as sent (not substituted, escaped or percent-encoded): inferred from the page\'s "common format".',
  },
  {
    id: 'TXM-URL-VALIDATED',
    title: 'a group_callback_url that is neither a URL nor NONE is refused with a non-zero rescode',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'OPT group_callback_url URL (or NONE) URL to notify on group join/leave events',
    note: 'Inferred from the argument type "URL (or NONE)": the page does not say the value is validated, so the check runs only under readings.urlValidation = refused (TXM-O6); under the default (unchecked) it is not applicable.',
  },
  {
    id: 'TXM-SIGNATURE',
    title: 'the \\s URL parameter of a group callback is the signature made with the private_token just set',
    level: 'MUST',
    basis: 'documented',
    quote: 'The \\s URL param uses this token to sign requests.',
    note: 'The algorithm is not public (related.txt): the check needs a signer module (readings.signerModule, TXM-O5) that computes the expected \\s and makes the target send a group callback. Not applicable until one is configured.',
  },
  // ------------------------------------------------------------ JSON-P
  {
    id: 'TXM-JSONP',
    title: 'with jsonp=cb the body is cb(<the envelope>)',
    level: 'MUST',
    basis: 'documented',
    quote: JSONP,
  },
  {
    id: 'TXM-JSONP-BLANK',
    title: 'a blank jsonp gives plain JSON, no callback',
    level: 'MUST',
    basis: 'documented',
    quote: JSONP,
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
    title: 'an error (non-zero rescode) comes with HTTP 200 (readings.errorHttpStatus)',
    level: 'SHOULD',
    basis: 'inferred',
    quote:
      'HTTP 200 is likely even when `rescode` is not 0 (those clients treat a non-200 status as a transport error).',
    note: 'From related.txt: the official clients read the rescode only on HTTP 200. Selectable: readings.errorHttpStatus (TXM-O4).',
  },
];

export const REQUIREMENTS: Requirement[] = defs.map((d) => ({ ...d, source: SOURCE }));

export const READINGS: Reading[] = [
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
        value: 'body',
        description:
          'members group_callback_url and private_token of the envelope body (any dotted path from the envelope may be configured)',
      },
    ],
    default: 'body',
  },
  {
    id: 'TXM-O2',
    kind: 'open-point',
    title: 'What a cleared group_callback_url reads back as',
    quotes: ['Specify "NONE" to clear existing setting.'],
    configKey: 'clearedReadsAs',
    options: [
      { value: 'empty', description: 'absent, null or ""' },
      { value: 'empty-or-NONE', description: 'absent, null, "" or the string NONE' },
    ],
    default: 'empty',
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
      { value: 200, description: 'HTTP 200, as the official clients expect (any integer may be configured)' },
    ],
    default: 200,
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
        value: 'suites/textmarks/signers/mock-signer.ts',
        description:
          "a module exporting sign() and trigger() (see suites/textmarks/signer.ts); this one implements the reference mock's convention, HMAC-SHA256 — any path (absolute, or relative to the project root) may be configured",
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
];
