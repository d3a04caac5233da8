// ePrize "create profile": every statement of the page the suite enforces, quoted.
// Documented quotes are verbatim lines of schemas/eprize/page.txt (a test holds us to it); inferred
// ones quote the page or schemas/eprize/related.txt and say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';
import type { RequirementId } from '../../src/vendor.ts';

export const SOURCE = '004_938aa3e62788b2ed.txt';

type Def = Omit<Requirement, 'source'>;

const UNIQUE_SENTENCE =
  'At a minimum, the profile must have a {profile-value} for this key and {profile-value} must be unique within the promotion.';
const RULES_SENTENCE =
  'The {apikey} may enforce rules on these pairs such as required vs optional, size limits and validation.';
const KEY_NAME_SENTENCE =
  'The name of a key must begin with a letter and consist of only lowercase ASCII letters, numbers and underscores.';
const FAILED_VALIDATION =
  'A failed CAPTCHA is the same as a failed validation, resulting in a response of 400 Bad Request.';
const CAPTCHA_SENTENCE =
  'Typically the {apikey} will be configured to require a CAPTCHA challenge/response in the request headers of an untrusted create profile request.';
const READBACK_LINE = 'Read-back: GET `/v1/{apikey}/profile/{uid}` (only safe keys; 404 when absent)';

const ADDITIONAL_SENTENCE = 'Additional key:value pairs may be submitted.';
const FORM_LINE =
  "Request bodies are form POST variables in the live API; the seed page's `key:value` lines are its representation.";

// Levels and bases follow the rule of CONTRIBUTING.md: a MUST is documented (a rule, a status, a
// required field: `statement` names the page sentence where the quote holds no normative word) or
// rests on a literal every example carries (`literal`); an open point is switched on by a reading
// (`reading`), off or lenient by default; what the page only implies is inferred, SHOULD unless a
// real client breaks without it.
const DEFS = [
  // ---------------------------------------------------------------- the 201 answer
  {
    id: 'EPZ-CREATE-201',
    title: 'a valid create profile request is answered 201 Created',
    level: 'MUST',
    basis: 'documented',
    quote: 'Profile Created\nHTTP Status: 201 Created',
    statement: 'HTTP Status: 201 Created',
    note: 'POST /v1/{apikey}/{readings.profilePath}. The check also tries the other path the wiki lists and the other body encodings once, and notes which the target serves (never a failure).',
  },
  {
    id: 'EPZ-LOCATION',
    title: 'the 201 carries a Location /v1/{apikey}/profile/{uid} on the target itself',
    level: 'MUST',
    basis: 'documented',
    quote: 'HTTP Status: 201 Created\nLocation: /v1/{apikey}/profile/{uid}',
    statement: 'Location: /v1/{apikey}/profile/{uid}',
    note: "Found by header name, never by position. An absolute Location must name the target's own origin; one on another host fails and is never followed (nor requested).",
  },
  {
    id: 'EPZ-LOCATION-ID',
    title: "the body's profile id is the {uid} of the Location",
    level: 'MUST',
    basis: 'documented',
    quote: 'Location: /v1/{apikey}/profile/{uid}\n<id>{uid}</id>',
    statement: '<id>{uid}</id>',
  },
  {
    id: 'EPZ-SUCCESS-SHAPE',
    title: 'the 201 body is <result ver><result><profile><id/>…</profile></result><status/></result>',
    level: 'MUST',
    basis: 'documented',
    quote:
      '<result ver="ePrize Web Services 1.0">\n<result>\n<profile>\n<id>{uid}</id>\n</profile>\n</result>\n<status>1</status>',
    literal: '<profile>',
    note: 'schemas/eprize/create-response.schema.json over the parsed XML. The order of the profile keys is not compared (it may change, related.txt).',
  },
  {
    id: 'EPZ-SAFE-VALUES',
    title: 'the 201 body shows the safe keys with the values just sent',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '<email>some.email@address.com</email>\n<safekey1>safekey1-value</safekey1>',
    note: 'Inferred from the example, which shows the unique key and "safe" keys after the id; which keys are safe is the promotion\'s business (config safeKeys).',
  },
  {
    id: 'EPZ-RESULT-VER',
    title: 'every body (201, 409, 400) says ver="ePrize Web Services 1.0"',
    level: 'MUST',
    basis: 'documented',
    quote: '<result ver="ePrize Web Services 1.0">',
    literal: 'ePrize Web Services 1.0',
  },
  {
    id: 'EPZ-UTF8',
    title: 'bodies are XML declared UTF-8 that decode as UTF-8 (a Content-Type charset, if any, agrees)',
    level: 'MUST',
    basis: 'documented',
    quote: '<?xml version="1.0" encoding="UTF-8" ?>',
    literal: 'encoding="UTF-8"',
    note: 'Checked on a 201, a 409 and a 400 body; the create carries the non-ASCII value of config textKey when there is one. The page\'s declarations carry a no-break space before "?>" (a wiki artefact); the suite reads the declaration leniently and never requires that byte.',
  },
  {
    id: 'EPZ-NONASCII-ROUNDTRIP',
    title:
      'a safe value with non-ASCII letters (ë, Å, Ç) comes back exactly, in the 201 body and on read-back',
    level: 'MUST',
    basis: 'inferred',
    quote: '<?xml version="1.0" encoding="UTF-8" ?>\nUTF-8 everywhere.',
    note: 'Inferred from the declared UTF-8 and "UTF-8 everywhere"; MUST because every client storing a non-ASCII name breaks on a mangled value. Needs config textKey.',
  },
  // ---------------------------------------------------------------- request encodings and values
  {
    id: 'EPZ-FORM-BODY',
    title:
      'a create sent as form POST variables (UTF-8, as the live API and the PHP client) is answered 201 with the values sent',
    level: 'MUST',
    basis: 'inferred',
    quote: FORM_LINE,
    note: 'Inferred from related.txt: the live API and its real PHP client use form POST variables, so a target that refuses them breaks that client. Sent whatever readings.bodyFormat says.',
  },
  {
    id: 'EPZ-VALID-VALUES',
    title:
      'every value the promotion accepts for a key (config validValues: each written form) creates a profile',
    level: 'MUST',
    basis: 'documented',
    quote: `${ADDITIONAL_SENTENCE}\n${RULES_SENTENCE}`,
    statement: ADDITIONAL_SENTENCE,
    note: 'The written forms a promotion accepts (optin Y/N/yes, a phone with or without +, spaces or dashes, …) are its business: config validValues, one request per value.',
  },
  {
    id: 'EPZ-SIZE-LIMIT',
    title:
      'a value at its size limit is accepted; one character more answers 400 with a field error naming the key',
    level: 'MUST',
    basis: 'documented',
    quote: `${RULES_SENTENCE}\n${FAILED_VALIDATION}`,
    statement: FAILED_VALIDATION,
    note: 'The limits are the promotion\'s business: config sizeLimits (characters per key). The value is ASCII "x"s, so characters and bytes agree.',
  },
  // ---------------------------------------------------------------- reading the profile back
  {
    id: 'EPZ-READBACK',
    title: 'GET on the Location answers 200 with the id and the safe values sent',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `Location: /v1/{apikey}/profile/{uid}\n${READBACK_LINE}`,
    note: 'Documented on another page of the wiki (related.txt), not on this one; no real client named there reads back. The suite GETs the Location when it is usable, else /v1/{apikey}/profile/{id of the body}.',
  },
  {
    id: 'EPZ-READBACK-404',
    title: 'GET of a uid that does not exist answers 404',
    level: 'SHOULD',
    basis: 'inferred',
    quote: READBACK_LINE,
    note: 'Documented on another page of the wiki (related.txt), not on this one; no real client named there relies on it. The uid is config unknownUid.',
  },
  {
    id: 'EPZ-LOOKUP-BY-KEY',
    title: 'GET /v1/{apikey}/profile({key})/{value} answers 303 See Other to the profile',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'GET `/v1/{apikey}/profile({key})/{value}` → 303 See Other to the profile.',
    note: 'Documented on another page of the wiki (related.txt); the Location is compared, never followed.',
  },
  // ---------------------------------------------------------------- 409
  {
    id: 'EPZ-DUPLICATE-409',
    title: "a second create with the unique key's value already used answers 409 with duplicate_account",
    level: 'MUST',
    basis: 'documented',
    quote: `${UNIQUE_SENTENCE}\nProfile Already Exists\nHTTP Status: 409 Conflict\n<error>duplicate_account</error>`,
  },
  {
    id: 'EPZ-CONFLICT-SHAPE',
    title: 'the 409 body is <result ver><result><errors><terminal_errors><error/>…',
    level: 'MUST',
    basis: 'documented',
    quote: '<errors>\n<terminal_errors>\n<error>duplicate_account</error>\n</terminal_errors>\n</errors>',
    literal: '<terminal_errors>',
    note: 'schemas/eprize/conflict-response.schema.json over the parsed XML; not applicable unless the duplicate is answered 409 (EPZ-DUPLICATE-409).',
  },
  // ---------------------------------------------------------------- 400
  {
    id: 'EPZ-UNIQUE-NULL',
    title:
      'no value for the unique key (left out, or empty) answers 400 with a field error naming it (NULL or VALIDATION)',
    level: 'MUST',
    basis: 'documented',
    quote: `${UNIQUE_SENTENCE}\nHTTP Status: 400 Bad Request\n<name>field2</name>\n<error>NULL</error>`,
    note: "Which code a case gets is EPZ-ERROR-CODES's business: either documented code passes here.",
  },
  {
    id: 'EPZ-VALIDATION',
    title: 'a value the promotion refuses answers 400 with a field error naming its key',
    level: 'MUST',
    basis: 'documented',
    quote: `${RULES_SENTENCE}\nHTTP Status: 400 Bad Request\n<name>field1</name>\n<error>VALIDATION</error>`,
    statement: FAILED_VALIDATION,
    note: "Which values a promotion refuses is its own business: config invalidValues (one request per entry). The code is EPZ-ERROR-CODES's business.",
  },
  {
    id: 'EPZ-REQUIRED-KEY',
    title: 'a required key left out answers 400 with a field error naming it',
    level: 'MUST',
    basis: 'documented',
    quote: `${RULES_SENTENCE}\n<error>NULL</error>`,
    statement: FAILED_VALIDATION,
    note: "The required keys are the promotion's: config requiredKeys (not applicable when there are none). The code is EPZ-ERROR-CODES's business.",
  },
  {
    id: 'EPZ-ERROR-CODES',
    title: 'a key without a value is a NULL field error, a value the promotion refuses a VALIDATION one',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '<name>field1</name>\n<error>VALIDATION</error>\n<name>field2</name>\n<error>NULL</error>',
    note: 'The page shows both codes without saying which case gets which: inferred from their names. Checked on the unique key left out, a required key left out and a refused value.',
  },
  {
    id: 'EPZ-FIELD-PER-ERROR',
    title: 'a 400 lists one <field> per bad key, each naming its key',
    level: 'MUST',
    basis: 'documented',
    quote: '<field>\n<name>field1</name>\n<name>field2</name>\n<name>fieldN</name>',
    literal: '<field>',
    note: 'Needs two independent bad keys: the empty unique key is always one; the other needs config invalidValues (for a key other than the unique key) or requiredKeys. Not applicable otherwise.',
  },
  {
    id: 'EPZ-FIELD-ERRORS-SHAPE',
    title: 'the 400 body is <result ver><result><errors><field_errors><field><name/><error/>…',
    level: 'MUST',
    basis: 'documented',
    quote: '<errors>\n<field_errors>\n<field>\n<name>field1</name>\n<error>VALIDATION</error>\n</field>',
    literal: '<field_errors>',
    note: 'schemas/eprize/field-errors-response.schema.json over the parsed XML (error is NULL or VALIDATION).',
  },
  {
    id: 'EPZ-ERROR-NO-CREATE',
    title: 'a request refused with 400 creates nothing: the same unique value is free afterwards',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Invalid Request - Errors\nHTTP Status: 400 Bad Request',
    note: "Inferred; MUST because a refused request that still stored the profile turns every client's corrected retry into a 409.",
  },
  {
    id: 'EPZ-ERROR-COMBINATION',
    title:
      'two faults at once (a duplicate and a bad field, a bad field and no CAPTCHA, two bad fields) answer one of the applicable errors and change nothing',
    level: 'MUST',
    basis: 'inferred',
    quote: `Profile Already Exists\nHTTP Status: 409 Conflict\nInvalid Request - Errors\nHTTP Status: 400 Bad Request`,
    note: 'Inferred: each fault alone is refused (400 or 409), so together they must be too; MUST because a refused request that changed the stored profile (textKey, read back) or created one breaks every client. Which error wins is EPZ-ERROR-PRECEDENCE.',
  },
  {
    id: 'EPZ-ERROR-PRECEDENCE',
    title:
      'a duplicate with a bad field (or without a CAPTCHA) answers the error readings.errorPrecedence names',
    level: 'MUST',
    basis: 'inferred',
    quote: `Profile Already Exists\nHTTP Status: 409 Conflict\nInvalid Request - Errors\nHTTP Status: 400 Bad Request`,
    reading: 'errorPrecedence',
    note: 'The page gives no precedence (reading EPZ-O7): not applicable by default; a precedence the user sets is a promise about the target.',
  },
  // ---------------------------------------------------------------- key names
  {
    id: 'EPZ-KEY-NAME-START',
    title:
      'a key name that does not begin with a letter (2nd_choice, _private) never becomes a profile key: refused with 400, or left out',
    level: 'MUST',
    basis: 'documented',
    quote: KEY_NAME_SENTENCE,
    note: 'Whether the request is refused or the key ignored is open (EPZ-KEY-NAME-REFUSED); a 2xx whose profile shows the key fails. The same body without the bad key must be accepted first (control).',
  },
  {
    id: 'EPZ-KEY-NAME-CHARS',
    title:
      'a key name with anything but lowercase ASCII letters, digits and _ (Nickname, fav-colour, naïve) never becomes a profile key: refused with 400, or left out',
    level: 'MUST',
    basis: 'documented',
    quote: KEY_NAME_SENTENCE,
    note: 'Whether the request is refused or the key ignored is open (EPZ-KEY-NAME-REFUSED); a 2xx whose profile shows the key fails. The same body without the bad key must be accepted first (control).',
  },
  {
    id: 'EPZ-KEY-NAME-VALID',
    title:
      'an additional pair whose key name keeps the rule (a letter, then lowercase letters, digits, underscores) is accepted',
    level: 'MUST',
    basis: 'documented',
    quote: `${ADDITIONAL_SENTENCE}\n${KEY_NAME_SENTENCE}`,
    note: 'The other side of the naming rule: a promotion that takes an additional key named with letters only (control) takes every name the rule admits. Judged on generated names only (the domain model of the suite, up to 32 characters; never a key the config names); not applicable when the promotion refuses keys it does not know.',
  },
  {
    id: 'EPZ-KEY-NAME-REFUSED',
    title:
      'a create with a badly named key is refused with 400 (only when readings.badKeyNames is "refused")',
    level: 'MUST',
    basis: 'inferred',
    quote: `${KEY_NAME_SENTENCE}\n${FAILED_VALIDATION}`,
    reading: 'badKeyNames',
    note: 'The page states the rule, not the answer (reading EPZ-O5): refusing as "a failed validation" is one reading, off by default.',
  },
  // ---------------------------------------------------------------- CAPTCHA
  {
    id: 'EPZ-CAPTCHA-REQUIRED',
    title: 'when the promotion enforces a CAPTCHA, a create without one answers 400',
    level: 'MUST',
    basis: 'documented',
    quote: `${CAPTCHA_SENTENCE}\n${FAILED_VALIDATION}`,
    note: 'Only when config captcha.enforced is true (a promotion without CAPTCHA is normal, related.txt). The same body with a solved CAPTCHA must be accepted first (control).',
  },
  {
    id: 'EPZ-CAPTCHA-WRONG',
    title: 'a wrong CAPTCHA answer answers 400',
    level: 'MUST',
    basis: 'documented',
    quote: FAILED_VALIDATION,
    statement: FAILED_VALIDATION,
    note: 'Only when config captcha.enforced is true. Header names: readings.captchaHeaders. The same body with a solved CAPTCHA must be accepted first (control).',
  },
  {
    id: 'EPZ-CAPTCHA-SINGLE-USE',
    title: 'a CAPTCHA challenge answered once cannot be used again (400)',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'a failed CAPTCHA is 400; a challenge is single-use.',
    note: 'Documented on another page of the wiki (related.txt), not on this one; no client breaks on a reusable challenge. Needs a way to answer a challenge (captcha.answerUrl or captcha.answer).',
  },
  {
    id: 'EPZ-CAPTCHA-CHALLENGE',
    title: 'POST /v1/{apikey}/captcha answers 201 with Location /v1/{apikey}/captcha/{challenge-id}',
    level: 'MUST',
    basis: 'inferred',
    quote: 'CAPTCHA: POST `/v1/{apikey}/captcha` → 201 with `Location: /v1/{apikey}/captcha/{challenge-id}`',
    note: 'Documented on another page of the wiki (related.txt); MUST because no untrusted client can create a profile on a CAPTCHA promotion without a challenge. Only when captcha.enforced is true.',
  },
  // ---------------------------------------------------------------- representations
  {
    id: 'EPZ-JSON-OPTIONAL',
    title: 'asked for JSON, the target answers the XML of the page or well-formed JSON (reported either way)',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'Treat JSON as an optional representation: report whether the target offers it.',
    note: 'Inferred from the PHP client (related.txt); the page shows only XML: a target that answers XML is not applicable (noted), never failed. Only JSON that is labelled JSON but does not parse fails.',
  },
  {
    id: 'EPZ-STATUS-ONE',
    title: 'status is 1 in the 201, 409 and 400 bodies (only when readings.statusValue is "always-1")',
    level: 'MUST',
    basis: 'documented',
    quote: '<status>1</status>',
    literal: '<status>1</status>',
    reading: 'statusValue',
    note: 'Every example prints <status>1</status>, success and errors alike (contradiction EPZ-C1, open in related.txt): by default the suite only requires an integer status.',
  },
  {
    id: 'EPZ-MEDIA-TYPE',
    title:
      'every documented answer is labelled for what it carries: XML application/xml, text/xml or +xml; JSON application/json or +json; charset, if any, UTF-8',
    level: 'MUST',
    basis: 'inferred',
    quote: '<?xml version="1.0" encoding="UTF-8" ?>\nUTF-8 everywhere.',
    note: 'Inferred: a client that dispatches on Content-Type misreads a mislabelled body; readings.legacyMediaTypes lets the user accept a legacy label they cannot change. Judged over every response of the run with a body and a documented status (2xx, 400, 409).',
  },
] as const satisfies readonly Def[];

/** The requirement IDs of the catalogue, as a union type. */
export type EprizeRequirementId = RequirementId<typeof DEFS>;

export const REQUIREMENTS: readonly Requirement[] = DEFS.map((d) => ({ ...d, source: SOURCE }));

// Options whose value is any string the user configures are widened (`as string`): the one listed
// is an example, and ReadingsOf must not narrow the config to it.
export const READINGS = [
  {
    id: 'EPZ-O1',
    kind: 'open-point',
    title:
      'The path of the create call: /v1/{apikey}/profile (as the Location) or /profiles (as the wiki home)',
    quotes: [
      'Location: /v1/{apikey}/profile/{uid}',
      "The wiki's API home page lists create as POST `/v1/{apikey}/profiles` (plural) while the Location is `/v1/{apikey}/profile/{uid}`",
    ],
    configKey: 'profilePath',
    options: [
      { value: 'profile', description: 'POST /v1/{apikey}/profile, the collection the Location names' },
      { value: 'profiles', description: 'POST /v1/{apikey}/profiles, as the wiki home page lists it' },
    ],
    default: 'profile',
  },
  {
    id: 'EPZ-O2',
    kind: 'open-point',
    title: "The request body: the page's key:value lines (with its commas) or form fields",
    quotes: [
      'Request representation:\n{profile-key}:{profile-value}\n{key1}:{value1},\n{key2}:{value2},\n{keyN}:{valueN}',
      "Request bodies are form POST variables in the live API; the seed page's `key:value` lines are its representation.",
    ],
    configKey: 'bodyFormat',
    options: [
      {
        value: 'page',
        description:
          'one key:value pair per line exactly as printed: the unique key first and bare, the additional pairs followed by a comma except the last',
      },
      { value: 'lines', description: 'one key:value pair per line, no commas' },
      {
        value: 'form',
        description: 'application/x-www-form-urlencoded fields (UTF-8), as the live API takes them',
      },
    ],
    default: 'page',
  },
  {
    id: 'EPZ-O3',
    kind: 'open-point',
    title: 'The Content-Type of a key:value body (the page names none)',
    quotes: ['Request representation:'],
    configKey: 'linesContentType',
    options: [
      {
        value: 'text/plain; charset=UTF-8' as string,
        description: 'plain text in UTF-8 (any media type may be configured)',
      },
    ],
    default: 'text/plain; charset=UTF-8',
  },
  {
    id: 'EPZ-O4',
    kind: 'open-point',
    title: 'The names of the CAPTCHA request headers (the page says only "in the request headers")',
    quotes: [
      CAPTCHA_SENTENCE,
      'the create request then sends `X-CAPTCHA-Challenge: /v1/{apikey}/captcha/{challenge-id}` and `X-CAPTCHA-Response: {secret}`',
    ],
    configKey: 'captchaHeaders',
    options: [
      {
        value: 'X-CAPTCHA-Challenge,X-CAPTCHA-Response' as string,
        description:
          'challenge header, answer header (as the wiki names them; any two names may be configured)',
      },
    ],
    default: 'X-CAPTCHA-Challenge,X-CAPTCHA-Response',
  },
  {
    id: 'EPZ-C1',
    kind: 'contradiction',
    title: 'status is 1 in the success body and in both error bodies',
    quotes: ['Profile Created\n<status>1</status>', 'Profile Already Exists\nInvalid Request - Errors'],
    configKey: 'statusValue',
    options: [
      { value: 'any', description: 'status must be present and an integer; its value is not judged' },
      { value: 'always-1', description: 'status must be 1 in every body, as printed (EPZ-STATUS-ONE)' },
    ],
    default: 'any',
  },
  {
    id: 'EPZ-O5',
    kind: 'open-point',
    title:
      'A key whose name breaks the naming rule: refused with 400, or may the target ignore it (the page states the rule, not the answer)',
    quotes: [KEY_NAME_SENTENCE, RULES_SENTENCE, FAILED_VALIDATION],
    configKey: 'badKeyNames',
    options: [
      {
        value: 'ignored',
        description:
          'a create with a badly named key is refused with 400, or accepted (2xx) with the key left out of the profile it shows (EPZ-KEY-NAME-START/-CHARS)',
      },
      {
        value: 'refused',
        description:
          'a create with a badly named key is refused with 400 Bad Request, as a failed validation (EPZ-KEY-NAME-REFUSED)',
      },
    ],
    default: 'ignored',
  },
  {
    id: 'EPZ-O6',
    kind: 'open-point',
    title: 'The Content-Type of the answers (the page shows XML declared UTF-8 but names no media type)',
    quotes: ['<?xml version="1.0" encoding="UTF-8" ?>', 'UTF-8 everywhere.'],
    configKey: 'legacyMediaTypes',
    options: [
      {
        value: '' as string,
        description:
          'only the types of the representation: application/xml, text/xml, +xml (JSON: application/json, +json)',
      },
      {
        value: 'text/plain,text/html' as string,
        description:
          'comma-separated legacy labels the user accepts besides those (any list may be configured)',
      },
    ],
    default: '',
  },
  {
    id: 'EPZ-O7',
    kind: 'open-point',
    title: 'Which error wins when a request is both a duplicate and invalid (a bad field, or no CAPTCHA)',
    quotes: [
      'Profile Already Exists\nHTTP Status: 409 Conflict',
      'Invalid Request - Errors\nHTTP Status: 400 Bad Request',
      FAILED_VALIDATION,
    ],
    configKey: 'errorPrecedence',
    options: [
      {
        value: 'any',
        description:
          'either applicable error (400 or 409), as long as nothing changes (EPZ-ERROR-COMBINATION)',
      },
      {
        value: 'field-errors',
        description:
          '400 with the field errors wins over the 409 (a request without a valid CAPTCHA never learns that the account exists)',
      },
      { value: 'conflict', description: '409 duplicate_account wins over the field errors' },
    ],
    default: 'any',
  },
] as const satisfies readonly Reading[];
