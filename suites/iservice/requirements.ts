// iService "setdetails": every statement of the page the suite enforces, quoted. Documented quotes are
// verbatim lines of schemas/iservice/page.txt (a test holds us to it); inferred ones quote the page or
// related.txt (other pages of the same documentation) and say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';

export const SOURCE = '002_3adf65c066d3a2f5.txt';

type Def = Omit<Requirement, 'source'>;

const ACCESS =
  'Access Rights Required: All authenticated users, but customers may only update properties for their own contact ID.';
const ERRORS_ROW =
  'errors\nArray\nAn array of strings. Returns the error message if an error is encountered, otherwise a blank array if there is no error.';
const ERROR_DETAILS_ROW =
  'errorDetails\nArray\nAn array of strings. Provides detailed information about the error encountered, otherwise returns a blank array if no error is encountered.';
const PURPOSE = "The setdetails API is used to save changes to a contact's details .";
const LOGIN_FACT =
  '- Authentication: `webapp-api-login?api=login` (form fields `emailAddress`, `Password`) sets a session cookie used by every later call; later calls POST `Content-Type: application/json` with that cookie.';
const READ_BACK = '`details` reads back what `setdetails` wrote.';
const FORM_ALL =
  'Regardless of the values updated, the form includes all values on the page in the payload including segment membership.';
const SET_LOGINS = 'True or false value indicating whether login values are being set.';
const LOGIN_TYPE_ROW =
  'details[].logins[].type\nString\nThe type of login (blank, email, bounced, or Google).';
const NO_STATUS = '- HTTP status codes on error and any CSRF scheme are not documented.';

const defs = [
  // ------------------------------------------------------------ session
  {
    id: 'ISV-LOGIN-OK',
    title:
      'a login with valid credentials answers JSON (errors, if present, a blank array) and sets a session cookie',
    level: 'MUST',
    basis: 'inferred',
    quote: LOGIN_FACT,
    note: 'The login is documented on another page of the same API (related.txt), not on the setdetails page; every call of this page needs it. related.txt documents errors[0] only for a failed login: a successful one need not carry errors, but errors it carries must be blank.',
  },
  {
    id: 'ISV-LOGIN-ISLOGGEDIN',
    title: 'a successful login answers loggedIn.isLoggedIn true',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'a client script of the real service treats a login as successful only when the answer has `loggedIn.isLoggedIn` true.',
    note: "No page documents it, but a real client breaks without it: the service's own client script takes a login without loggedIn.isLoggedIn true as failed (related.txt).",
  },
  {
    id: 'ISV-LOGIN-FAIL',
    title: 'a login with a wrong password answers a non-blank errors[0]',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'A failed login answers with `errors[0]`;',
    note: 'From the login page (related.txt), not this page; no known client breaks without it (the client script decides on loggedIn.isLoggedIn), so SHOULD. One wrong password per run, for the agent login.',
  },
  {
    id: 'ISV-SESSION-REQUIRED',
    title: 'setdetails without a session is refused and changes nothing',
    level: 'MUST',
    basis: 'documented',
    quote: ACCESS,
    note: 'How the refusal looks is open (reading ISV-O1): by default anything but a 2xx JSON answer with blank errors counts (a redirect to a login page included), and the report notes what the target answered; the read-back proves the update was not applied.',
  },
  // ------------------------------------------------------------ the access rule
  {
    id: 'ISV-ACCESS-AGENT-ANY',
    title: "an agent may update another user's contact (the customer's)",
    level: 'MUST',
    basis: 'documented',
    quote: ACCESS,
    note: '"All authenticated users" may call it and only customers are restricted: an agent updates any contact.',
  },
  {
    id: 'ISV-ACCESS-CUSTOMER-OWN',
    title: 'a customer may update their own contact',
    level: 'MUST',
    basis: 'documented',
    quote: ACCESS,
  },
  {
    id: 'ISV-ACCESS-CUSTOMER-OTHER',
    title: 'a customer updating another contact is refused (non-empty errors, or HTTP 401/403)',
    level: 'MUST',
    basis: 'documented',
    quote: `${ACCESS}\n${ERRORS_ROW}`,
    note: 'What the refusal looks like is not on the page (related.txt leaves it open; error statuses are undocumented): by default anything but a 2xx JSON answer with blank errors counts (reading ISV-O4), and the report notes what the target used.',
  },
  {
    id: 'ISV-ACCESS-NO-CHANGE',
    title: "a customer's refused update of another contact changes nothing (read back with details)",
    level: 'MUST',
    basis: 'documented',
    quote: ACCESS,
    note: '"may only update ... their own contact ID": an answer with errors that still applied the change breaks the rule.',
  },
  // ------------------------------------------------------------ the answer
  {
    id: 'ISV-SUCCESS-SHAPE',
    title: 'a successful setdetails answers {"errors": [], "errorDetails": []}',
    level: 'MUST',
    basis: 'documented',
    quote: `${ERRORS_ROW}\n${ERROR_DETAILS_ROW}\nResponse Payload Example\n"errors": [],\n"errorDetails": []`,
    literal: 'errorDetails',
    statement:
      'An array of strings. Returns the error message if an error is encountered, otherwise a blank array if there is no error.',
    note: 'Members the page does not list are tolerated (schemas/iservice/success-response.schema.json).',
  },
  {
    id: 'ISV-ERROR-SHAPE',
    title:
      'a refused setdetails answers errors (non-empty array of strings) and errorDetails (array of strings)',
    level: 'MUST',
    basis: 'documented',
    quote: `${ERRORS_ROW}\n${ERROR_DETAILS_ROW}`,
    statement:
      'An array of strings. Provides detailed information about the error encountered, otherwise returns a blank array if no error is encountered.',
    note: "Checked on every refusal the check provokes (unknown contact, a customer updating another contact), so a fault in one rule does not hide the shape. A refusal that is not 2xx and carries no JSON body (a bare 401/403, which reading ISV-O4 allows) is skipped with a note; a payload of the wrong type is ISV-INVALID-PAYLOAD's business, not this check's.",
  },
  {
    id: 'ISV-ERROR-DETAILS',
    title:
      'a refused setdetails carries errorDetails too (at least one non-blank string), under readings.errorDetails "non-empty"',
    level: 'MUST',
    basis: 'inferred',
    reading: 'errorDetails',
    quote: ERROR_DETAILS_ROW,
    note: 'errorDetails "Provides detailed information about the error encountered", but the page does not say every error has some (a refusal may have nothing to add to its message), so this is off by default; readings.errorDetails = non-empty (a promise, gating like a MUST) checks it on the refusals ISV-ERROR-SHAPE provokes.',
  },
  {
    id: 'ISV-INVALID-PAYLOAD',
    title: "a payload that breaks the table's types is refused with non-empty errors",
    level: 'SHOULD',
    basis: 'inferred',
    quote: `contactID\nNumber\nThis parameter represents an id of Contact.\n${ERRORS_ROW}`,
    note: 'The page does not say the server validates; inferred from the typed table and "Returns the error message if an error is encountered". Tried: contactID as a non-numeric string, properties as a string.',
  },
  {
    id: 'ISV-UNKNOWN-CONTACT',
    title: 'a contactID that names no contact is refused with non-empty errors',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `This parameter represents an id of Contact.\n${ERRORS_ROW}`,
    note: 'Not on the page: saving the details of a contact that does not exist is "an error encountered".',
  },
  // ------------------------------------------------------------ the round trip
  {
    id: 'ISV-ROUNDTRIP-PROPERTIES',
    title: 'details returns the property values setdetails saved, exactly (letters with diacritics included)',
    level: 'MUST',
    basis: 'documented',
    quote: `${PURPOSE}\ndetails[].properties[].values[].value\nString\nThis returns single value of property`,
    statement: PURPOSE,
    note: 'Saving is what the page says the call does; the suite sees it through details (related.txt), the means, not the rule. Two single-valued properties are set at once; one value has non-ASCII letters (JSON strings are Unicode).',
  },
  {
    id: 'ISV-ROUNDTRIP-MULTIVALUE',
    title: 'a property with several values reads back with all of them, and with fewer when fewer are sent',
    level: 'MUST',
    basis: 'documented',
    quote: `details[].properties[].values\nArray\nThis returns multiple values of property\n${FORM_ALL}\n${PURPOSE}`,
    statement: PURPOSE,
    note: 'The form sends every value, so what it sends is the whole new state. Read back via details (related.txt), compared as a set (the page does not say whether order is kept). Saved with one value, two, then only the second, so a target that only adds values fails.',
  },
  {
    id: 'ISV-ROUNDTRIP-EMPTY',
    title: "a property sent with no values (the example's Middle Initial) reads back empty",
    level: 'MUST',
    basis: 'documented',
    quote: `"propertyName": "Middle Initial",\n"values": []\n${FORM_ALL}\n${PURPOSE}`,
    statement: PURPOSE,
    note: 'The page\'s own example sends an empty field as "values": [] in a form that carries every value: saving it empties the property. Read back via details (related.txt); absent, [] or only blank values all count as empty.',
  },
  {
    id: 'ISV-ROUNDTRIP-LOGINS',
    title: 'with setLogins true, details returns exactly the logins sent',
    level: 'MUST',
    basis: 'documented',
    quote:
      'details[].setLogins\nBoolean\nTrue or false value indicating whether login values are being set.\nAn array of strings. This array includes all of the logins for the contact.',
    statement: SET_LOGINS,
    note: 'Read back via details (related.txt). Names compared exactly, types without regard to case (reading ISV-C2).',
  },
  {
    id: 'ISV-SETLOGINS-FALSE',
    title: 'with setLogins false, the logins sent are ignored and the old ones stay',
    level: 'MUST',
    basis: 'documented',
    quote: `${SET_LOGINS}\n${FORM_ALL}`,
    statement: SET_LOGINS,
    note: 'false says the login values are not being set: the form still carries logins (it sends every value), the server must not apply them. A details answer without a logins array fails: there is nothing to compare.',
  },
  {
    id: 'ISV-ROUNDTRIP-MEMBERSHIP',
    title: 'details returns the segment membership sent, segments left out included',
    level: 'MUST',
    basis: 'documented',
    quote: `membership\nArray\nThis parameter represents the segment membership selected for the user.\n${FORM_ALL}`,
    statement: PURPOSE,
    note: 'The form sends the whole membership, so segments left out are no longer selected. Read back via details (related.txt), compared as a set of segment IDs. Saved with one configured segment, all of them, then only the second, so a target that never removes a segment fails.',
  },
  {
    id: 'ISV-LOGIN-TYPES',
    title:
      'with setLogins true, a login of every listed type (blank, email, bounced, Google) is saved and reads back',
    level: 'MUST',
    basis: 'documented',
    quote: `${LOGIN_TYPE_ROW}\n${SET_LOGINS}`,
    statement: 'The type of login (blank, email, bounced, or Google).',
    note: 'Every value of the list, in one form: blank is sent as "" (the empty type), email in the spelling readings.loginType names, bounced and Google as the table writes them; types read back without regard to case.',
  },
  {
    id: 'ISV-PAGE-FORMS',
    title:
      'both forms the page itself uses are accepted: details as an object and as an array of one; login type "Email" and "email"',
    level: 'MUST',
    basis: 'inferred',
    reading: 'pageForms',
    quote: `details\nobject\ndetails[].properties\n"details": {\n${LOGIN_TYPE_ROW}\n"type": "Email"`,
    note: 'The page contradicts itself (ISV-C1, ISV-C2), so a client written from it may send either form and breaks on a target that takes only the other; a target may follow one, so this is off by default and only readings.pageForms = both (a promise, gating like a MUST) switches it on.',
  },
  {
    id: 'ISV-JSON-CHARSET',
    title: 'a setdetails form labelled application/json; charset=utf-8 is accepted and saved',
    level: 'SHOULD',
    basis: 'inferred',
    quote: LOGIN_FACT,
    note: 'related.txt names the type application/json; a charset=utf-8 parameter leaves it the same type (RFC 8259: JSON is UTF-8 and the parameter has no effect on a compliant recipient), and common HTTP clients send it (jQuery, .NET StringContent). No known client of this service does, so SHOULD. Saved once with it and read back.',
  },
  // ------------------------------------------------------------ two faults at once
  {
    id: 'ISV-COMBO-AUTH',
    title:
      "a request without a session, or a customer's on another contact, that also has two field errors is refused and changes nothing",
    level: 'MUST',
    basis: 'documented',
    quote: ACCESS,
    note: 'Each fault alone is refused; with a field error beside it the request must still not apply (the valid part carries a change the read-back looks for). Which error the answer names is open (ISV-ERROR-PRECEDENCE): either form of refusal counts.',
  },
  {
    id: 'ISV-COMBO-FIELDS',
    title:
      'a form with two field errors (setLogins "true", membership as one string) is refused with errors and changes nothing',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `details[].setLogins\nBoolean\nmembership\nArray\n${ERRORS_ROW}`,
    note: 'The page does not say the server validates (as ISV-INVALID-PAYLOAD); a target that reads "true" as true or splits "2,3" applies what the table says is not a valid form. The logins and membership must read back as before.',
  },
  {
    id: 'ISV-ERROR-PRECEDENCE',
    title:
      'with two faults at once, the error readings.errorPrecedence names wins (the answer of that fault alone)',
    level: 'MUST',
    basis: 'inferred',
    reading: 'errorPrecedence',
    quote: `${NO_STATUS}\n${ERRORS_ROW}`,
    note: 'The page gives no order of checks: off by default (any applicable error, ISV-COMBO-AUTH); a precedence the user sets is a promise a client may rely on (it gates like a MUST). Compared: HTTP status and errors of the combined request against the single-fault request.',
  },
  // ------------------------------------------------------------ media types (declared last in the suite)
  {
    id: 'ISV-MEDIA-TYPE',
    title:
      'every JSON answer is labelled application/json (or a +json type, or a legacy type readings.legacyMediaTypes lists)',
    level: 'MUST',
    basis: 'inferred',
    quote: 'responses are JSON.',
    note: 'A client that dispatches on Content-Type misreads a mislabelled body; a reading lets the user accept a legacy label they cannot change.',
  },
] as const satisfies readonly Def[];

/** The IDs of the iService requirements, as a union type (check() takes only these). */
export type IsvRequirementId = (typeof defs)[number]['id'];

export const REQUIREMENTS: readonly (Requirement & { id: IsvRequirementId })[] = defs.map((d) => ({
  ...d,
  source: SOURCE,
}));

export const READINGS = [
  {
    id: 'ISV-C1',
    kind: 'contradiction',
    title: '`details` is an object in the example but `details[]` (an array) in the table',
    quotes: [
      'details\nobject\nThis parameter represents the user’s personal details in the form of properties.',
      'details[].properties',
      '"details": {',
    ],
    configKey: 'detailsShape',
    options: [
      { value: 'object', description: 'send "details": {…}, as the example does' },
      { value: 'array', description: 'send "details": [{…}], as the table\'s details[] names it' },
    ],
    default: 'object',
  },
  {
    id: 'ISV-C2',
    kind: 'contradiction',
    title: 'Login types are "blank, email, bounced, or Google" in the table but the example sends "Email"',
    quotes: ['The type of login (blank, email, bounced, or Google).', '"type": "Email"'],
    configKey: 'loginType',
    options: [
      { value: 'Email', description: 'send type "Email", as the example does' },
      { value: 'email', description: 'send type "email", as the table lists it' },
    ],
    default: 'Email',
  },
  {
    id: 'ISV-C3',
    kind: 'contradiction',
    title: '`properties` and `logins` are called "an array of strings" but hold objects',
    quotes: [
      'An array of strings that returns the properties and values of a contact.',
      'An array of strings. This array includes all of the logins for the contact.',
    ],
    configKey: 'arrayItems',
    options: [
      {
        value: 'objects',
        description:
          "objects {propertyID, propertyName, values} and {name, type}, as the example and the table's sub-rows show (strings could not carry them)",
      },
    ],
    default: 'objects',
  },
  {
    id: 'ISV-O1',
    kind: 'open-point',
    title: 'What a request without a session gets back',
    quotes: [ACCESS, '- HTTP status codes on error and any CSRF scheme are not documented.'],
    configKey: 'noSessionRefusal',
    options: [
      {
        value: 'any-non-success',
        description:
          'anything other than a 2xx JSON answer with blank errors counts as refused (a 302 to a login page, an HTML page, 401/403, non-empty errors); the read-back still proves nothing was applied',
      },
      {
        value: 'errors-or-status',
        description: 'non-empty errors, or HTTP 401/403: either counts (the report notes which was seen)',
      },
      { value: 'errors', description: 'non-empty errors required (any HTTP status)' },
      { value: 'status', description: 'HTTP 401 or 403 required (any body)' },
    ],
    default: 'any-non-success',
  },
  {
    id: 'ISV-O2',
    kind: 'open-point',
    title: 'How the read-back call (details) is given the contact ID',
    quotes: [
      '- Sibling endpoints of custinfo: search, newcontact, name, details, setdetails, subscriptions, setsubscriptions, …; `details` reads back what `setdetails` wrote.',
      LOGIN_FACT,
    ],
    configKey: 'detailsContactId',
    options: [
      {
        value: 'json-body',
        description:
          'POST {base}/webapp-api-custinfo?api=details with the JSON body {"contactID": N}, as later calls POST JSON',
      },
      { value: 'query', description: 'GET {base}/webapp-api-custinfo?api=details&contactID=N' },
    ],
    default: 'json-body',
  },
  {
    id: 'ISV-O3',
    kind: 'open-point',
    title: 'The shape of the details answer',
    quotes: [READ_BACK],
    configKey: 'detailsAnswer',
    options: [
      {
        value: 'like-request',
        description:
          'read as the setdetails payload: details (object or array of one) with properties and logins, membership beside it (read leniently)',
      },
    ],
    default: 'like-request',
  },
  {
    id: 'ISV-O4',
    kind: 'open-point',
    title: 'What a customer updating another contact gets back',
    quotes: [
      ACCESS,
      ERRORS_ROW,
      'Open: HTTP method (a JSON payload implies POST); how authentication is carried; what a customer updating another contact gets back.',
      '- HTTP status codes on error and any CSRF scheme are not documented.',
    ],
    configKey: 'foreignRefusal',
    options: [
      {
        value: 'errors-or-status',
        description:
          'non-empty errors (any HTTP status), or HTTP 401/403 (any body): either counts (the report notes which was seen)',
      },
      { value: 'errors', description: 'non-empty errors required, with any HTTP status' },
      {
        value: 'any-non-success',
        description:
          'anything other than a 2xx JSON answer with blank errors counts as refused (a bare 403, a redirect, non-empty errors); ISV-ACCESS-NO-CHANGE still proves nothing was applied',
      },
    ],
    default: 'any-non-success',
  },
  {
    id: 'ISV-C4',
    kind: 'contradiction',
    title:
      'Whether the target accepts both forms the page uses (details object/array, login type Email/email)',
    quotes: [
      'details[].properties',
      '"details": {',
      'The type of login (blank, email, bounced, or Google).',
      '"type": "Email"',
    ],
    configKey: 'pageForms',
    options: [
      {
        value: 'chosen',
        description: 'only the forms readings.detailsShape and readings.loginType name are sent',
      },
      {
        value: 'both',
        description: 'the target accepts both forms of each (ISV-PAGE-FORMS sends each and reads it back)',
      },
    ],
    default: 'chosen',
  },
  {
    id: 'ISV-O5',
    kind: 'open-point',
    title: 'Which error wins when a request has two faults at once',
    quotes: [NO_STATUS, ERRORS_ROW],
    configKey: 'errorPrecedence',
    options: [
      {
        value: 'any',
        description:
          'any applicable error may win: the answer must be a refusal of one of the faults and nothing may change (ISV-COMBO-AUTH); ISV-ERROR-PRECEDENCE is not applicable',
      },
      {
        value: 'auth-first',
        description:
          'the session, then the access right, are checked before the form: the combined request answers exactly as the authentication or access fault alone',
      },
      {
        value: 'arguments-first',
        description:
          'the form is checked first: the combined request answers exactly as the field errors alone (sent by the agent)',
      },
    ],
    default: 'any',
  },
  {
    id: 'ISV-O7',
    kind: 'open-point',
    title: 'Whether every error comes with errorDetails',
    quotes: [ERROR_DETAILS_ROW],
    configKey: 'errorDetails',
    options: [
      {
        value: 'any',
        description:
          'errorDetails is any array of strings, empty too: the page does not say every error has details (ISV-ERROR-DETAILS is not applicable)',
      },
      {
        value: 'non-empty',
        description:
          'a refusal with errors carries at least one non-blank errorDetails string (ISV-ERROR-DETAILS is checked)',
      },
    ],
    default: 'any',
  },
  {
    id: 'ISV-O6',
    kind: 'open-point',
    title: 'Legacy media types the user accepts for JSON answers (comma-separated)',
    quotes: ['- URLs: `https://{tenant}/f/webapp-api-{form}?api={endpoint}`; responses are JSON.'],
    configKey: 'legacyMediaTypes',
    options: [
      {
        // Free text: any comma-separated list the user sets (the option shown is the default).
        value: '' as string,
        description:
          'none: a JSON answer must be labelled application/json or a +json type; list others (e.g. "text/plain, text/html") to accept a legacy label',
      },
    ],
    default: '',
  },
] as const satisfies readonly Reading[];
