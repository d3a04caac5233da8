// ePrize "create profile": every statement of the page the suite enforces, quoted.
// Documented quotes are verbatim lines of schemas/eprize/page.txt (a test holds us to it); inferred
// ones quote the page or schemas/eprize/related.txt and say what they are inferred from.
import type { Reading, Requirement } from '../../src/types.ts';

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

const defs: Def[] = [
  // ---------------------------------------------------------------- the 201 answer
  {
    id: 'EPZ-CREATE-201',
    title: 'a valid create profile request is answered 201 Created',
    level: 'MUST',
    basis: 'documented',
    quote: 'Profile Created\nHTTP Status: 201 Created',
    note: 'POST /v1/{apikey}/{readings.profilePath}. The check also tries the other path the wiki lists once and notes whether the target serves it.',
  },
  {
    id: 'EPZ-LOCATION',
    title: 'the 201 carries a Location /v1/{apikey}/profile/{uid} on the target itself',
    level: 'MUST',
    basis: 'documented',
    quote: 'HTTP Status: 201 Created\nLocation: /v1/{apikey}/profile/{uid}',
    note: "Found by header name, never by position. An absolute Location must name the target's own origin; one on another host fails and is never followed (nor requested).",
  },
  {
    id: 'EPZ-LOCATION-ID',
    title: "the body's profile id is the {uid} of the Location",
    level: 'MUST',
    basis: 'documented',
    quote: 'Location: /v1/{apikey}/profile/{uid}\n<id>{uid}</id>',
  },
  {
    id: 'EPZ-SUCCESS-SHAPE',
    title: 'the 201 body is <result ver><result><profile><id/>…</profile></result><status/></result>',
    level: 'MUST',
    basis: 'documented',
    quote:
      '<result ver="ePrize Web Services 1.0">\n<result>\n<profile>\n<id>{uid}</id>\n</profile>\n</result>\n<status>1</status>',
    note: 'schemas/eprize/create-response.schema.json over the parsed XML. The order of the profile keys is not compared (it may change, related.txt).',
  },
  {
    id: 'EPZ-SAFE-VALUES',
    title: 'the 201 body shows the safe keys with the values just sent',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '<email>some.email@address.com</email>\n<safekey1>safekey1-value</safekey1>',
    note: 'Inferred from the example, which shows the unique key and "safe" keys after the id. Which keys are safe is the promotion\'s business: config safeKeys (not applicable when none of the keys sent is safe).',
  },
  {
    id: 'EPZ-RESULT-VER',
    title: 'every body (201, 409, 400) says ver="ePrize Web Services 1.0"',
    level: 'SHOULD',
    basis: 'documented',
    quote: '<result ver="ePrize Web Services 1.0">',
  },
  {
    id: 'EPZ-UTF8',
    title: 'bodies are XML declared UTF-8 that decode as UTF-8 (a Content-Type charset, if any, agrees)',
    level: 'MUST',
    basis: 'documented',
    quote: '<?xml version="1.0" encoding="UTF-8" ?>',
    note: 'Checked on a 201, a 409 and a 400 body; the create carries the non-ASCII value of config textKey when there is one. The page\'s declarations carry a no-break space before "?>" (a wiki artefact); the suite reads the declaration leniently and never requires that byte.',
  },
  {
    id: 'EPZ-NONASCII-ROUNDTRIP',
    title:
      'a safe value with non-ASCII letters (ë, Å, Ç) comes back exactly, in the 201 body and on read-back',
    level: 'MUST',
    basis: 'inferred',
    quote: '<?xml version="1.0" encoding="UTF-8" ?>\nUTF-8 everywhere.',
    note: 'Inferred from the declared UTF-8 and the wiki ("UTF-8 everywhere"): request and answer must agree on the bytes. The 201 body\'s value is compared first (when it shows the key; that it does is EPZ-SAFE-VALUES\'s business), then the read-back. Needs config textKey.',
  },
  // ---------------------------------------------------------------- reading the profile back
  {
    id: 'EPZ-READBACK',
    title: 'GET on the Location answers 200 with the id and the safe values sent',
    level: 'MUST',
    basis: 'inferred',
    quote: `Location: /v1/{apikey}/profile/{uid}\n${READBACK_LINE}`,
    note: 'The read-back is documented on another page of the wiki (related.txt). The suite GETs the Location when it is usable, else /v1/{apikey}/profile/{id of the body}.',
  },
  {
    id: 'EPZ-READBACK-404',
    title: 'GET of a uid that does not exist answers 404',
    level: 'MUST',
    basis: 'inferred',
    quote: READBACK_LINE,
    note: 'Documented on another page of the wiki (related.txt). The uid is config unknownUid.',
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
    note: 'schemas/eprize/conflict-response.schema.json over the parsed XML; not applicable unless the duplicate is answered 409 (EPZ-DUPLICATE-409).',
  },
  // ---------------------------------------------------------------- 400
  {
    id: 'EPZ-UNIQUE-NULL',
    title:
      'no value for the unique key answers 400 with a field error naming it: NULL when the key is absent, NULL or VALIDATION when its value is empty',
    level: 'MUST',
    basis: 'inferred',
    quote: `${UNIQUE_SENTENCE}\nHTTP Status: 400 Bad Request\n<name>field2</name>\n<error>NULL</error>`,
    note: 'The 400 and the field error naming the key are documented; the codes are inferred: the page shows NULL and VALIDATION only as examples. NULL is read as "no value" (required for a key left out); an empty value may be read either way, so both codes pass.',
  },
  {
    id: 'EPZ-VALIDATION',
    title: 'a value the promotion refuses answers 400 with a VALIDATION field error naming its key',
    level: 'MUST',
    basis: 'documented',
    quote: `${RULES_SENTENCE}\nHTTP Status: 400 Bad Request\n<name>field1</name>\n<error>VALIDATION</error>`,
    note: 'Which values a promotion refuses is its own business: config invalidValues (one request per entry).',
  },
  {
    id: 'EPZ-REQUIRED-KEY',
    title: 'a required key left out answers 400 with a NULL field error naming it',
    level: 'MUST',
    basis: 'documented',
    quote: `${RULES_SENTENCE}\n<error>NULL</error>`,
    note: "The required keys are the promotion's: config requiredKeys (not applicable when there are none).",
  },
  {
    id: 'EPZ-FIELD-PER-ERROR',
    title: 'a 400 lists one <field> per bad key, each naming its key',
    level: 'MUST',
    basis: 'documented',
    quote: '<field>\n<name>field1</name>\n<name>field2</name>\n<name>fieldN</name>',
    note: 'Needs two independent bad keys: the empty unique key is always one; the other needs config invalidValues (for a key other than the unique key) or requiredKeys. Not applicable otherwise.',
  },
  {
    id: 'EPZ-FIELD-ERRORS-SHAPE',
    title: 'the 400 body is <result ver><result><errors><field_errors><field><name/><error/>…',
    level: 'MUST',
    basis: 'documented',
    quote: '<errors>\n<field_errors>\n<field>\n<name>field1</name>\n<error>VALIDATION</error>\n</field>',
    note: 'schemas/eprize/field-errors-response.schema.json over the parsed XML (error is NULL or VALIDATION).',
  },
  {
    id: 'EPZ-ERROR-NO-CREATE',
    title: 'a request refused with 400 creates nothing: the same unique value is free afterwards',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Invalid Request - Errors\nHTTP Status: 400 Bad Request',
    note: "Inferred: a refused request that still stored the profile would turn the client's corrected retry into a 409.",
  },
  // ---------------------------------------------------------------- key names
  {
    id: 'EPZ-KEY-NAME-START',
    title:
      'a key name that does not begin with a letter (2nd_choice, _private) is refused with 400 (readings.badKeyNames)',
    level: 'MUST',
    basis: 'inferred',
    quote: `${KEY_NAME_SENTENCE}\n${FAILED_VALIDATION}`,
    note: 'The rule is documented; that a request breaking it is refused with 400 is inferred from "a failed validation, resulting in a response of 400 Bad Request" (reading EPZ-O5: readings.badKeyNames "ignored" also passes a 2xx whose profile does not hold the key). The same body without the bad key must be accepted first (control).',
  },
  {
    id: 'EPZ-KEY-NAME-CHARS',
    title:
      'a key name with anything but lowercase ASCII letters, digits and _ (Nickname, fav-colour, naïve) is refused with 400 (readings.badKeyNames)',
    level: 'MUST',
    basis: 'inferred',
    quote: `${KEY_NAME_SENTENCE}\n${FAILED_VALIDATION}`,
    note: 'The rule is documented; that a request breaking it is refused with 400 is inferred from "a failed validation, resulting in a response of 400 Bad Request" (reading EPZ-O5: readings.badKeyNames "ignored" also passes a 2xx whose profile does not hold the key). The same body without the bad key must be accepted first (control).',
  },
  // ---------------------------------------------------------------- CAPTCHA
  {
    id: 'EPZ-CAPTCHA-REQUIRED',
    title: 'when the promotion enforces a CAPTCHA, a create without one answers 400',
    level: 'MUST',
    basis: 'documented',
    quote: `${CAPTCHA_SENTENCE}\n${FAILED_VALIDATION}`,
    note: 'Only when config captcha.enforced is true; not applicable otherwise. The same body with a solved CAPTCHA must be accepted first (control).',
  },
  {
    id: 'EPZ-CAPTCHA-WRONG',
    title: 'a wrong CAPTCHA answer answers 400',
    level: 'MUST',
    basis: 'documented',
    quote: FAILED_VALIDATION,
    note: 'Only when config captcha.enforced is true. Header names: readings.captchaHeaders. The same body with a solved CAPTCHA must be accepted first (control).',
  },
  {
    id: 'EPZ-CAPTCHA-SINGLE-USE',
    title: 'a CAPTCHA challenge answered once cannot be used again (400)',
    level: 'MUST',
    basis: 'inferred',
    quote: 'a failed CAPTCHA is 400; a challenge is single-use.',
    note: 'Documented on another page of the wiki (related.txt). Needs a way to answer a challenge (captcha.answerUrl or captcha.answer).',
  },
  {
    id: 'EPZ-CAPTCHA-CHALLENGE',
    title: 'POST /v1/{apikey}/captcha answers 201 with Location /v1/{apikey}/captcha/{challenge-id}',
    level: 'MUST',
    basis: 'inferred',
    quote: 'CAPTCHA: POST `/v1/{apikey}/captcha` → 201 with `Location: /v1/{apikey}/captcha/{challenge-id}`',
    note: 'Documented on another page of the wiki (related.txt). Only when config captcha.enforced is true.',
  },
  // ---------------------------------------------------------------- representations
  {
    id: 'EPZ-JSON-OPTIONAL',
    title: 'asked for JSON, the target answers the XML of the page or well-formed JSON (reported either way)',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'Treat JSON as an optional representation: report whether the target offers it.',
    note: 'The page shows only XML: a target that answers XML is not applicable (noted), never failed. Only JSON that is labelled JSON but does not parse fails.',
  },
  {
    id: 'EPZ-STATUS-ONE',
    title: 'status is 1 in the 201, 409 and 400 bodies (only when readings.statusValue is "always-1")',
    level: 'SHOULD',
    basis: 'inferred',
    quote: '<status>1</status>',
    note: 'The page prints <status>1</status> in the success and in both error bodies (reading EPZ-C1): by default the suite only requires an integer status.',
  },
];

export const REQUIREMENTS: Requirement[] = defs.map((d) => ({ ...d, source: SOURCE }));

export const READINGS: Reading[] = [
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
        value: 'text/plain; charset=UTF-8',
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
        value: 'X-CAPTCHA-Challenge,X-CAPTCHA-Response',
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
        value: 'refused',
        description:
          'a create with a badly named key is refused with 400 Bad Request, as a failed validation',
      },
      {
        value: 'ignored',
        description:
          'a create with a badly named key is refused with 400, or accepted (2xx) with the key left out of the profile it shows',
      },
    ],
    default: 'refused',
  },
];
