// Sociotoco "sociotoco.sets.setProfiles" as a Pact contract (spec V4): the success path and every
// documented error (the page's eleven codes), each in XML (the default) and in JSON (format=json),
// each interaction with a provider state and the requirement IDs it covers.
// Generates contracts/pacts/legacy-api-conformance-sociotoco.json (npx vitest run --project contracts).
//
// The path is relative to the API base (e.g. https://host/services/1.1/rest), like the suite's baseUrl.
// Values the provider owns come from provider-state expressions named after the target config's
// fixture paths (`${apiKey}`, `${sid}`, `${unknownSid}`, `${readings.invalidKey}`, ...), or from the
// provider state itself: `${profiles}` (the configured profile IDs, comma-separated; in a successful
// setProfiles, a configured profile the set does not hold yet), `${time}` (now) and `${sig}`.
//
// Signing: every request is signed over all its parameters, `time` included, with the API secret.
// The Pact verifier cannot compute a hash, and a signature recorded here would be over a time (and a
// secret) of the moment it was generated. So the state's params carry `sign`, the interaction's
// query parameters but sig (literal or `${path}`), marking the request as signed: the provider driver
// (contracts/sociotoco/provider.ts) gives `time` from the state and its request filter signs the
// query as sent with the configured key, secret and algorithm, as the suite signs. Requests without
// `sign` (no sig, a wrong sig) are replayed as they are. Nothing is kept out.
//
// Everything else matches by type or pattern, except what the page fixes: the error codes and the
// envelopes. The HTTP status of an error is not documented: 200 or any 4xx is accepted. The
// Content-Type is not documented either: any XML (or JSON) type. JSON `name` is null in the example
// and text for a named set (reading SOC-C2): pact has no null-or-string matcher, so it is left out.
import { MatchersV3 as M, type TemplateQuery, XmlBuilder, type XmlElement } from '@pact-foundation/pact';
import { describe, expect, test } from 'vitest';
import { anchored, attrs, covers, fixture, pactFor, settle, xmlInteger } from '../pact.ts';
import { type Format, SET_PROFILES, SociotocoClient, SociotocoError, signature } from './client.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const pact = pactFor('sociotoco');

// Provider states (contracts/sociotoco/provider.ts sets each up from the target config).
const SET = 'a set the API key may change';
// A successful setProfiles must list at least one profile, and a target may list only those new to
// the set (readings SOC-O6, SOC-O10): the success interactions send a configured profile the set does
// not hold yet (`${profiles}` is then that one).
const ADDABLE = 'a set the API key may change, and a configured profile it does not hold yet';
const UNKNOWN_KEY = 'a set the API key may change, and a well-formed API key that is not registered';
const UNKNOWN_SET = 'a set the API key may change, and a well-formed SociotocoId of no set';

// Example values (the page's own where it has them); the provider replaces them through the states.
const EX = {
  key: '0123456789abcdef0123456789abcdef',
  secret: 'your_api_secret',
  sid: '89c13185-8756-4577-935d-c3e83e6e77ce',
  profiles: '5B2C22279AA3A4E7D4176F3ED1ED29D7,3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE',
  time: 1262304000,
  unknownKey: 'fedcba9876543210fedcba9876543210',
  unknownSid: '3f1c0a52-6d4e-4b8a-9e2f-7a5b0c9d1e40',
  // The defaults of readings SOC-O7, SOC-O8 and SOC-O9.
  invalidKey: 'not a key!',
  invalidSid: 'not-a-sociotoco-id',
  invalidProfiles: 'not a profile!',
  // Well-formed, but no signature of these parameters.
  wrongSig: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

/** A query argument: a literal, or a provider-state value at `path` (and the example the consumer sends). */
type Arg = string | { path: string; example: string };
const provided = (path: string, example: string): Arg => ({ path, example });

const example = (a: Arg) => (typeof a === 'string' ? a : a.example);
const template = (a: Arg) => (typeof a === 'string' ? a : fixture(a.path));
const matcher = (a: Arg) => (typeof a === 'string' ? a : M.fromProviderState(fixture(a.path), a.example));

/** One request: the method, the key (absent: not sent), the other arguments, how it is signed. */
interface Call {
  method: Arg;
  key?: Arg;
  args: Record<string, Arg>;
  /** signed as documented (by the provider state), with a wrong but well-formed sig, or without sig. */
  sig: 'signed' | 'wrong' | 'none';
}

const METHOD = provided('readings.methodName', SET_PROFILES);
const KEY = provided('apiKey', EX.key);
const SID = provided('sid', EX.sid);
const PROFILES = provided('profiles', EX.profiles);
const TIME = provided('time', String(EX.time));

/** The query parameters but sig, in the order the client sends them. */
function unsigned(call: Call, format: Format): [string, Arg][] {
  return [
    ['method', call.method],
    ...(call.key !== undefined ? [['key', call.key] as [string, Arg]] : []),
    ...Object.entries(call.args),
    ...(format === 'json' ? [['format', 'json'] as [string, Arg]] : []),
    ['time', TIME],
  ];
}

function query(call: Call, format: Format): TemplateQuery {
  const params = unsigned(call, format);
  const out: TemplateQuery = Object.fromEntries(params.map(([n, a]) => [n, matcher(a)]));
  if (call.sig === 'signed') {
    const sig = signature(
      params.map(([n, a]) => [n, example(a)]),
      EX.secret,
      'sha256',
    );
    out.sig = M.fromProviderState(fixture('sig'), sig);
  } else if (call.sig === 'wrong') out.sig = anchored('[0-9a-fA-F]+', EX.wrongSig);
  return out;
}

/** The state's params: what the provider signs (the query but sig), when the request is signed. */
function stateParams(call: Call, format: Format): { sign: Record<string, string> } | undefined {
  if (call.sig !== 'signed') return undefined;
  return { sign: Object.fromEntries(unsigned(call, format).map(([n, a]) => [n, template(a)])) };
}

/** The consumer's side of the call: the client with the example values, signing at the example time. */
async function send(url: string, call: Call, format: Format) {
  const client = new SociotocoClient(url, {
    ...(call.key !== undefined ? { key: example(call.key) } : {}),
    secret: call.sig === 'wrong' ? 'not_the_api_secret' : EX.secret,
    algorithm: 'sha256',
    format,
    now: () => EX.time,
  });
  const args = Object.fromEntries(Object.entries(call.args).map(([n, a]) => [n, example(a)]));
  return client.call(example(call.method), args, { sign: call.sig !== 'none' });
}

// The page shows a UUID but never says the ID is one: any non-empty ID.
const SET_ID = '\\S+';
/** A profile ID: the page shows hex IDs of two lengths; the contract promises only a token without ',' or space. */
const PROFILE_ID = '[^,\\s]+';
const NON_EMPTY = '[\\s\\S]*\\S[\\s\\S]*';

/** Any XML (resp. JSON) content type: the pages show the bodies and say nothing of the header. */
const CONTENT_TYPE: Record<Format, { 'Content-Type': ReturnType<typeof anchored> }> = {
  xml: {
    'Content-Type': anchored('(text|application)/([a-z0-9.+-]+\\+)?xml(;.*)?', 'text/xml; charset=utf-8'),
  },
  json: {
    'Content-Type': anchored(
      '(text|application)/([a-z0-9.+-]+\\+)?json(;.*)?',
      'application/json; charset=utf-8',
    ),
  },
};

/** The status of an error answer is not documented (reading SOC-O1): 200 with the envelope, or any 4xx. */
const ERROR_STATUS = M.matchStatus(
  200,
  [
    200, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
    422, 423, 424, 425, 426, 428, 429, 431, 451,
  ],
);

/** The XML example's shape: sociotocoSet@sociotocoId (non-empty) and @version, name, urlName, addedProfiles/profile. */
const SET_XML = new XmlBuilder('1.0', 'utf-8', 'response').build((response: XmlElement) => {
  response.appendElement(
    'sociotocoSet',
    attrs({ sociotocoId: anchored(SET_ID, EX.sid), version: xmlInteger(1) }),
    (set) => {
      // <name /> in the example; a named set carries its name (reading SOC-C2): any text.
      set.appendElement('name', attrs({}), anchored('[\\s\\S]*', ''));
      set.appendElement('urlName', attrs({}), M.string('GMRW32AP'));
      set.appendElement('addedProfiles', attrs({}), (list) => {
        list.eachLike(
          'profile',
          attrs({ id: anchored(PROFILE_ID, '5B2C22279AA3A4E7D4176F3ED1ED29D7') }),
          (p) => {
            p.appendElement('network', attrs({ id: xmlInteger(6) }), M.string('Twitter'));
          },
        );
      });
    },
  );
});

/** The JSON example's shape (without name: see the header). */
const SET_JSON = {
  response: {
    sociotocoSet: {
      sociotocoId: anchored(SET_ID, EX.sid),
      version: M.integer(1),
      urlName: M.string('GMRW32AP'),
      addedProfiles: M.eachLike(
        {
          id: anchored(PROFILE_ID, '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE'),
          network: { id: M.integer(6), name: M.string('Twitter') },
        },
        1,
      ),
    },
  },
};

/** `<response><error code="N">message</error></response>`: the code as documented, any message. */
function errorXml(code: number, message: string): string {
  return new XmlBuilder('1.0', 'utf-8', 'response').build((response: XmlElement) => {
    response.appendElement('error', attrs({ code: String(code) }), anchored(NON_EMPTY, message));
  });
}

/** `{"response":{"error":{"code":N,"message":"…"}}}`: the code a number, as documented. */
function errorJson(code: number, message: string): object {
  return { response: { error: { code, message: anchored(NON_EMPTY, message) } } };
}

const FORMATS: [Format, string, string[]][] = [
  ['xml', 'without format, in XML', ['SOC-FORMAT-XML-DEFAULT']],
  ['json', 'with format=json, in JSON', ['SOC-FORMAT-JSON']],
];

/** The meaning of each code on the page: the example message (any non-empty text matches). */
const MEANING: Record<number, string> = {
  100: 'There is no key argument in the query string.',
  101: 'There is no sig argument in the query string.',
  200: 'There is an invalid key argument in the query string.',
  201: 'The key is not found as a registered api key.',
  210: 'The supplied signature in the query string is invalid.',
  220: 'The supplied method in the query string is not supported.',
  304: 'There is no sid argument in the query string.',
  305: 'There is no profiles argument in the query string.',
  402: 'The given SociotocoId is invalid.',
  403: 'The Sociotoco Set is not found with the given SociotocoId.',
  406: 'The supplied profiles argument is invalid.',
};

const SIGNED: Call = { method: METHOD, key: KEY, args: { sid: SID, profiles: PROFILES }, sig: 'signed' };

describe('Sociotoco: sociotoco.sets.setProfiles (consumer contract)', () => {
  for (const [format, how, formatIds] of FORMATS) {
    const ids = [format === 'xml' ? 'SOC-SUCCESS-XML' : 'SOC-SUCCESS-JSON', ...formatIds];
    const description = covers(
      ids,
      `a signed setProfiles of existing profiles, ${how}, answers the set with the profiles added and its version`,
    );
    test(description, async () => {
      await pact
        .addInteraction()
        .given(ADDABLE, stateParams(SIGNED, format))
        .uponReceiving(description)
        .withRequest('GET', '/', (req) => req.query(query(SIGNED, format)))
        .willRespondWith(200, (res) =>
          format === 'xml'
            ? res.headers(CONTENT_TYPE.xml).xmlBody(SET_XML)
            : res.headers(CONTENT_TYPE.json).jsonBody(SET_JSON),
        )
        .executeTest(async (mock) => {
          const set = await send(mock.url, SIGNED, format);
          expect(set.sociotocoId).toBe(EX.sid);
          expect(set.version).toBe(1);
          expect(set.urlName).toBe('GMRW32AP');
          expect(set.addedProfiles.length).toBeGreaterThan(0);
          expect(set.addedProfiles[0]?.network).toEqual({ id: 6, name: 'Twitter' });
          await settle();
        });
    });
  }

  // The page's error table: each provoked by a request that gets only that one thing wrong.
  const errors: [number, string, string, Call, string?][] = [
    [
      100,
      'KeyMissing',
      'a request without key',
      { method: METHOD, args: { sid: SID, profiles: PROFILES }, sig: 'signed' },
    ],
    [101, 'SignatureMissing', 'a request without sig', { ...SIGNED, sig: 'none' }],
    [
      200,
      'KeyInvalid',
      'a malformed key',
      { ...SIGNED, key: provided('readings.invalidKey', EX.invalidKey) },
    ],
    [
      201,
      'KeyNotFound',
      'a well-formed key that is not registered',
      { ...SIGNED, key: provided('unknownKey', EX.unknownKey) },
      UNKNOWN_KEY,
    ],
    [210, 'SignatureInvalid', 'a signature that is not the one of the request', { ...SIGNED, sig: 'wrong' }],
    [
      220,
      'MethodNotSupported',
      'a method that does not exist',
      { ...SIGNED, method: 'sociotoco.sets.pactNoSuchMethod' },
    ],
    [304, 'SociotocoIdMissing', 'a request without sid', { ...SIGNED, args: { profiles: PROFILES } }],
    [305, 'ProfilesMissing', 'a request without profiles', { ...SIGNED, args: { sid: SID } }],
    [
      402,
      'SociotocoIdInvalid',
      'a malformed sid',
      { ...SIGNED, args: { sid: provided('readings.invalidSid', EX.invalidSid), profiles: PROFILES } },
    ],
    [
      403,
      'SociotocoSetNotFound',
      'a well-formed sid of no set',
      { ...SIGNED, args: { sid: provided('unknownSid', EX.unknownSid), profiles: PROFILES } },
      UNKNOWN_SET,
    ],
    [
      406,
      'ProfilesInvalid',
      'a malformed profiles argument',
      { ...SIGNED, args: { sid: SID, profiles: provided('readings.invalidProfiles', EX.invalidProfiles) } },
    ],
  ];

  for (const [code, name, what, call, state] of errors) {
    for (const [format, how] of FORMATS) {
      // The code and the envelope: a wrong format shows as the envelope's failure, not the format's.
      const envelope = format === 'xml' ? 'SOC-ERROR-ENVELOPE-XML' : 'SOC-ERROR-ENVELOPE-JSON';
      const description = covers(
        [`SOC-ERR-${code}`, envelope],
        `${name}: ${what}${call.sig === 'signed' ? ' (the rest signed)' : ''}, ${how}, is refused with error ${code}`,
      );
      test(description, async () => {
        const message = MEANING[code] ?? name;
        await pact
          .addInteraction()
          .given(state ?? SET, stateParams(call, format))
          .uponReceiving(description)
          .withRequest('GET', '/', (req) => req.query(query(call, format)))
          .willRespondWith(ERROR_STATUS, (res) =>
            format === 'xml'
              ? res.headers(CONTENT_TYPE.xml).xmlBody(errorXml(code, message))
              : res.headers(CONTENT_TYPE.json).jsonBody(errorJson(code, message)),
          )
          .executeTest(async (mock) => {
            const err = await send(mock.url, call, format).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(err).toBeInstanceOf(SociotocoError);
            expect((err as SociotocoError).code).toBe(code);
            expect((err as SociotocoError).apiMessage).not.toBe('');
            await settle();
          });
      });
    }
  }
});
