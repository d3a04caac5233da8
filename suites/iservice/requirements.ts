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

const defs: Def[] = [
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
    level: 'SHOULD',
    basis: 'inferred',
    quote:
      'a client script of the real service treats a login as successful only when the answer has `loggedIn.isLoggedIn` true.',
    note: "Only the service's own client script relies on it (related.txt), no page documents it: SHOULD.",
  },
  {
    id: 'ISV-LOGIN-FAIL',
    title: 'a login with a wrong password answers a non-blank errors[0]',
    level: 'MUST',
    basis: 'inferred',
    quote: 'A failed login answers with `errors[0]`;',
    note: 'From the login page (related.txt). The suite tries one wrong password per run, for the agent login.',
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
    note: 'What the refusal looks like is not on the page (related.txt leaves it open; error statuses are undocumented): by default non-empty errors or HTTP 401/403 both count (reading ISV-O4), and the report notes which one the target used.',
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
    note: 'Members the page does not list are tolerated (schemas/iservice/success-response.schema.json).',
  },
  {
    id: 'ISV-ERROR-SHAPE',
    title:
      'a refused setdetails answers errors (non-empty array of strings) and errorDetails (array of strings)',
    level: 'MUST',
    basis: 'documented',
    quote: `${ERRORS_ROW}\n${ERROR_DETAILS_ROW}`,
    note: "Checked on every refusal the check provokes (unknown contact, a customer updating another contact), so a fault in one rule does not hide the shape. A refusal that is not 2xx and carries no JSON body (a bare 401/403, which reading ISV-O4 allows) is skipped with a note; a payload of the wrong type is ISV-INVALID-PAYLOAD's business, not this check's.",
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
    basis: 'inferred',
    quote: `${PURPOSE}\n${READ_BACK}`,
    note: 'The read-back call, details, is documented on another page (related.txt). Two single-valued properties are set at once; one value has non-ASCII letters (JSON strings are Unicode).',
  },
  {
    id: 'ISV-ROUNDTRIP-MULTIVALUE',
    title: 'a property with several values reads back with all of them, and with fewer when fewer are sent',
    level: 'MUST',
    basis: 'inferred',
    quote: `details[].properties[].values\nArray\nThis returns multiple values of property\n${READ_BACK}`,
    note: 'Read back via details (related.txt). Compared as a set: the page does not say whether order is kept. Saved with one value, two, then only the second, so a target that only adds values fails.',
  },
  {
    id: 'ISV-ROUNDTRIP-EMPTY',
    title: "a property sent with no values (the example's Middle Initial) reads back empty",
    level: 'MUST',
    basis: 'inferred',
    quote: `"propertyName": "Middle Initial",\n"values": []\n${READ_BACK}`,
    note: 'Inferred from the example, which sends a property with an empty values array; absent, [] or only blank values all count as empty.',
  },
  {
    id: 'ISV-ROUNDTRIP-LOGINS',
    title: 'with setLogins true, details returns exactly the logins sent',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'details[].setLogins\nBoolean\nTrue or false value indicating whether login values are being set.\nAn array of strings. This array includes all of the logins for the contact.',
    note: 'Read back via details (related.txt). Names compared exactly, types without regard to case (reading ISV-C2).',
  },
  {
    id: 'ISV-SETLOGINS-FALSE',
    title: 'with setLogins false, the logins sent are ignored and the old ones stay',
    level: 'MUST',
    basis: 'inferred',
    quote: `True or false value indicating whether login values are being set.\n${READ_BACK}`,
    note: 'false says the login values are not being set: the form still carries logins (it sends every value), the server must not apply them. A details answer without a logins array fails: there is nothing to compare.',
  },
  {
    id: 'ISV-ROUNDTRIP-MEMBERSHIP',
    title: 'details returns the segment membership sent, segments left out included',
    level: 'MUST',
    basis: 'inferred',
    quote: `membership\nArray\nThis parameter represents the segment membership selected for the user.\n${READ_BACK}`,
    note: 'Read back via details (related.txt). Compared as a set of segment IDs. Saved with one configured segment, all of them, then only the second, so a target that never removes a segment fails.',
  },
];

export const REQUIREMENTS: Requirement[] = defs.map((d) => ({ ...d, source: SOURCE }));

export const READINGS: Reading[] = [
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
    ],
    default: 'errors-or-status',
  },
];
