// Sociotoco reference mock: GET {base}/services/1.1/rest?method=sociotoco.sets.setProfiles (and
// sociotoco.sets.get), signed requests (the API's signing rule, implemented here independently of the
// suite), XML by default and JSON with format=json, the page's eleven error codes in the documented
// envelopes, in-memory sets. Each fault breaks one documented behaviour, so the project's tests can
// prove the suite notices.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultDefinition, MockOptions, RunningMock } from '../../src/types.ts';
import { defineMock } from '../../src/vendor.ts';
import { answerChaos, chaosFaults } from '../chaos.ts';
import { listen, parseForm, xmlEscape } from '../server.ts';

export const BASE_PATH = '/services/1.1/rest';

export const FIXTURES = {
  apiKey: '3f2b8c1d9e7a4b6c8d0e1f2a3b4c5d6e',
  secret: 'mock-sociotoco-secret',
  algorithm: 'sha256',
  sid: '89c13185-8756-4577-935d-c3e83e6e77ce',
  urlName: 'GMRW32AP',
  profileIds: [
    '5B2C22279AA3A4E7D4176F3ED1ED29D7',
    '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE',
    'A1B2C3D4E5F60718293A4B5C6D7E8F90',
  ],
  /** In the set at start-up, and not among the profiles the suite sets. */
  initialProfile: 'FEDCBA98765432100123456789ABCDEF',
  /** A second set, empty at start-up (alternatives.emptySet): this mock refuses profiles= (406). */
  emptySid: '0f1e2d3c-4b5a-4697-8a1b-2c3d4e5f6a7b',
};

interface Network {
  id: number;
  name: string;
}
const TWITTER: Network = { id: 6, name: 'Twitter' };
const YOUTUBE: Network = { id: 7, name: 'Youtube' };
const NETWORK_OF: Record<string, Network> = {
  '5B2C22279AA3A4E7D4176F3ED1ED29D7': TWITTER,
  '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE': TWITTER,
  A1B2C3D4E5F60718293A4B5C6D7E8F90: YOUTUBE,
  FEDCBA98765432100123456789ABCDEF: YOUTUBE,
};

const MESSAGES: Record<number, string> = {
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

/** The wrong code a fault answers instead of the documented one. */
const REMAPS: Record<string, [number, number]> = {
  'no-key-as-invalid': [100, 200],
  'no-sig-as-invalid': [101, 210],
  'malformed-key-as-not-found': [200, 201],
  'unknown-key-as-invalid': [201, 200],
  'no-sid-as-invalid': [304, 402],
  'no-profiles-wrong-code': [305, 406],
  'malformed-sid-as-not-found': [402, 403],
  'unknown-set-as-invalid': [403, 402],
};

const KEY_SHAPE = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROFILE_ID = /^[0-9A-F]{16,64}$/i;
const BY_HEX_LENGTH: Record<number, string> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};

export const FAULTS: FaultDefinition[] = [
  // signing
  {
    id: 'signature-not-checked',
    description: 'any sig value is accepted (a missing one is still refused)',
    breaks: ['SOC-ERR-210', 'SOC-SIG-SORTED', 'SOC-SIG-ALL-PARAMS', 'SOC-ERROR-NO-CHANGE'],
  },
  {
    id: 'accepts-unsorted-signature',
    description: 'a signature over the parameters in query order is accepted too',
    breaks: ['SOC-SIG-SORTED'],
  },
  {
    id: 'time-unsigned',
    description: 'a signature that leaves out time is accepted too (replayable requests)',
    breaks: ['SOC-SIG-ALL-PARAMS'],
  },
  { id: 'no-sha384', description: 'SHA-384 signatures are refused with 210', breaks: ['SOC-SIG-ALGORITHMS'] },
  {
    id: 'sig-lowercase-only',
    description: 'only lower-case hex signatures are accepted, read as "either"',
    breaks: ['SOC-SIG-HEX-CASE'],
    readings: { sigHexCase: 'either' },
  },
  {
    id: 'time-not-required',
    description: 'a request without time is accepted (the clean mock refuses it with 210)',
    breaks: ['SOC-TIME-REQUIRED'],
    readings: { missingTime: 'refused' },
  },
  {
    id: 'applies-before-signature-check',
    description: 'setProfiles with a wrong signature is applied, then answered with 210',
    breaks: ['SOC-ERROR-NO-CHANGE'],
  },
  // the error table
  {
    id: 'no-key-as-invalid',
    description: 'a request without key gets 200 instead of 100',
    breaks: ['SOC-ERR-100', 'SOC-ERROR-COMBINED'],
  },
  {
    id: 'no-sig-as-invalid',
    description: 'a request without sig gets 210 instead of 101',
    breaks: ['SOC-ERR-101'],
  },
  {
    id: 'malformed-key-as-not-found',
    description: 'a malformed key gets 201 instead of 200',
    breaks: ['SOC-ERR-200'],
  },
  {
    id: 'unknown-key-as-invalid',
    description: 'an unregistered key gets 200 instead of 201',
    breaks: ['SOC-ERR-201'],
  },
  {
    id: 'unknown-method-runs-setprofiles',
    description: 'an unknown method name runs setProfiles instead of getting 220',
    breaks: ['SOC-ERR-220'],
  },
  {
    id: 'no-sid-as-invalid',
    description: 'a request without sid gets 402 instead of 304',
    breaks: ['SOC-ERR-304', 'SOC-ERROR-COMBINED'],
  },
  {
    id: 'no-profiles-wrong-code',
    description: 'a request without profiles gets 406 instead of 305',
    breaks: ['SOC-ERR-305'],
  },
  {
    id: 'malformed-sid-as-not-found',
    description: 'a malformed sid gets 403 instead of 402',
    breaks: ['SOC-ERR-402'],
  },
  {
    id: 'unknown-set-as-invalid',
    description: 'a well-formed sid of no set gets 402 instead of 403',
    breaks: ['SOC-ERR-403', 'SOC-ERROR-COMBINED'],
  },
  {
    id: 'invalid-profiles-ignored',
    description: 'malformed profile IDs are dropped silently instead of getting 406',
    breaks: ['SOC-ERR-406'],
  },
  {
    id: 'precedence-last',
    description: 'when several errors apply, the last of the page order wins',
    breaks: ['SOC-ERROR-PRECEDENCE'],
    readings: { errorPrecedence: 'page-order' },
  },
  {
    id: 'combined-wrong-code',
    description: 'when several errors apply, the answer is 220 MethodNotSupported, which applies to none',
    breaks: ['SOC-ERROR-COMBINED'],
  },
  {
    id: 'combined-applies',
    description:
      'when several errors apply to a setProfiles of an existing set, its well-formed profiles are set before the error is answered',
    breaks: ['SOC-ERROR-COMBINED'],
  },
  {
    id: 'error-status-400',
    description: 'errors are answered with HTTP 400 (the clean mock uses 200)',
    breaks: ['SOC-ERROR-STATUS'],
    readings: { errorStatus: '200' },
  },
  {
    id: 'xml-error-code-element',
    description: 'XML errors come as <error><code>N</code><message>…</message></error>',
    breaks: ['SOC-ERROR-ENVELOPE-XML'],
  },
  {
    id: 'json-error-code-string',
    description: 'JSON errors carry the code as a string ("210")',
    breaks: ['SOC-ERROR-ENVELOPE-JSON'],
  },
  // formats
  {
    id: 'xml-when-json-asked',
    description: 'format=json is ignored: every answer is XML',
    breaks: ['SOC-FORMAT-JSON', 'SOC-SUCCESS-JSON', 'SOC-ERROR-ENVELOPE-JSON'],
  },
  {
    id: 'json-when-xml-asked',
    description: 'every answer is JSON, even without format=json',
    breaks: [
      'SOC-FORMAT-XML-DEFAULT',
      'SOC-FORMAT-XML-EXPLICIT',
      'SOC-SUCCESS-XML',
      'SOC-ERROR-ENVELOPE-XML',
    ],
  },
  {
    id: 'format-xml-as-json',
    description: 'any format argument selects JSON: format=xml is answered in JSON',
    breaks: ['SOC-FORMAT-XML-EXPLICIT'],
  },
  // media types
  {
    id: 'json-as-text-plain',
    description: 'JSON answers are labelled text/plain',
    breaks: ['SOC-MEDIA-TYPE'],
  },
  {
    id: 'xml-charset-latin1',
    description: 'XML answers (utf-8, as declared) are labelled charset=iso-8859-1',
    breaks: ['SOC-MEDIA-TYPE'],
  },
  // written forms of the arguments
  {
    id: 'raw-commas-refused',
    description: 'a profiles argument with raw commas (A,B) gets 406; only %2C is accepted',
    breaks: ['SOC-PROFILES-RAW-COMMAS'],
  },
  {
    id: 'sid-case-sensitive',
    description: 'a sid in upper case gets 403 (sets are looked up by the lower-case UUID only)',
    breaks: ['SOC-SID-CASE'],
  },
  // the success answer
  {
    id: 'profile-id-element',
    description: 'in XML, the profile id is an <id> element instead of an attribute',
    breaks: ['SOC-SUCCESS-XML'],
  },
  {
    id: 'json-name-missing',
    description: 'in JSON, the set has no name member',
    breaks: ['SOC-SUCCESS-JSON'],
  },
  {
    id: 'json-version-string',
    description: 'in JSON, version is a string ("2")',
    breaks: ['SOC-SUCCESS-JSON'],
  },
  {
    id: 'json-name-empty-string',
    description: 'in JSON, an unnamed set has "name":"" instead of null',
    breaks: ['SOC-NAME-EXAMPLE'],
    readings: { setName: 'unnamed' },
  },
  {
    id: 'wrong-sociotoco-id',
    description: 'the answer names another sociotocoId than the sid asked for',
    breaks: ['SOC-SET-ID'],
  },
  {
    id: 'added-profiles-drops-one',
    description: 'addedProfiles leaves out the last profile added',
    breaks: ['SOC-ADDED-PROFILES'],
  },
  {
    id: 'version-not-incremented',
    description: 'the version stays the same after setProfiles',
    breaks: ['SOC-VERSION-INCREMENTS'],
  },
  {
    id: 'not-applied',
    description:
      'setProfiles answers a success (the version one up, the profiles sent listed as added) but the set keeps its profiles',
    breaks: ['SOC-READBACK'],
  },
  {
    id: 'get-stale',
    description: 'sociotoco.sets.get answers the set as it was at start-up',
    breaks: ['SOC-READBACK'],
  },
  {
    id: 'lists-only-new-profiles',
    description: 'addedProfiles lists only the profiles that were not in the set before, read as "sent"',
    breaks: ['SOC-ADDED-LISTING'],
    readings: { addedProfilesListing: 'sent' },
  },
  {
    id: 'adds-instead-of-replacing',
    description: 'setProfiles adds to the set (the earlier profiles stay), read as "replace"',
    breaks: ['SOC-SET-SEMANTICS'],
    readings: { setSemantics: 'replace' },
  },
  // the method name
  {
    id: 'method-case-sensitive',
    description:
      'only sociotoco.sets.setProfiles is accepted; setprofiles (the example) gets 220 (the other checks use readings.methodName)',
    breaks: ['SOC-METHOD-EXAMPLE'],
    readings: { methodName: 'sociotoco.sets.setProfiles' },
  },
  {
    id: 'method-lowercase-only',
    description: "only sociotoco.sets.setprofiles is accepted; the title's spelling gets 220",
    breaks: ['SOC-METHOD-CASE'],
    readings: { methodNames: 'both' },
  },
  // Found by generated inputs only (suites/sociotoco/domains.ts): each hand-picked value passes them.
  {
    id: 'sig-prefix-compared',
    description:
      'only the first 32 hex digits of sig are compared (a column as wide as an MD5 digest): a longer digest wrong in its tail is accepted',
    breaks: ['SOC-ERR-210'],
    generated: true,
  },
  {
    id: 'sid-prefix-lookup',
    description:
      'a set is looked up by the first 32 characters of the sid: a UUID differing from one only in its last four digits names that set',
    breaks: ['SOC-ERR-403'],
    generated: true,
  },
  {
    id: 'sid-case-all-or-nothing',
    description:
      'a set is found by its sid in all lower or all upper case only (indexed under both spellings): a sid in mixed case gets 403',
    breaks: ['SOC-SID-CASE'],
    generated: true,
  },
  {
    id: 'profiles-first-item-checked',
    description:
      'only the first item of profiles is checked for form: a malformed item after it is dropped silently instead of getting 406',
    breaks: ['SOC-ERR-406'],
    generated: true,
  },
];

/** Other documented behaviours (or readings of an open point) the suite must pass, each under the readings it carries. */
export const VARIANTS: FaultDefinition[] = [
  {
    id: 'sig-uppercase-only',
    breaks: [],
    description: 'only upper-case hex signatures are accepted (proves reading SOC-O2)',
    readings: { sigHexCase: 'upper' },
  },
  {
    id: 'format-unsigned',
    breaks: [],
    description: 'format is left out of the signature base (proves reading SOC-O3)',
    readings: { signFormat: false },
  },
  {
    id: 'signs-encoded-values',
    breaks: [],
    description: 'values are signed as they appear percent-encoded (proves reading SOC-O4)',
    readings: { signedValues: 'encoded' },
  },
  {
    id: 'empty-list-empties',
    breaks: [],
    description:
      'profiles= (an empty list) empties the set instead of being refused with 406: the page does not say which (the suite asks before it changes an empty set)',
  },
  {
    id: 'refuses-replays',
    breaks: [],
    description:
      'a signature already used is refused with 210 (replay protection; the suite never repeats a signed request)',
  },
  {
    id: 'json-as-text-plain-accepted',
    breaks: [],
    description:
      'JSON answers labelled text/plain, a legacy label the user accepts (proves readings.legacyMediaTypes)',
    readings: { legacyMediaTypes: 'text/plain' },
  },
  {
    id: 'added-profiles-reversed',
    breaks: [],
    description: 'addedProfiles in reverse order (the order is not significant)',
  },
  {
    id: 'lists-newly-added-only',
    breaks: [],
    description:
      'addedProfiles lists only the profiles that were not in the set before (proves reading SOC-O10)',
    readings: { addedProfilesListing: 'newly-added' },
  },
  {
    id: 'add-semantics',
    breaks: [],
    description:
      'setProfiles adds to the set and lists only the new profiles (proves readings SOC-O6 and SOC-O10)',
    readings: { setSemantics: 'add', addedProfilesListing: 'newly-added' },
  },
  {
    id: 'explicit-readings',
    breaks: [],
    description:
      'the clean mock with every reading chosen as it behaves (the requirements they switch on pass)',
    readings: {
      methodNames: 'both',
      setName: 'unnamed',
      errorStatus: '200',
      sigHexCase: 'either',
      errorPrecedence: 'page-order',
      setSemantics: 'replace',
      addedProfilesListing: 'sent',
      missingTime: 'refused',
    },
  },
];

/**
 * The Pact provider states the contract names (contracts/sociotoco). The mock needs no hook for them:
 * the contract's provider driver (contracts/sociotoco/provider.ts) sets them up through the API, as
 * on any target, and signs each request.
 */
export const PROVIDER_STATES: readonly string[] = [
  'a set the API key may change',
  'a set the API key may change, and a configured profile it does not hold yet',
  'a set the API key may change, and a well-formed API key that is not registered',
  'a set the API key may change, and a well-formed SociotocoId of no set',
];

/** Faults that break everything at once: bad input the suite must survive, not a requirement. */
export const CHAOS: FaultDefinition[] = [
  ...chaosFaults(['html-page', 'garbage-body', 'slow-responses', 'huge-body', 'xxe-body']),
];

interface SociotocoSet {
  sociotocoId: string;
  version: number;
  name: string | null;
  urlName: string;
  profiles: string[];
}

interface QueryPair {
  name: string;
  /** As it appeared in the query string. */
  raw: string;
  value: string;
}

function queryPairs(search: string): QueryPair[] {
  return search
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const [name = '', value = ''] = Object.entries(parseForm(pair))[0] ?? [];
      return { name, raw: eq < 0 ? '' : pair.slice(eq + 1), value };
    });
}

type Method = 'setprofiles' | 'get';

export async function start(options: MockOptions = {}): Promise<RunningMock> {
  const faults = new Set(options.faults ?? []);
  const fault = (id: string) => faults.has(id);
  const sets = new Map<string, SociotocoSet>();
  const own: SociotocoSet = {
    sociotocoId: FIXTURES.sid,
    version: 1,
    name: null,
    urlName: FIXTURES.urlName,
    profiles: [FIXTURES.initialProfile],
  };
  sets.set(own.sociotocoId.toLowerCase(), own);
  sets.set(FIXTURES.emptySid, {
    sociotocoId: FIXTURES.emptySid,
    version: 1,
    name: null,
    urlName: 'EMPTYSET',
    profiles: [],
  });
  const snapshot = structuredClone(own);
  /** Signatures already accepted (fault refuses-replays). */
  const usedSigs = new Set<string>();

  function digest(algorithm: string, base: string): string {
    return createHash(algorithm).update(base, 'utf8').digest('hex');
  }

  /** The documented rule: parameters but sig sorted by name, name=value joined with #, the secret appended. */
  function signatureValid(pairs: QueryPair[], sig: string): boolean {
    if (fault('signature-not-checked')) return true;
    const algorithm = BY_HEX_LENGTH[sig.length];
    if (!algorithm || !/^[0-9a-f]+$/i.test(sig)) return false;
    if (fault('no-sha384') && algorithm === 'sha384') return false;
    if (fault('sig-uppercase-only') && sig !== sig.toUpperCase()) return false;
    if (fault('sig-lowercase-only') && sig !== sig.toLowerCase()) return false;
    const signed = pairs.filter(
      (p) => p.name !== 'sig' && !(fault('format-unsigned') && p.name === 'format'),
    );
    const base = (list: QueryPair[]) =>
      `${list.map((p) => `${p.name}=${fault('signs-encoded-values') ? p.raw : p.value}`).join('#')}${FIXTURES.secret}`;
    const sorted = (list: QueryPair[]) =>
      [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const candidates = [sorted(signed)];
    if (fault('accepts-unsorted-signature')) candidates.push(signed);
    if (fault('time-unsigned')) candidates.push(sorted(signed.filter((p) => p.name !== 'time')));
    const width = fault('sig-prefix-compared') ? 32 : sig.length;
    return candidates.some(
      (c) => digest(algorithm, base(c)).slice(0, width) === sig.toLowerCase().slice(0, width),
    );
  }

  function methodOf(name: string): Method | undefined {
    let found: Method | undefined;
    if (fault('method-case-sensitive')) {
      found =
        name === 'sociotoco.sets.setProfiles'
          ? 'setprofiles'
          : name === 'sociotoco.sets.get'
            ? 'get'
            : undefined;
    } else if (fault('method-lowercase-only')) {
      found =
        name === 'sociotoco.sets.setprofiles'
          ? 'setprofiles'
          : name === 'sociotoco.sets.get'
            ? 'get'
            : undefined;
    } else {
      const lower = name.toLowerCase();
      found =
        lower === 'sociotoco.sets.setprofiles'
          ? 'setprofiles'
          : lower === 'sociotoco.sets.get'
            ? 'get'
            : undefined;
    }
    if (!found && fault('unknown-method-runs-setprofiles')) return 'setprofiles';
    return found;
  }

  /** The profile list, or undefined when it is malformed (406). Unknown well-formed IDs are not added. */
  function profilesOf(arg: string): string[] | undefined {
    if (arg === '' && fault('empty-list-empties')) return [];
    const items = arg.split(',').map((s) => s.trim());
    const checked = fault('profiles-first-item-checked') ? items.slice(0, 1) : items;
    const malformed = checked.some((s) => !PROFILE_ID.test(s));
    if (malformed && !fault('invalid-profiles-ignored')) return undefined;
    const known = items.map((s) => s.toUpperCase()).filter((s) => PROFILE_ID.test(s) && NETWORK_OF[s]);
    return [...new Set(known)];
  }

  /** The set a sid names (sids are UUIDs, compared in any letter case), or undefined. */
  function findSet(sid: string): SociotocoSet | undefined {
    if (fault('sid-case-all-or-nothing') && sid !== sid.toLowerCase() && sid !== sid.toUpperCase())
      return undefined;
    const key = sid.toLowerCase();
    if (fault('sid-prefix-lookup'))
      return [...sets.entries()].find(([id]) => id.slice(0, 32) === key.slice(0, 32))?.[1];
    return sets.get(key);
  }

  // ------------------------------------------------------------ rendering

  function send(res: ServerResponse, status: number, format: 'xml' | 'json', body: string): void {
    const bytes = Buffer.from(body, 'utf8');
    const json =
      fault('json-as-text-plain') || fault('json-as-text-plain-accepted') ? 'text/plain' : 'application/json';
    const xmlCharset = fault('xml-charset-latin1') ? 'iso-8859-1' : 'utf-8';
    res.writeHead(status, {
      'content-type': format === 'json' ? `${json}; charset=utf-8` : `text/xml; charset=${xmlCharset}`,
      'content-length': bytes.length,
    });
    res.end(bytes);
  }

  function error(res: ServerResponse, format: 'xml' | 'json', code: number): void {
    const status = fault('error-status-400') ? 400 : 200;
    const message = MESSAGES[code] ?? 'Error.';
    if (format === 'json') {
      const c = fault('json-error-code-string') ? String(code) : code;
      send(res, status, 'json', JSON.stringify({ response: { error: { code: c, message } } }));
      return;
    }
    const inner = fault('xml-error-code-element')
      ? `<error><code>${code}</code><message>${xmlEscape(message)}</message></error>`
      : `<error code="${code}">${xmlEscape(message)}</error>`;
    send(res, status, 'xml', `<?xml version="1.0" encoding="utf-8"?>\n<response>\n ${inner}\n</response>\n`);
  }

  function answerSet(
    res: ServerResponse,
    format: 'xml' | 'json',
    set: SociotocoSet,
    listName: 'addedProfiles' | 'profiles',
    list: string[],
  ): void {
    const id = fault('wrong-sociotoco-id') ? '00000000-0000-4000-8000-000000000000' : set.sociotocoId;
    if (format === 'json') {
      const out: Record<string, unknown> = {
        sociotocoId: id,
        version: fault('json-version-string') ? String(set.version) : set.version,
      };
      if (!fault('json-name-missing')) out.name = set.name ?? (fault('json-name-empty-string') ? '' : null);
      out.urlName = set.urlName;
      out[listName] = list.map((p) => ({ id: p, network: NETWORK_OF[p] }));
      send(res, 200, 'json', JSON.stringify({ response: { sociotocoSet: out } }));
      return;
    }
    const profiles = list
      .map((p) => {
        const n = NETWORK_OF[p] as Network;
        const network = `<network id="${n.id}">${xmlEscape(n.name)}</network>`;
        return fault('profile-id-element')
          ? `   <profile>\n    <id>${p}</id>\n    ${network}\n   </profile>`
          : `   <profile id="${p}">\n    ${network}\n   </profile>`;
      })
      .join('\n');
    const name = set.name === null ? '<name />' : `<name>${xmlEscape(set.name)}</name>`;
    const listXml = list.length === 0 ? `<${listName} />` : `<${listName}>\n${profiles}\n  </${listName}>`;
    send(
      res,
      200,
      'xml',
      `<?xml version="1.0" encoding="utf-8"?>\n<response>\n <sociotocoSet sociotocoId="${id}" version="${set.version}">\n  ${name}\n  <urlName>${xmlEscape(set.urlName)}</urlName>\n  ${listXml}\n </sociotocoSet>\n</response>\n`,
    );
  }

  // ------------------------------------------------------------ the endpoint

  const handler = async (req: IncomingMessage, _body: Buffer, res: ServerResponse): Promise<void> => {
    if (
      await answerChaos(fault, res, {
        contentType: 'application/json',
        xxeBody: `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<response><sociotocoSet sociotocoId="&xxe;" version="1"><name>&xxe;</name><urlName>x</urlName><addedProfiles /></sociotocoSet></response>`,
      })
    )
      return;
    const url = new URL(req.url ?? '/', 'http://mock');
    if (url.pathname !== BASE_PATH && url.pathname !== `${BASE_PATH}/`) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('Method not allowed');
      return;
    }
    const pairs = queryPairs(url.search.slice(1));
    const params: Record<string, string> = {};
    for (const p of pairs) if (!(p.name in params)) params[p.name] = p.value;
    const asked =
      params.format?.toLowerCase() === 'json' || (fault('format-xml-as-json') && params.format !== undefined)
        ? 'json'
        : 'xml';
    const format = fault('json-when-xml-asked') ? 'json' : fault('xml-when-json-asked') ? 'xml' : asked;

    // Every error that applies, in the page's order; the first wins (the last, under precedence-last).
    const errors: number[] = [];
    const { key, sig, sid } = params;
    if (key === undefined) errors.push(100);
    if (sig === undefined) errors.push(101);
    if (key !== undefined) {
      if (!KEY_SHAPE.test(key)) errors.push(200);
      else if (key !== FIXTURES.apiKey) errors.push(201);
      else if (sig !== undefined && !signatureValid(pairs, sig)) errors.push(210);
      // No code is documented for a missing time: this mock answers as for an invalid signature
      // (the signature must cover time, so none made without it can be valid).
      else if (sig !== undefined && params.time === undefined && !fault('time-not-required'))
        errors.push(210);
      else if (sig !== undefined && fault('refuses-replays')) {
        if (usedSigs.has(sig.toLowerCase())) errors.push(210);
        else usedSigs.add(sig.toLowerCase());
      }
    }
    const method = methodOf(params.method ?? '');
    let profiles: string[] | undefined;
    if (!method) errors.push(220);
    else {
      if (sid === undefined) errors.push(304);
      if (method === 'setprofiles' && params.profiles === undefined) errors.push(305);
      if (sid !== undefined) {
        if (!UUID.test(sid)) errors.push(402);
        else if (!findSet(sid) || (fault('sid-case-sensitive') && sid !== sid.toLowerCase()))
          errors.push(403);
      }
      if (method === 'setprofiles' && params.profiles !== undefined) {
        profiles = profilesOf(params.profiles);
        const raw = pairs.find((p) => p.name === 'profiles')?.raw ?? '';
        if (!profiles || (fault('raw-commas-refused') && raw.includes(','))) errors.push(406);
      }
    }

    const target = sid !== undefined ? findSet(sid) : undefined;
    const apply = (set: SociotocoSet, list: string[]): string[] => {
      const had = set.profiles;
      if (fault('not-applied')) {
        set.version += 1;
        return list;
      }
      let added = list;
      if (fault('add-semantics') || fault('adds-instead-of-replacing')) {
        added = list.filter((p) => !had.includes(p));
        set.profiles = [...had, ...added];
      } else {
        set.profiles = [...list];
        if (fault('lists-newly-added-only') || fault('lists-only-new-profiles'))
          added = list.filter((p) => !had.includes(p));
      }
      if (!fault('version-not-incremented')) set.version += 1;
      return added;
    };

    if (errors.length > 0) {
      if (
        fault('applies-before-signature-check') &&
        errors.length === 1 &&
        errors[0] === 210 &&
        method === 'setprofiles' &&
        target &&
        profiles
      )
        apply(target, profiles);
      if (fault('combined-applies') && errors.length > 1 && method === 'setprofiles' && target) {
        const wellFormed = (params.profiles ?? '')
          .split(',')
          .map((p) => p.trim().toUpperCase())
          .filter((p) => NETWORK_OF[p]);
        if (wellFormed.length > 0) apply(target, wellFormed);
      }
      let code = (fault('precedence-last') ? errors[errors.length - 1] : errors[0]) as number;
      for (const [f, [from, to]] of Object.entries(REMAPS)) if (fault(f) && code === from) code = to;
      if (fault('combined-wrong-code') && errors.length > 1) code = 220;
      error(res, format, code);
      return;
    }
    if (!target) throw new Error('unreachable: no set after validation');
    if (method === 'get') {
      const shown = fault('get-stale') ? snapshot : target;
      answerSet(res, format, shown, 'profiles', shown.profiles);
      return;
    }
    let added = apply(target, profiles ?? []);
    if (fault('added-profiles-drops-one')) added = added.slice(0, -1);
    if (fault('added-profiles-reversed')) added = [...added].reverse();
    answerSet(res, format, target, 'addedProfiles', added);
  };

  const server = await listen(handler, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    host: options.host ?? '127.0.0.1',
    inspector: options.inspector,
  });
  const targetConfig = {
    apiKey: FIXTURES.apiKey,
    secret: FIXTURES.secret,
    algorithm: FIXTURES.algorithm,
    sid: FIXTURES.sid,
    profileIds: [...FIXTURES.profileIds],
    checkAlgorithms: ['md5', 'sha1', 'sha256', 'sha384', 'sha512'],
  };
  return {
    url: `${server.url}${BASE_PATH}`,
    targetConfig,
    alternatives: { emptySet: { ...targetConfig, sid: FIXTURES.emptySid } },
    close: server.close,
  };
}

/** The mock as the engine sees it (vendors.ts joins it with the suite). */
export const mock = defineMock({
  module: import.meta.url,
  start,
  faults: FAULTS,
  variants: VARIANTS,
  chaos: CHAOS,
  providerStates: PROVIDER_STATES,
});
