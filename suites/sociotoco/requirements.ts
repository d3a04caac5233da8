// Sociotoco "sociotoco.sets.setProfiles": every statement of the page the suite enforces, quoted.
// Documented quotes are verbatim substrings of schemas/sociotoco/page.txt (a test holds us to it);
// inferred ones quote the page or related.txt (other pages of the same API) and say why.
import type { Reading, Requirement } from '../../src/types.ts';

export const SOURCE = '000_3e8d3b46ee813d04.txt';

type Def = Omit<Requirement, 'source'>;

/** The page's error table, in the page's order (which is also ascending code order). */
export const ERROR_CODES = [
  { code: 100, name: 'KeyMissing', meaning: 'There is no key argument in the query string.' },
  { code: 101, name: 'SignatureMissing', meaning: 'There is no sig argument in the query string.' },
  { code: 200, name: 'KeyInvalid', meaning: 'There is an invalid key argument in the query string.' },
  { code: 201, name: 'KeyNotFound', meaning: 'The key is not found as a registered api key.' },
  {
    code: 210,
    name: 'SignatureInvalid',
    meaning: 'The supplied signature in the query string is invalid.',
  },
  {
    code: 220,
    name: 'MethodNotSupported',
    meaning: 'The supplied method in the query string is not supported.',
  },
  { code: 304, name: 'SociotocoIdMissing', meaning: 'There is no sid argument in the query string.' },
  { code: 305, name: 'ProfilesMissing', meaning: 'There is no profiles argument in the query string.' },
  { code: 402, name: 'SociotocoIdInvalid', meaning: 'The given SociotocoId is invalid.' },
  {
    code: 403,
    name: 'SociotocoSetNotFound',
    meaning: 'The Sociotoco Set is not found with the given SociotocoId.',
  },
  { code: 406, name: 'ProfilesInvalid', meaning: 'The supplied profiles argument is invalid.' },
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number]['code'];

/** What the isolating request of each code gets wrong (the only thing it gets wrong). */
const PROVOKED_BY: Record<ErrorCode, string> = {
  100: 'no key argument (the rest signed with the secret)',
  101: 'no sig argument',
  200: 'a malformed key (readings.invalidKey), signed with the secret',
  201: 'a well-formed key that is not registered (unknownKey), signed with the secret',
  210: 'a signature made with a wrong secret',
  220: 'a method name that does not exist (unique per run)',
  304: 'no sid argument',
  305: 'no profiles argument',
  402: 'a malformed sid (readings.invalidSid)',
  403: "a well-formed sid of no set (unknownSid; by default one of the configured sid's shape, made per run)",
  406: 'a malformed profiles argument (readings.invalidProfiles)',
};

export type ErrorRequirementId = `SOC-ERR-${ErrorCode}`;
export const errorRequirementId = (code: ErrorCode): ErrorRequirementId => `SOC-ERR-${code}`;

/**
 * The page sentence that makes a code's case normative, where its line of the table holds no
 * normative word of its own ("There is no key argument…"): the authentication sentence for the
 * credentials, the "Required" heading of the argument list for sid and profiles. The others' lines
 * say "invalid" or "not" themselves; the authentication sentence still grounds 200, 201 and 210.
 */
const STATEMENT: Partial<Record<ErrorCode, string>> = {
  100: 'This method requires authentication.',
  101: 'This method requires authentication.',
  200: 'This method requires authentication.',
  201: 'This method requires authentication.',
  210: 'This method requires authentication.',
  304: 'Required',
  305: 'Required',
};

const errorDefs = ERROR_CODES.map((e): Def & { id: ErrorRequirementId } => ({
  id: errorRequirementId(e.code),
  title: `${e.name}: a request with ${PROVOKED_BY[e.code]} is refused with error ${e.code}, in XML and in JSON`,
  level: 'MUST',
  basis: 'documented',
  quote: `${e.code} ${e.name}\n${e.meaning}`,
  ...(STATEMENT[e.code] !== undefined ? { statement: STATEMENT[e.code] as string } : {}),
  note: 'Provoked by a request that is otherwise valid and correctly signed, once without format and once with format=json; the code is read leniently (attribute, element or member), the envelope is SOC-ERROR-ENVELOPE-*.',
}));

const RELATED_SIGNING =
  "Request signing: sort the query parameters by name, join them as `name=value` with `#`, append the API secret with no separator, hash with MD5, SHA-1, SHA-256, SHA-384 or SHA-512 (the client's choice) and send the hex digest as `sig`.";
const RELATED_FORMAT = 'Format: XML is the default; `format=json` selects JSON.';
const RELATED_ENVELOPE =
  'Error envelope: `<response><error code="N">message</error></response>`, or `{"response":{"error":{"code":N,"message":"…"}}}`';

const ADDED_SENTENCE = 'You retrieve a list of profiles which where succesfully added to the set.';
const EXAMPLE_REQUEST =
  'GET /services/1.1/rest?method=sociotoco.sets.setprofiles&key=[your_key]&sid=[sociotocoid]&profiles=[profileIDs]&time=[unix_timestamp]&sig=[signature] HTTP/1.1';

/** Every requirement but the error table's, as a typed table. */
const DEFS = [
  {
    id: 'SOC-SUCCESS-XML',
    title:
      "the XML success body has the example's shape: sociotocoSet@sociotocoId and @version (integer), name, urlName, addedProfiles/profile@id with network@id and its name",
    level: 'MUST',
    basis: 'documented',
    quote:
      '<sociotocoSet sociotocoId="89c13185-8756-4577-935d-c3e83e6e77ce" version="1">\n<name />\n<urlName>GMRW32AP</urlName>\n<addedProfiles>\n<profile id="5B2C22279AA3A4E7D4176F3ED1ED29D7">\n<network id="6">Twitter</network>',
    literal: 'sociotocoSet',
    note: 'schemas/sociotoco/setprofiles-response-xml.schema.json; the element and attribute names are literals both examples carry. A named set may carry a name (createNew returns one), and elements the example does not show are allowed. sociotocoId is any non-empty text: the page shows one example value and never says it is a UUID.',
  },
  {
    id: 'SOC-SUCCESS-JSON',
    title:
      "the JSON success body has the example's shape: sociotocoId (non-empty text), version (integer), name (null or text), urlName, addedProfiles[] of {id, network {id (integer), name}}",
    level: 'MUST',
    basis: 'documented',
    quote:
      '"sociotocoSet":{\n"sociotocoId":"89c13185-8756-4577-935d-c3e83e6e77ce",\n"version":1,\n"name":null,\n"urlName":"GMRW32AP",\n"addedProfiles":[\n"id":"3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE",\n"id":6,\n"name":"Twitter"',
    literal: 'sociotocoSet',
    note: 'schemas/sociotoco/setprofiles-response-json.schema.json; the member names are literals both examples carry. The order of addedProfiles is not significant: the two examples list the same profiles in different orders. sociotocoId is any non-empty text (the page never says UUID).',
  },
  {
    id: 'SOC-ADDED-PROFILES',
    title:
      'addedProfiles lists every profile just sent that was not in the set before, and nothing that was not sent (in any order)',
    level: 'MUST',
    basis: 'documented',
    quote: ADDED_SENTENCE,
    statement: ADDED_SENTENCE,
    note: 'What holds under every reading of the open points (replace or add; every profile sent or only the new ones): a profile new to the set was "succesfully added". Read with sociotoco.sets.get first; profile IDs compare case-insensitively. Whether the profiles already in the set are listed too is SOC-ADDED-LISTING.',
  },
  {
    id: 'SOC-ADDED-LISTING',
    title:
      'addedProfiles lists every profile sent ("sent") or exactly those not in the set before ("newly-added"), as readings.addedProfilesListing says',
    level: 'MUST',
    basis: 'documented',
    quote: ADDED_SENTENCE,
    statement: ADDED_SENTENCE,
    reading: 'addedProfilesListing',
    note: 'The page does not say whether a profile already in the set counts as "added": off until readings.addedProfilesListing is chosen. Sends one profile already in the set and one that is not.',
  },
  {
    id: 'SOC-SET-SEMANTICS',
    title:
      'after a setProfiles, sociotoco.sets.get holds exactly the profiles sent ("replace") or the earlier ones too ("add"), as readings.setSemantics says',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'With the sociotoco.sets.setProfiles method you can set a list of profiles to a Sociotoco Set.\n`sociotoco.sets.get` (`sid`; returns `version` and `profiles`)',
    reading: 'setSemantics',
    note: 'Inferred: "set a list of profiles to a Sociotoco Set" reads as replace or as add, and the page does not say which; off until readings.setSemantics is chosen. Read back with sociotoco.sets.get (related.txt).',
  },
  {
    id: 'SOC-SET-ID',
    title: 'the answer is about the set the request named: sociotocoId equals sid',
    level: 'SHOULD',
    basis: 'inferred',
    quote:
      'A SociotocoID (sid)\n<sociotocoSet sociotocoId="89c13185-8756-4577-935d-c3e83e6e77ce" version="1">',
    note: 'Inferred: the page names the set by sid in the request and by sociotocoId in the answer, but never says they are equal; no known client reads it back. A sid of UUID form compares case-insensitively (hex digits); any other sid must come back exactly.',
  },
  {
    id: 'SOC-VERSION-INCREMENTS',
    title: 'the version returned increases after a setProfiles that changes the set',
    level: 'SHOULD',
    basis: 'inferred',
    quote: 'And a version number of the set.',
    note: 'Inferred: the page returns "a version number of the set" but never says how it moves; a version that stays put after a change tells a client nothing. Two calls: one profile alone, then (read with sociotoco.sets.get) a profile not in the set; without one (an "add" target already holding every configured profile) the check is not applicable.',
  },
  {
    id: 'SOC-READBACK',
    title: 'sociotoco.sets.get reads back the profiles just set, at that version or later',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'With the sociotoco.sets.setProfiles method you can set a list of profiles to a Sociotoco Set.\n`sociotoco.sets.get` (`sid`; returns `version` and `profiles`)',
    note: 'Inferred through sociotoco.sets.get, documented on another page of the same API (related.txt): a client that sets profiles and reads the set back breaks if they are not there. The profiles sent must be in the set under every reading (whether others stay is SOC-SET-SEMANTICS); the body is read leniently (profile IDs under <profiles> or "profiles").',
  },
  {
    id: 'SOC-METHOD-EXAMPLE',
    title:
      "the method spelled as the page's example request spells it, sociotoco.sets.setprofiles, is accepted",
    level: 'MUST',
    basis: 'documented',
    quote: EXAMPLE_REQUEST,
    literal: 'method=sociotoco.sets.setprofiles',
    note: "The page's own example request spells the method in lower case: a client copying it must be served, whatever readings.methodName the other checks use.",
  },
  {
    id: 'SOC-METHOD-CASE',
    title:
      'the method is accepted as sociotoco.sets.setProfiles (title) as well as sociotoco.sets.setprofiles (example request), under readings.methodNames "both"',
    level: 'MUST',
    basis: 'inferred',
    quote: `sociotoco.sets.setProfiles\n${EXAMPLE_REQUEST}`,
    reading: 'methodNames',
    note: "Inferred from the page itself, which spells the method both ways: whether the title's spelling is accepted too is open (related.txt: case-insensitive method names?), so it is off until readings.methodNames is chosen.",
  },
  {
    id: 'SOC-NAME-EXAMPLE',
    title:
      'an unnamed set\'s name is <name /> in XML and null in JSON (only when readings.setName is "unnamed")',
    level: 'MUST',
    basis: 'inferred',
    quote: '<name />\n"name":null,',
    reading: 'setName',
    note: 'Inferred from the examples, which never say their set is unnamed; a set may have a name (createNew returns one): off until readings.setName is "unnamed".',
  },
  {
    id: 'SOC-SIG-ALGORITHMS',
    title:
      'a request signed with MD5, SHA-1, SHA-256, SHA-384 or SHA-512 is accepted (one check per hash in checkAlgorithms)',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RELATED_SIGNING}\nA Signature (sig)`,
    note: "The signing algorithm is documented on another page of the same API (related.txt). The hash is the client's choice: a client that chose one the target refuses cannot call the API at all.",
  },
  {
    id: 'SOC-SIG-HEX-CASE',
    title: 'a sig in upper-case hex is accepted as well as one in lower case (readings.sigHexCase "either")',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RELATED_SIGNING}\nStill open: hex letter case of \`sig\``,
    reading: 'sigHexCase',
    note: 'Inferred: a hex digest is the same number in either letter case, and clients print it either way; the documentation leaves the case open, so this is off until readings.sigHexCase is "either".',
  },
  {
    id: 'SOC-SIG-SORTED',
    title: 'a signature over the parameters in query order instead of sorted by name is refused with 210',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `${RELATED_SIGNING}\n210 SignatureInvalid`,
    note: 'Inferred from the signing rule on another page (related.txt): a signature not made as documented is invalid. A target that also accepts it breaks no client, so SHOULD.',
  },
  {
    id: 'SOC-SIG-ALL-PARAMS',
    title: 'a signature that leaves out method, key, time, sid or profiles is refused with 210',
    level: 'SHOULD',
    basis: 'inferred',
    quote: `${RELATED_SIGNING}\n\`method\`, \`key\` and \`time\` are among the signed parameters.`,
    note: 'Inferred from the signing rule (related.txt): every query parameter but sig is signed, so an unsigned time would allow replay and an unsigned sid or profiles tampering. A target that also accepts it breaks no client, so SHOULD.',
  },
  {
    id: 'SOC-FORMAT-XML-DEFAULT',
    title: 'a request without format is answered in XML (success and error)',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RELATED_FORMAT}\nExample Response`,
    note: 'How a client picks the format is documented on another page (related.txt): a client that sends the example request and parses XML breaks otherwise. The body is judged by its content (its label is SOC-MEDIA-TYPE).',
  },
  {
    id: 'SOC-FORMAT-XML-EXPLICIT',
    title: 'a request with format=xml is answered in XML',
    level: 'SHOULD',
    basis: 'inferred',
    quote: RELATED_FORMAT,
    note: 'Inferred: XML is a format of the API ("XML is the default"), and a client with a format option sends format=xml; no page names that value, so SHOULD.',
  },
  {
    id: 'SOC-FORMAT-JSON',
    title: 'a request with format=json is answered in JSON (success and error)',
    level: 'MUST',
    basis: 'inferred',
    quote: RELATED_FORMAT,
    note: 'Documented on another page of the same API (related.txt); the page shows a JSON example without saying how to ask for it. A client that asks for JSON breaks on XML.',
  },
  {
    id: 'SOC-MEDIA-TYPE',
    title:
      'every answer is labelled with the media type of its body: application/json (or +json) for JSON; application/xml, text/xml (or +xml) for XML, charset utf-8 if one is given',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RELATED_FORMAT}\n<?xml version="1.0" encoding="utf-8"?>`,
    note: 'Inferred: a client that dispatches on Content-Type misreads a mislabelled body; readings.legacyMediaTypes lets the user accept a legacy label they cannot change. Every XML or JSON answer the suite received is judged; empty bodies, redirects, transport errors and bodies that are neither (an HTML page) are not. The XML example declares utf-8; no charset is declared for JSON.',
  },
  {
    id: 'SOC-PROFILES-RAW-COMMAS',
    title: 'profiles is accepted with its commas written raw (A,B) as well as percent-encoded (A%2CB)',
    level: 'MUST',
    basis: 'inferred',
    quote: `A list of profileIDs comma seperated (profiles)\n${EXAMPLE_REQUEST}`,
    note: 'Inferred: a client writing the query as the page shows it sends raw commas, while URL-encoding clients (URLSearchParams, http_build_query, urlencode) send %2C; both are the same value, and either client breaks if its form is refused. Every other check sends %2C.',
  },
  {
    id: 'SOC-SID-CASE',
    title: 'a sid of UUID form is accepted in upper case (and in any mix of cases) as the same set',
    level: 'SHOULD',
    basis: 'inferred',
    quote:
      'A SociotocoID (sid)\n<sociotocoSet sociotocoId="89c13185-8756-4577-935d-c3e83e6e77ce" version="1">',
    note: 'Inferred: the example SociotocoId is a UUID, whose hex digits are case-insensitive on input (RFC 4122); the page never says all are UUIDs, so SHOULD, and not applicable when the configured sid is not one.',
  },
  {
    id: 'SOC-ERROR-ENVELOPE-XML',
    title: 'XML errors come as <response><error code="N">message</error></response>',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RELATED_ENVELOPE}\nError codes`,
    note: 'The page lists the codes but not the body; the envelope is documented on another page (related.txt), and a client reading the code breaks without it. Checked on every answer to the eleven isolating requests that carries an error.',
  },
  {
    id: 'SOC-ERROR-ENVELOPE-JSON',
    title: 'JSON errors come as {"response":{"error":{"code":N,"message":"…"}}} with a numeric code',
    level: 'MUST',
    basis: 'inferred',
    quote: `${RELATED_ENVELOPE}\nError codes`,
    note: 'As SOC-ERROR-ENVELOPE-XML, for requests with format=json.',
  },
  {
    id: 'SOC-ERROR-STATUS',
    title: 'an error is answered with the HTTP status configured in readings.errorStatus',
    level: 'MUST',
    basis: 'inferred',
    quote: 'The HTTP status of an error is not documented.',
    reading: 'errorStatus',
    note: 'No page documents the status of an error answer: off until readings.errorStatus names one.',
  },
  {
    id: 'SOC-ERROR-COMBINED',
    title:
      'a request with two faults at once is refused with one of the errors that apply, and changes nothing',
    level: 'MUST',
    basis: 'inferred',
    quote:
      'Error codes\n100 KeyMissing\n101 SignatureMissing\n210 SignatureInvalid\n304 SociotocoIdMissing\n305 ProfilesMissing\n402 SociotocoIdInvalid\n403 SociotocoSetNotFound\n406 ProfilesInvalid',
    note: 'Inferred: the page gives a code for each fault, so any other code is wrong, and a client that is refused takes it that nothing happened. Five pairs: no key and no sig; no sid and no profiles; a wrong signature and a malformed sid; a sid of no set and a malformed profile list; a wrong signature and a profile list with one malformed item (the set read back before and after must be the same).',
  },
  {
    id: 'SOC-ERROR-PRECEDENCE',
    title:
      'when several errors apply, the one readings.errorPrecedence names wins ("page-order": the first in the table)',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Error codes\n100 KeyMissing\n101 SignatureMissing\n304 SociotocoIdMissing\n305 ProfilesMissing',
    reading: 'errorPrecedence',
    note: 'The page does not say which error wins (related.txt: open): off until readings.errorPrecedence is chosen. The pairs of SOC-ERROR-COMBINED.',
  },
  {
    id: 'SOC-ERROR-NO-CHANGE',
    title: 'a setProfiles refused for its signature changes nothing (version and profiles as before)',
    level: 'MUST',
    basis: 'documented',
    quote: 'This method requires authentication.\n210 SignatureInvalid',
    note: 'A method that requires authentication does not act for a request that fails it; read back with sociotoco.sets.get before and after. The refused request would change the set (a profile not in it, or another list).',
  },
  {
    id: 'SOC-TIME-REQUIRED',
    title: 'a setProfiles without time (the rest signed with the secret) is refused with an error',
    level: 'MUST',
    basis: 'inferred',
    quote: 'Required\nA Unix Timestamp (time)',
    note: 'Open point: time is listed as required, but the page gives no error code and no behaviour for its absence (every other required argument has one), so a target may accept it; checked only when readings.missingTime is "refused".',
    reading: 'missingTime',
  },
] as const satisfies readonly Def[];

/** Every requirement ID of the catalogue, as a union type. */
export type SocRequirementId = ErrorRequirementId | (typeof DEFS)[number]['id'];

export const REQUIREMENTS: readonly (Requirement & { id: SocRequirementId })[] = [...errorDefs, ...DEFS].map(
  (d) => ({ ...d, source: SOURCE }),
);

/**
 * The readings. A reading that takes any value of its kind (a status list, a malformed key, a
 * media type list) offers its example `as string`, so its config type is a string, not one literal.
 */
export const READINGS = [
  {
    id: 'SOC-C1',
    kind: 'contradiction',
    title: 'The method is setProfiles in the title and setprofiles in the example request',
    quotes: [
      'sociotoco.sets.setProfiles',
      'GET /services/1.1/rest?method=sociotoco.sets.setprofiles&key=[your_key]',
    ],
    configKey: 'methodName',
    options: [
      {
        value: 'sociotoco.sets.setprofiles',
        description: 'the spelling of the example request (SOC-METHOD-EXAMPLE checks it whatever this says)',
      },
      { value: 'sociotoco.sets.setProfiles', description: 'the spelling of the title' },
    ],
    default: 'sociotoco.sets.setprofiles',
  },
  {
    id: 'SOC-C3',
    kind: 'contradiction',
    title: "Whether the title's spelling of the method is accepted as well as the example's",
    quotes: [
      'sociotoco.sets.setProfiles',
      'the method is `setProfiles` in the title and `setprofiles` in the request (case-insensitive method names?)',
    ],
    configKey: 'methodNames',
    options: [
      { value: 'example', description: "only the example's spelling is required (SOC-METHOD-CASE off)" },
      { value: 'both', description: 'both spellings are accepted (SOC-METHOD-CASE)' },
    ],
    default: 'example',
  },
  {
    id: 'SOC-C2',
    kind: 'contradiction',
    title: 'name is <name /> in the XML example and null in the JSON one; createNew gives sets a name',
    quotes: [
      '<name />',
      '"name":null,',
      '`sociotoco.sets.createNew` (returns `sociotocoSet@sociotocoId`, `name`, `urlName`)',
    ],
    configKey: 'setName',
    options: [
      {
        value: 'any',
        description: 'the configured set may have a name: text, or empty/null (SOC-NAME-EXAMPLE off)',
      },
      {
        value: 'unnamed',
        description:
          'the configured set has no name: require <name /> and null, as the examples (SOC-NAME-EXAMPLE)',
      },
    ],
    default: 'any',
  },
  {
    id: 'SOC-O1',
    kind: 'open-point',
    title: 'The HTTP status of an error answer',
    quotes: ['The HTTP status of an error is not documented.'],
    configKey: 'errorStatus',
    options: [
      { value: 'any', description: 'not checked: the error is judged by its body (SOC-ERROR-STATUS off)' },
      {
        value: '200' as string,
        description: 'HTTP 200 with the error envelope (a comma-separated list may be configured)',
      },
      { value: '400', description: 'HTTP 400' },
    ],
    default: 'any',
  },
  {
    id: 'SOC-O2',
    kind: 'open-point',
    title: 'The letter case of the hex digest sent as sig',
    quotes: ['Still open: hex letter case of `sig`'],
    configKey: 'sigHexCase',
    options: [
      { value: 'lower', description: 'lower-case hex (what md5()/hexdigest() print)' },
      { value: 'upper', description: 'upper-case hex' },
      {
        value: 'either',
        description:
          'either case is accepted: the suite signs in lower case and checks upper case too (SOC-SIG-HEX-CASE)',
      },
    ],
    default: 'lower',
  },
  {
    id: 'SOC-O3',
    kind: 'open-point',
    title: 'Whether format=json is among the signed parameters',
    quotes: ['whether `format` is signed.', 'sort the query parameters by name'],
    configKey: 'signFormat',
    options: [
      { value: true, description: 'signed like every other query parameter but sig' },
      { value: false, description: 'left out of the signature base' },
    ],
    default: true,
  },
  {
    id: 'SOC-O4',
    kind: 'open-point',
    title: 'Whether values are signed as sent (percent-encoded) or decoded',
    quotes: [
      'whether values are URL-decoded before signing;',
      'A list of profileIDs comma seperated (profiles)',
    ],
    configKey: 'signedValues',
    options: [
      {
        value: 'decoded',
        description:
          'sign the values themselves (profiles=A,B) and send them percent-encoded (profiles=A%2CB)',
      },
      {
        value: 'encoded',
        description: 'sign the values as they appear in the query string (profiles=A%2CB)',
      },
    ],
    default: 'decoded',
  },
  {
    id: 'SOC-O5',
    kind: 'open-point',
    title: 'Which error wins when several apply',
    quotes: ['which error wins when several apply;'],
    configKey: 'errorPrecedence',
    options: [
      {
        value: 'any',
        description: 'any one of the errors that apply (SOC-ERROR-COMBINED; SOC-ERROR-PRECEDENCE off)',
      },
      {
        value: 'page-order',
        description:
          "the first of them in the page's table (100 before 101, 210 before 402 and 406, 403 before 406…)",
      },
    ],
    default: 'any',
  },
  {
    id: 'SOC-O6',
    kind: 'open-point',
    title: "Whether setProfiles replaces the set's profiles or adds to them",
    quotes: [
      'With the sociotoco.sets.setProfiles method you can set a list of profiles to a Sociotoco Set.',
      'You retrieve a list of profiles which where succesfully added to the set.',
    ],
    configKey: 'setSemantics',
    options: [
      {
        value: 'any',
        description:
          'not checked: the profiles sent must be in the set afterwards (SOC-READBACK); SOC-SET-SEMANTICS off; the suite puts the original list back',
      },
      {
        value: 'replace',
        description: 'the set holds exactly the profiles sent; the suite restores the original list',
      },
      {
        value: 'add',
        description: 'the profiles sent are added to those there (nothing is restored)',
      },
    ],
    default: 'any',
  },
  {
    id: 'SOC-O10',
    kind: 'open-point',
    title: 'Whether addedProfiles lists every profile sent, or only those that were not in the set before',
    quotes: [
      'You retrieve a list of profiles which where succesfully added to the set.',
      "Success returns the profiles that were successfully added, and the set's version number.",
    ],
    configKey: 'addedProfilesListing',
    options: [
      {
        value: 'any',
        description:
          'not checked beyond what holds either way: the profiles new to the set, nothing not sent (SOC-ADDED-PROFILES); SOC-ADDED-LISTING off',
      },
      {
        value: 'sent',
        description: 'every profile sent, those already in the set too',
      },
      {
        value: 'newly-added',
        description:
          'exactly the profiles sent that were not in the set before (read with sociotoco.sets.get)',
      },
    ],
    default: 'any',
  },
  {
    id: 'SOC-O7',
    kind: 'open-point',
    title: 'What makes a key "invalid" (200) rather than "not found" (201)',
    quotes: [
      'There is an invalid key argument in the query string.',
      'The key is not found as a registered api key.',
    ],
    configKey: 'invalidKey',
    options: [
      {
        value: 'not a key!' as string,
        description: 'a value that cannot be a key (space and punctuation); any string may be configured',
      },
    ],
    default: 'not a key!',
  },
  {
    id: 'SOC-O8',
    kind: 'open-point',
    title: 'What makes a SociotocoId "invalid" (402) rather than "not found" (403)',
    quotes: [
      'The given SociotocoId is invalid.',
      'The Sociotoco Set is not found with the given SociotocoId.',
    ],
    configKey: 'invalidSid',
    options: [
      {
        value: 'not-a-sociotoco-id' as string,
        description:
          "a value that cannot be a SociotocoId (the example's is a UUID); any string may be configured",
      },
    ],
    default: 'not-a-sociotoco-id',
  },
  {
    id: 'SOC-O9',
    kind: 'open-point',
    title: 'What makes the profiles argument invalid (406); unknown but well-formed IDs are left open',
    quotes: ['The supplied profiles argument is invalid.'],
    configKey: 'invalidProfiles',
    options: [
      {
        value: 'not a profile!' as string,
        description: 'a value that cannot be a list of profile IDs; any string may be configured',
      },
    ],
    default: 'not a profile!',
  },
  {
    id: 'SOC-O12',
    kind: 'open-point',
    title: 'What a request without time gets: time is "Required", but no error code covers its absence',
    quotes: ['Required\nA Unix Timestamp (time)'],
    configKey: 'missingTime',
    options: [
      { value: 'any', description: 'not checked: the page gives no code or behaviour for a missing time' },
      {
        value: 'refused',
        description: 'the target refuses a request without time with an error (SOC-TIME-REQUIRED)',
      },
    ],
    default: 'any',
  },
  {
    id: 'SOC-O11',
    kind: 'open-point',
    title: 'Which media types label the answers (no page says)',
    quotes: [
      'Format: XML is the default; `format=json` selects JSON.',
      '<?xml version="1.0" encoding="utf-8"?>',
    ],
    configKey: 'legacyMediaTypes',
    options: [
      {
        value: '',
        description:
          'none: JSON as application/json or +json, XML as application/xml, text/xml or +xml (SOC-MEDIA-TYPE)',
      },
      {
        value: 'text/plain' as string,
        description:
          'a comma-separated list of legacy labels the target uses and the user accepts (e.g. text/plain, text/html)',
      },
    ],
    default: '',
  },
] as const satisfies readonly Reading[];
