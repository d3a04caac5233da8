// TextMarketer "modify account details": every statement of the page the suite enforces, quoted.
// Documented quotes are verbatim substrings of schemas/textmarketer/page.txt (a test holds us to it);
// inferred ones say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';

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
  lengthId: `TMR-${f.key}-LENGTH`,
  patternId: `TMR-${f.key}-PATTERN`,
  isApiCredential: f.field.startsWith('account_api_'),
}));

const ERR4 = '4 | A value you tried to set is either too long or too short. See specific error text.';
const ERR5 = '5 | A value you tried to set does not match the required pattern. See specific error text.';

const fieldRules: Def[] = CREDENTIAL_FIELDS.flatMap((f) => [
  {
    id: `TMR-${f.key}-LENGTH`,
    title: `${f.field}: 5 to 20 characters inclusive; shorter or longer yields error 4`,
    level: 'MUST',
    basis: 'documented',
    quote: `${f.quote}\n${ERR4}`,
    note: 'Tested at both sides of each boundary: 4 and 21 characters are refused with code 4; 5 and 20 are accepted and the answer shows the new value (each put back at once).',
  },
  {
    id: `TMR-${f.key}-PATTERN`,
    title: `${f.field}: only ASCII letters, digits, '-' and '_'; anything else yields error 5`,
    level: 'MUST',
    basis: 'documented',
    quote: `${f.quote}\n${ERR5}`,
    note: "A value with '!' and one with an accented letter are refused with code 5; one with '-' and '_' is accepted and the answer shows it (put back at once).",
  },
]);

const defs: Def[] = [
  {
    id: 'TMR-AUTH-PARAMS',
    title: 'username/password parameters authenticate the request',
    level: 'MUST',
    basis: 'documented',
    quote:
      'username | The username of the accessing/master account, for authentication. Not required if you use HTTP Basic Authentication instead. |\npassword | The password of the accessing/master account, for authentication. Not required if you use HTTP Basic Authentication instead.',
  },
  {
    id: 'TMR-AUTH-BASIC',
    title: 'HTTP Basic authentication is accepted instead of the parameters',
    level: 'MUST',
    basis: 'documented',
    quote: 'Not required if you use HTTP Basic Authentication instead.',
  },
  {
    id: 'TMR-AUTH-REQUIRED',
    title: 'a request without valid credentials is refused and changes nothing',
    level: 'MUST',
    basis: 'inferred',
    quote: 'username | The username of the accessing/master account, for authentication.',
    note: 'The page does not say what wrong credentials return; the API overview uses 403 for bad credentials. Accepted statuses: readings.authFailureStatuses.',
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
    note: 'The system identifier is not checked by default (the page names groups_get.dtd): see readings.expectedSystemId.',
  },
  {
    id: 'TMR-ENCODING-DECLARED',
    title: 'the success body declares ISO-8859-1 (and a Content-Type charset, if any, agrees)',
    level: 'MUST',
    basis: 'documented',
    quote: '<?xml version="1.0" encoding="ISO-8859-1"?>',
  },
  {
    id: 'TMR-NONASCII-ROUNDTRIP',
    title: 'a company name with Latin-1 letters (é, ü, £) reads back exactly, in the declared encoding',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'company_name | Optional. Set a new company name for the account. Between 3 and 40 characters, inclusive. No special restrictions.',
    note: 'Inferred from "No special restrictions" and the declared ISO-8859-1: the Java SDK decodes with the platform charset, so a server must send the bytes it declares.',
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
    note: 'The DTD types it CDATA; the format is inferred from the example.',
  },
  {
    id: 'TMR-SHOWS-VALUES',
    title: 'the success response shows the values just set',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'company_name | Optional. Set a new company name for the account.\nnotifcation_email | Optional. Sets the email address to which notifcations and alerts are sent.',
    note: 'Inferred from "Example successful response body XML", which shows the account after the change.',
  },
  {
    id: 'TMR-READBACK',
    title: 'reading the account back (GET account/{id}) agrees with the modify response',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Note that a 404 status code is returned if the account ID specified does not exist',
    note: 'GET account/{account_id} is documented on the API overview, not on this page.',
  },
  {
    id: 'TMR-UNCHANGED-OPTIONAL',
    title: 'fields not sent are left unchanged',
    level: 'MUST',
    basis: 'inferred',
    quote: 'company_name | Optional. Set a new company name for the account.',
    note: 'Every field is "Optional": a request that omits one must not clear it.',
  },
  ...fieldRules,
  {
    id: 'TMR-COMPANY-LENGTH',
    title: 'company_name: 3 to 40 characters inclusive; shorter or longer yields error 4',
    level: 'MUST',
    basis: 'documented',
    quote: `company_name | Optional. Set a new company name for the account. Between 3 and 40 characters, inclusive. No special restrictions.\n${ERR4}`,
  },
  {
    id: 'TMR-EMAIL-INVALID',
    title: 'an invalid notification email yields error 2',
    level: 'MUST',
    basis: 'documented',
    quote:
      'notifcation_email | Optional. Sets the email address to which notifcations and alerts are sent. Must be a valid email address.\n2 | The email address you specified is invalid.',
  },
  {
    id: 'TMR-MOBILE-INVALID',
    title: 'a number that is not a UK mobile yields error 3',
    level: 'MUST',
    basis: 'documented',
    quote:
      'notifcation_mobile | Optional. Sets the mobile number to which notifcations and alerts are sent. Must be a valid UK mobile number.\n3 | The mobile number you specified is not a valid UK mobile number.',
  },
  {
    id: 'TMR-USERNAME-TAKEN',
    title: 'a username already in use yields error 7',
    level: 'MUST',
    basis: 'documented',
    quote: '7 | The username you specified is already in use. Please choose another',
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
  },
  {
    id: 'TMR-ERROR-ENVELOPE',
    title:
      'errors come as <response processed_date><errors><error code="N">message</error></errors></response>',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Specific errors:\nCode | Meaning |',
    note: 'The page lists the codes but not the body; the envelope is documented on the API overview, and the SDKs parse exactly it.',
  },
  {
    id: 'TMR-ERROR-STATUS',
    title: 'a validation error is answered with HTTP 400',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'Specific errors:',
    note: 'The SDKs parse the error envelope only on HTTP 400 and treat any other status as a transport failure. Selectable: readings.errorStatus.',
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
    id: 'TMR-CREATE-DATE-FORMAT',
    title: 'create_date is an ISO 8601 date-time (only when readings.createDateFormat is "iso8601")',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '<create_date>20012-02-12T01:00:00+02:00</create_date>',
    note: "The page's own example has a five-digit year: by default the suite does not check create_date.",
  },
];

export const REQUIREMENTS: Requirement[] = defs.map((d) => ({ ...d, source: SOURCE }));

export const READINGS: Reading[] = [
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
      { value: '', description: 'do not check the system identifier (it is never fetched either way)' },
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
        value: 'account/{account_id}',
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
    options: [{ value: 400, description: 'HTTP 400, as the SDKs expect (any integer may be configured)' }],
    default: 400,
  },
  {
    id: 'TMR-O3',
    kind: 'open-point',
    title: 'What wrong or missing credentials return',
    quotes: ['username | The username of the accessing/master account, for authentication.'],
    configKey: 'authFailureStatuses',
    options: [{ value: '401,403', description: 'HTTP 401 or 403 (a list of integers may be configured)' }],
    default: '401,403',
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
];
