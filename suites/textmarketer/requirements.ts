// TextMarketer "modify account details": every statement of the page the suite enforces, quoted.
// Documented quotes are verbatim substrings of schemas/textmarketer/page.txt (a test holds us to it);
// inferred ones say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';
import type { RequirementId } from '../../src/vendor.ts';

export const SOURCE = '003_38b1ffcce276074f.txt';

type Def = Omit<Requirement, 'source'>;

const CREDENTIAL_FIELDS = [
  {
    field: 'account_api_password',
    key: 'API-PASSWORD',
    what: 'API password',
    quote:
      "account_api_password | Optional. Set a new API password. Between 5 and 20 characters, inclusive. Alpha-numeric (no accented letters), '-' and '_' characters.",
  },
  {
    field: 'account_api_username',
    key: 'API-USERNAME',
    what: 'API username',
    quote:
      "account_api_username | Optional. Set a new API username. Between 5 and 20 characters, inclusive. Alpha-numeric (no accented letters), '-' and '_' characters.",
  },
  {
    field: 'account_password',
    key: 'PASSWORD',
    what: 'account (web UI) password',
    quote:
      "account_password | Optional. Set a new account password (for access to the web UI). Between 5 and 20 characters, inclusive. Alpha-numeric (no accented letters), '-' and '_' characters allowed.",
  },
  {
    field: 'account_username',
    key: 'USERNAME',
    what: 'account (web UI) username',
    quote:
      "account_username | Optional. Set a new account username (for access to the web UI). Between 5 and 20 characters, inclusive. Alpha-numeric (no accented letters), '-' and '_' characters allowed.",
  },
] as const;

export const CREDENTIAL_RULES = CREDENTIAL_FIELDS.map((f) => ({
  field: f.field,
  lengthId: `TMR-${f.key}-LENGTH` as const,
  patternId: `TMR-${f.key}-PATTERN` as const,
  isApiCredential: f.field.startsWith('account_api_'),
}));

const ERR4 = '4 | A value you tried to set is either too long or too short. See specific error text.';
const ERR5 = '5 | A value you tried to set does not match the required pattern. See specific error text.';

// Generated per credential field: the IDs stay a union of template literals (TMR-API-PASSWORD-LENGTH …).
const fieldRules = CREDENTIAL_FIELDS.flatMap((f) => [
  {
    id: `TMR-${f.key}-LENGTH` as const,
    title: `${f.field}: 5 to 20 characters inclusive; shorter or longer yields error 4`,
    level: 'MUST',
    basis: 'documented',
    quote: `${f.quote}\n${ERR4}`,
    statement: ERR4,
    note: 'Tested at both sides of each boundary: 4 and 21 characters are refused with code 4; 5 and 20 are accepted and applied: the modify answer or a read-back shows the new value (each put back at once).',
  } satisfies Def,
  {
    id: `TMR-${f.key}-PATTERN` as const,
    title: `${f.field}: only ASCII letters, digits, '-' and '_'; anything else yields error 5`,
    level: 'MUST',
    basis: 'documented',
    quote: `${f.quote}\n${ERR5}`,
    statement: ERR5,
    note: "A value with '!' and one with an accented letter are refused with code 5; one with '-' and '_' is accepted and applied (put back at once).",
  } satisfies Def,
]);

const USERNAME_LINE =
  'username | The username of the accessing/master account, for authentication. Not required if you use HTTP Basic Authentication instead.';
const ACCESS_NOTE =
  'Note that a 404 status code is returned if the account ID specified does not exist, and 403 if you do not have permission to access the account you specified.';
const EMAIL_LINE =
  'notifcation_email | Optional. Sets the email address to which notifcations and alerts are sent. Must be a valid email address.';
const MOBILE_LINE =
  'notifcation_mobile | Optional. Sets the mobile number to which notifcations and alerts are sent. Must be a valid UK mobile number.';
export const COMPANY_LINE =
  'company_name | Optional. Set a new company name for the account. Between 3 and 40 characters, inclusive. No special restrictions.';
const SDK_LINE =
  'The official PHP and Java SDKs send `apiClient=tm-php-1.4` / `tm-java-1.4.1` with `username` and `password` in the query string for GET, PUT and DELETE, but in the request body for POST, together with the fields: the Java SDK sends `application/x-www-form-urlencoded`, the PHP SDKs (1.2 and 1.4) hand curl an array and so send `multipart/form-data`, credentials included.';

const AUTH_OVERVIEW_LINE =
  '- Authentication: `username`/`password` as GET or POST variables, or HTTP Basic; these are the API credentials.';
const READBACK_LINE =
  '- `GET account/{account_id}` reads an account back in the same shape as the modify response.';

const defs = [
  {
    id: 'TMR-AUTH-PARAMS',
    title: 'username/password parameters authenticate the request',
    level: 'MUST',
    basis: 'documented',
    quote: `${USERNAME_LINE}\npassword | The password of the accessing/master account, for authentication. Not required if you use HTTP Basic Authentication instead.`,
  },
  {
    id: 'TMR-AUTH-BASIC',
    title: 'HTTP Basic authentication is accepted instead of the parameters',
    level: 'MUST',
    basis: 'documented',
    quote: 'Not required if you use HTTP Basic Authentication instead.',
  },
  {
    id: 'TMR-AUTH-QUERY',
    title: 'username/password as query-string (GET) variables authenticate a POST too',
    level: 'SHOULD',
    basis: 'inferred',
    quote: AUTH_OVERVIEW_LINE,
    note: 'The API overview (related.txt) names GET variables; no SDK sends them on a POST, so no real client breaks without it.',
  },
  {
    id: 'TMR-MULTIPART',
    title:
      'the modify call as the official PHP SDK sends it (multipart/form-data, credentials and apiClient in the body) is accepted and applied',
    level: 'MUST',
    basis: 'inferred',
    quote: `${SDK_LINE}\nA server that reads only url-encoded bodies refuses every POST of the official PHP SDK (403), so a suite must send the modify call in both encodings.`,
    note: 'A real client breaks without it: the official PHP SDK sends every POST as multipart/form-data.',
  },
  {
    id: 'TMR-SDK-APICLIENT',
    title:
      'the modify call as the official Java SDK sends it (url-encoded, with apiClient=tm-java-1.4.1) is accepted and applied',
    level: 'MUST',
    basis: 'inferred',
    quote: SDK_LINE,
    note: 'A real client breaks without it: both SDKs send apiClient on every call, so a server refusing the parameter refuses them all.',
  },
  {
    id: 'TMR-AUTH-REQUIRED',
    title: 'a request without valid credentials is refused (not 2xx) and changes nothing',
    level: 'MUST',
    basis: 'documented',
    quote: 'username | The username of the accessing/master account, for authentication.',
    statement: 'The username of the accessing/master account, for authentication.',
    note: 'Refused means any non-2xx answer: the status is an open point (TMR-AUTH-STATUS, readings.authFailureStatuses).',
  },
  {
    id: 'TMR-AUTH-STATUS',
    title:
      'wrong or missing credentials are answered with the configured status (readings.authFailureStatuses)',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'HTTP statuses used: 200, 400, 403 (bad credentials or rights), 404, 405, 500, 501, 503 (also rate limiting).\nOpen: the URL (the page speaks of "the account ID specified"); the error body format; what wrong credentials return.',
    note: 'The page gives no status for bad credentials (the overview uses 403): not applicable until the user names the statuses their target answers, a promise that then gates like any MUST.',
    reading: 'authFailureStatuses',
  },
  {
    id: 'TMR-MASTER-ACCESS',
    title: 'the accessing/master account may modify another account it has access to (config subAccountId)',
    level: 'MUST',
    basis: 'documented',
    quote: USERNAME_LINE,
    statement: ACCESS_NOTE,
    note: 'The login may be a master account acting on another account; 403 only without permission. Needs subAccountId (its company name is changed and put back at once).',
  },
  {
    id: 'TMR-SUCCESS-DTD',
    title: 'the success body is valid against the DTD printed on the page',
    level: 'MUST',
    basis: 'documented',
    quote:
      '<!ELEMENT response (account)>\n<!ATTLIST response\nprocessed_date CDATA #REQUIRED\n>\n<!ELEMENT account (account_id, api_password, api_username, company_name?,\ncreate_date, credits, notification_email?, notification_mobile?, password,\nusername)>',
  },
  {
    id: 'TMR-SUCCESS-DOCTYPE',
    title: "the success body's DOCTYPE names the root response and the page's public identifier",
    level: 'MUST',
    basis: 'documented',
    quote: '<!DOCTYPE response PUBLIC\n"-//textmarketer.co.uk//DTD Web Services REST 1.6//EN"',
    literal: '-//textmarketer.co.uk//DTD Web Services REST 1.6//EN',
    note: 'The system identifier is TMR-DOCTYPE-SYSTEM-ID (the page names groups_get.dtd).',
  },
  {
    id: 'TMR-DOCTYPE-SYSTEM-ID',
    title: "the DOCTYPE's system identifier is the configured one (readings.expectedSystemId)",
    level: 'MUST',
    basis: 'documented',
    quote: '"http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd">',
    note: 'The page names groups_get.dtd for an account answer (contradiction TMR-C2): not applicable until the user names the identifier their target sends.',
    reading: 'expectedSystemId',
  },
  {
    id: 'TMR-ENCODING-DECLARED',
    title: 'the success body declares ISO-8859-1 in its XML declaration',
    level: 'MUST',
    basis: 'documented',
    quote: '<?xml version="1.0" encoding="ISO-8859-1"?>',
    literal: 'encoding="ISO-8859-1"',
    note: 'The Content-Type charset is TMR-MEDIA-TYPE.',
  },
  {
    id: 'TMR-NONASCII-ROUNDTRIP',
    title: 'a company name with Latin-1 letters (é, ü, £) reads back exactly, in the declared encoding',
    level: 'MUST',
    basis: 'inferred',
    quote: `${COMPANY_LINE}\nThe Java SDK resolves the DOCTYPE's DTD URL when parsing, and decodes the body with the platform charset instead of the declared ISO-8859-1: a server must declare and send ISO-8859-1 correctly, and a suite must check non-ASCII values round-trip.`,
    note: 'A real client breaks without it: the Java SDK decodes with the platform charset, so a server must send the bytes it declares.',
  },
  {
    id: 'TMR-PROCESSED-DATE',
    title: 'the success response carries processed_date',
    level: 'MUST',
    basis: 'documented',
    quote: 'processed_date CDATA #REQUIRED',
  },
  {
    id: 'TMR-PROCESSED-DATE-FORMAT',
    title: 'processed_date is an ISO 8601 date-time with offset, as in the example',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '<response processed_date="2012-04-11T11:23:14+02:00">',
    note: 'The DTD types it CDATA; the format is inferred from the example (a date is data, not a literal).',
  },
  {
    id: 'TMR-SHOWS-VALUES',
    title: 'the success response shows the values just set',
    level: 'SHOULD',
    basis: 'inferred',
    quote:
      'company_name | Optional. Set a new company name for the account.\nnotifcation_email | Optional. Sets the email address to which notifcations and alerts are sent.',
    note: 'Inferred from "Example successful response body XML", which shows an account; the page does not say it is the account after the change, and no SDK relies on it.',
  },
  {
    id: 'TMR-READBACK',
    title: 'reading the account back (GET account/{id}) agrees with the modify response',
    level: 'SHOULD',
    basis: 'inferred',
    quote: READBACK_LINE,
    note: 'GET account/{account_id} is documented on the API overview, not on this page.',
  },
  {
    id: 'TMR-READBACK-AUTH-PARAMS',
    title: 'the read-back (GET account/{id}) accepts username/password as query-string parameters',
    level: 'MUST',
    basis: 'inferred',
    quote: `${AUTH_OVERVIEW_LINE}\n${SDK_LINE}`,
    note: 'The page documents the parameters for its POST only; the overview names GET variables, and a real client breaks without them: both SDKs send their GET credentials in the query string.',
  },
  {
    id: 'TMR-READBACK-AUTH-BASIC',
    title: 'the read-back (GET account/{id}) accepts HTTP Basic authentication instead of the parameters',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `${AUTH_OVERVIEW_LINE}\n${READBACK_LINE}`,
    note: 'The page documents HTTP Basic for its POST only; the overview offers it for every call, but no SDK sends it, so no real client breaks without it.',
  },
  {
    id: 'TMR-UNCHANGED-OPTIONAL',
    title: 'fields not sent are left unchanged',
    level: 'MUST',
    basis: 'inferred',
    quote: 'company_name | Optional. Set a new company name for the account.',
    note: 'Every field is "Optional", and a real client breaks otherwise: the SDKs send only the fields the caller sets, so clearing the others would wipe them on every call.',
  },
  ...fieldRules,
  {
    id: 'TMR-COMPANY-LENGTH',
    title: 'company_name: 3 to 40 characters inclusive; shorter or longer yields error 4',
    level: 'MUST',
    basis: 'documented',
    quote: `${COMPANY_LINE}\n${ERR4}`,
    statement: ERR4,
  },
  {
    id: 'TMR-COMPANY-SPECIAL-CHARS',
    title:
      "company_name: '<', '>', '\"' and '&' are accepted and come back exactly as sent (escaped in the XML)",
    level: 'MUST',
    basis: 'documented',
    quote: COMPANY_LINE,
    statement: 'No special restrictions.',
    note: 'Accepted and applied: the modify answer, or else a read-back, shows the name exactly as sent (a body that does not escape them is not readable XML).',
  },
  {
    id: 'TMR-EMAIL-INVALID',
    title: 'an invalid notification email yields error 2',
    level: 'MUST',
    basis: 'documented',
    quote: `${EMAIL_LINE}\n2 | The email address you specified is invalid.`,
  },
  {
    id: 'TMR-EMAIL-FORMS',
    title: 'valid addresses in their common forms (plus tag, dots, subdomain, capitals) are accepted',
    level: 'MUST',
    basis: 'documented',
    quote: EMAIL_LINE,
    note: 'A valid address refused with error 2 contradicts the table: "Must be a valid email address" admits every valid one.',
  },
  {
    id: 'TMR-MOBILE-INVALID',
    title: 'a number that is not a UK mobile yields error 3',
    level: 'MUST',
    basis: 'documented',
    quote: `${MOBILE_LINE}\n3 | The mobile number you specified is not a valid UK mobile number.`,
  },
  {
    id: 'TMR-MOBILE-FORMS',
    title: "a valid UK mobile is accepted in its common written forms (447…, 07…, +447…, '07xxx xxxxxx')",
    level: 'MUST',
    basis: 'documented',
    quote: `${MOBILE_LINE}\n<notification_mobile>447777777777</notification_mobile>`,
    note: 'The page asks for "a valid UK mobile number", not one spelling of it; how the target stores it (the example shows 447…) is not checked.',
  },
  {
    id: 'TMR-USERNAME-TAKEN',
    title: 'a username already in use yields error 7',
    level: 'MUST',
    basis: 'documented',
    quote: '7 | The username you specified is already in use. Please choose another',
    statement: '7 | The username you specified is already in use. Please choose another',
    note: 'Tested with account_username = takenUsername; also with account_api_username = takenApiUsername when that is configured.',
  },
  {
    id: 'TMR-404-UNKNOWN',
    title: 'an account ID that does not exist yields HTTP 404',
    level: 'MUST',
    basis: 'documented',
    quote: 'Note that a 404 status code is returned if the account ID specified does not exist',
  },
  {
    id: 'TMR-403-FOREIGN',
    title: 'an account the credentials may not access yields HTTP 403',
    level: 'MUST',
    basis: 'documented',
    quote: 'and 403 if you do not have permission to access the account you specified.',
    statement: ACCESS_NOTE,
  },
  {
    id: 'TMR-ERROR-ENVELOPE',
    title:
      'errors come as <response processed_date><errors><error code="N">message</error></errors></response>',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'Specific errors:\nCode | Meaning |\n- Error body (same DOCTYPE, system id `…/DTD/errors.dtd`): `<response processed_date="…"><errors><error code="N">message</error>…</errors></response>`; several `<error>` elements may appear. Client libraries parse it on HTTP 400.',
    note: 'The page lists the codes but not the body; a real client breaks without it: the SDKs parse exactly this envelope.',
  },
  {
    id: 'TMR-ERROR-STATUS',
    title: 'a validation error is answered with HTTP 400 (readings.errorStatus)',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'Specific errors:\nThey parse `<errors><error code>` only on HTTP 400 and treat any other non-200 status as an exception carrying the raw body.',
    note: 'A real client breaks without it: the SDKs read the error code only on HTTP 400. readings.errorStatus names another status for a target known to differ.',
  },
  {
    id: 'TMR-ERROR-NO-CHANGE',
    title: 'a request refused with an error changes nothing, not even its valid fields',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '2 | The email address you specified is invalid.',
    note: 'Inferred, hence SHOULD: neither the page nor the overview says a refused request is all-or-nothing, but an error answer that still applied part of the change would leave the client unable to know the state.',
  },
  {
    id: 'TMR-ERROR-COMBINED',
    title:
      'a request with two faults at once (credentials + field, unknown account + field, two fields, one field twice) is refused with one of their errors and changes nothing',
    level: 'MUST',
    basis: 'documented',
    quote: `${ERR4}\n${ERR5}\n2 | The email address you specified is invalid.\n${ACCESS_NOTE}`,
    statement: 'Must be a valid email address.',
    note: 'Each fault alone is documented to be refused; which one wins is open (TMR-ERROR-PRECEDENCE), so any of their errors passes.',
  },
  {
    id: 'TMR-ERROR-PRECEDENCE',
    title:
      'with two faults at once, the error the configured precedence names wins (readings.errorPrecedence)',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Specific errors:\nseveral `<error>` elements may appear.',
    note: 'The page does not order its errors: not applicable until the user names the precedence their target follows, a promise that then gates like any MUST.',
    reading: 'errorPrecedence',
  },
  {
    id: 'TMR-CREATE-DATE-FORMAT',
    title: 'create_date is an ISO 8601 date-time (only when readings.createDateFormat is "iso8601")',
    level: 'MUST',
    basis: 'inferred',
    quote: '<create_date>20012-02-12T01:00:00+02:00</create_date>',
    note: "The page's own example has a five-digit year: not applicable until the user sets readings.createDateFormat to iso8601, a promise that then gates like any MUST.",
    reading: 'createDateFormat',
  },
  {
    id: 'TMR-MEDIA-TYPE',
    title:
      'every response is labelled with an XML media type (application/xml, text/xml, +xml), and a success body with charset ISO-8859-1 if any',
    level: 'MUST',
    basis: 'inferred',
    quote: '<?xml version="1.0" encoding="ISO-8859-1"?>',
    note: 'A client that dispatches on Content-Type misreads a mislabelled body; readings.legacyMediaTypes lets the user accept a legacy label they cannot change.',
  },
] as const satisfies readonly Def[];

export const REQUIREMENTS = defs.map((d) => ({ ...d, source: SOURCE })) satisfies readonly Requirement[];

/** Every TextMarketer requirement ID, as a union type. */
export type TmrRequirementId = RequirementId<typeof REQUIREMENTS>;

// Readings whose value the user may choose freely (any status, path, identifier) widen their
// option's type, so ReadingsOf<typeof READINGS> admits every value the config schema admits.
export const READINGS = [
  {
    id: 'TMR-C1',
    kind: 'contradiction',
    title: 'Request fields are spelled notifcation_* but the response elements notification_*',
    quotes: [
      'notifcation_email | Optional. Sets the email address to which notifcations and alerts are sent.',
      '<notification_email>bill@billsbakery.com</notification_email>',
    ],
    configKey: 'requestFieldSpelling',
    options: [
      {
        value: 'notifcation',
        description: 'send notifcation_email / notifcation_mobile, as the parameter table says',
      },
      {
        value: 'notification',
        description: 'send notification_email / notification_mobile, as the response and DTD spell it',
      },
    ],
    default: 'notifcation',
  },
  {
    id: 'TMR-C2',
    kind: 'contradiction',
    title: "The DOCTYPE's system identifier names groups_get.dtd for an account response",
    quotes: ['"http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd">'],
    configKey: 'expectedSystemId',
    options: [
      {
        value: '' as string,
        description: 'do not check the system identifier (it is never fetched either way)',
      },
      {
        value: 'http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd',
        description: 'require exactly the identifier the page prints',
      },
    ],
    default: '',
  },
  {
    id: 'TMR-C3',
    kind: 'contradiction',
    title: "The example's create_date has a five-digit year (20012)",
    quotes: ['<create_date>20012-02-12T01:00:00+02:00</create_date>'],
    configKey: 'createDateFormat',
    options: [
      {
        value: 'any',
        description: 'any text (the DTD types it #PCDATA; the example would fail a date check)',
      },
      { value: 'iso8601', description: 'require an ISO 8601 date-time (TMR-CREATE-DATE-FORMAT)' },
    ],
    default: 'any',
  },
  {
    id: 'TMR-O1',
    kind: 'open-point',
    title: 'The URL of the call ("the account ID specified")',
    quotes: ['Note that a 404 status code is returned if the account ID specified does not exist'],
    configKey: 'accountPath',
    options: [
      {
        value: 'account/{account_id}' as string,
        description: 'POST (and GET for read-back) account/{account_id} under the base URL',
      },
    ],
    default: 'account/{account_id}',
  },
  {
    id: 'TMR-O2',
    kind: 'open-point',
    title: 'The HTTP status of a validation error',
    quotes: ['Specific errors:'],
    configKey: 'errorStatus',
    options: [
      { value: 400 as number, description: 'HTTP 400, as the SDKs expect (any integer may be configured)' },
    ],
    default: 400,
  },
  {
    id: 'TMR-O3',
    kind: 'open-point',
    title: 'What wrong or missing credentials return',
    quotes: ['username | The username of the accessing/master account, for authentication.'],
    configKey: 'authFailureStatuses',
    options: [
      {
        value: '' as string,
        description: 'any refusal (not 2xx) passes TMR-AUTH-REQUIRED; TMR-AUTH-STATUS is not checked',
      },
      { value: '403', description: 'HTTP 403, as the API overview uses for bad credentials' },
      {
        value: '401,403',
        description: 'HTTP 401 or 403 (any comma-separated list of statuses may be configured)',
      },
    ],
    default: '',
  },
  {
    id: 'TMR-O4',
    kind: 'open-point',
    title: 'How the suite authenticates the checks that are not about authentication',
    quotes: ['Not required if you use HTTP Basic Authentication instead.'],
    configKey: 'auth',
    options: [
      { value: 'params', description: 'username/password as POST fields (GET: query), as the SDKs do' },
      { value: 'basic', description: 'HTTP Basic' },
    ],
    default: 'params',
  },
  {
    id: 'TMR-O5',
    kind: 'open-point',
    title: 'The character set of form-encoded request values',
    quotes: [
      'company_name | Optional. Set a new company name for the account. Between 3 and 40 characters, inclusive. No special restrictions.',
    ],
    configKey: 'requestCharset',
    options: [
      { value: 'utf-8', description: 'percent-encode UTF-8 bytes (what browsers and most clients send)' },
      { value: 'iso-8859-1', description: 'percent-encode ISO-8859-1 bytes, the charset of the responses' },
    ],
    default: 'utf-8',
  },
  {
    id: 'TMR-O6',
    kind: 'open-point',
    title: 'Which error wins when a request has two faults at once',
    quotes: ['Specific errors:', 'several `<error>` elements may appear.'],
    configKey: 'errorPrecedence',
    options: [
      {
        value: 'any',
        description:
          'any of the applicable errors passes, as long as the request is refused and nothing changed',
      },
      {
        value: 'auth-account-fields',
        description:
          'credentials are judged first, then the account (404/403), then the fields, and every refused field has its own <error>',
      },
    ],
    default: 'any',
  },
  {
    id: 'TMR-O7',
    kind: 'open-point',
    title: 'The Content-Type of the XML answers (the page shows bodies, not headers)',
    quotes: ['<?xml version="1.0" encoding="ISO-8859-1"?>'],
    configKey: 'legacyMediaTypes',
    options: [
      {
        value: '' as string,
        description: 'only XML media types: application/xml, text/xml or a +xml type',
      },
      {
        value: 'text/plain',
        description: 'also accept these legacy labels (comma-separated) the target cannot change',
      },
    ],
    default: '',
  },
] as const satisfies readonly Reading[];
