/**
 * Independent peer of the Sociotoco REST API (`sociotoco.sets.setProfiles` and its siblings), written
 * only from schemas/sociotoco/page.txt and schemas/sociotoco/related.txt.
 *
 * ENDPOINT: GET {url} = http://127.0.0.1:PORT/services/1.1/rest?method=…  (also with a trailing "/").
 *   - sociotoco.sets.setProfiles  key, sig, time, sid, profiles → sociotocoSet@sociotocoId@version, name,
 *     urlName, addedProfiles/profile@id/network@id (JSON: addedProfiles[] of {id, network:{id,name}}).
 *   - sociotoco.sets.get          key, sig, time, sid → same shape with `profiles` instead of addedProfiles.
 *   - sociotoco.sets.createNew    key, sig, time, [name] → sociotocoSet@sociotocoId, name, urlName.
 *   Any other path → 404 text/plain. Any HTTP method but GET → 405 (Allow: GET) with error 220 envelope.
 *   Bodies are read and ignored, and refused with 413 over 1 MiB. Unexpected exceptions → 500 envelope.
 *
 * FIXTURES (startPeer().fixtures):
 *   apiKey / apiSecret            3f9c2a7d8e1b4c6f9a0d2e5b7c8f1a34 / s3cr3t-A-7f2e9d (owns set `sid`)
 *   otherApiKey / otherApiSecret  b7e4d1c2a9f8e3d6c5b4a3f2e1d0c9b8 / s3cr3t-B-1c4a8e (owns `otherSid`)
 *   unknownApiKey                 0123456789abcdef0123456789abcdef (well formed, not registered → 201)
 *   sid, urlName, name, version   89c13185-8756-4577-935d-c3e83e6e77ce, GMRW32AP, "Press room", 3
 *   currentProfiles               [E4D909C290D0FB1CA068FFADDF22CBD0] (Twitter) — the set's seeded profiles
 *   addableProfiles               four existing profiles not in the set: two Twitter (6), two Youtube (7)
 *   profiles                      every seeded profile: { id: { networkId, networkName } }
 *   otherSid / otherUrlName       2d5e7a10-4b3c-4f6e-9a8d-1c2b3e4f5a6b / QX7T2M9K (name null, version 1)
 *   unknownSid                    00000000-0000-4000-8000-000000000000 (well formed, no set → 403)
 *   unknownProfileId              FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF (well formed, no such profile)
 *   signing                       a one-line reminder of the signature rule below
 *
 * OPEN POINTS AND CONTRADICTIONS, AND THE CHOICE MADE:
 *  1. Signature: every query pair except `sig` (method, key, time, format, unknown extras too), sorted by
 *     name (code-unit order), joined `name=value` with "#", secret appended, hex digest — the rule in related.
 *  2. Hash algorithm: chosen by the client, so inferred from the digest length (32 MD5, 40 SHA-1, 64 SHA-256,
 *     96 SHA-384, 128 SHA-512); any other length or a non-hex sig → 210.
 *  3. Hex case of `sig`: accepted in either case (a digest's value does not depend on its case).
 *  4. Values are signed URL-decoded (as URLSearchParams decodes them, "+" = space), not as sent on the wire.
 *  5. `format` is signed like any other parameter (related says "the query parameters", with no exception).
 *  6. `time`: required but has no error code; missing, empty or not 1-12 decimal digits → 210 (the signature
 *     cannot be valid without it). No freshness window: none is documented, and it would refuse replays of
 *     recorded, correctly signed requests.
 *  7. Error precedence: ascending code order — 100, 101, 200, 201, 210, 220, then 304, 305, 402, 403, 406.
 *     So authentication is checked before the method name, and the set lookup (403) before the profile list.
 *  8. An empty value (`key=`) counts as missing (100/101/304/305; `method=` → 220).
 *  9. Repeated parameter: a repeated `key` → 200; any other repeated name → 210 (the signature base would be
 *     ambiguous). Only `format` is read first-value for choosing the envelope of that error.
 * 10. Method name matched case-insensitively (title says setProfiles, example request says setprofiles).
 * 11. Key shape: 32 hex characters, either case (200 otherwise); well formed but unregistered → 201.
 * 12. sid shape: a UUID (8-4-4-4-12 hex, either case) → otherwise 402; no set, or a set owned by another key,
 *     → 403 (no "forbidden" code exists, and this does not reveal other keys' sets).
 * 13. profiles: split on ",", items trimmed; an empty item, an item that is not 8-64 hex characters, or more
 *     than 100 items → 406. IDs are matched case-insensitively and answered in upper case (as the examples).
 * 14. Unknown but well-formed profile IDs are skipped ("profiles which where succesfully added"); if none is
 *     known → 406 and the set is left unchanged. Duplicates are collapsed to their first occurrence.
 * 15. "set" means replace: afterwards the set holds exactly the known profiles from the request, and
 *     addedProfiles lists all of them (not only those newly present).
 * 16. Order of addedProfiles (the XML and JSON examples differ): the request's order; get answers the
 *     stored order, which is the order of the last setProfiles.
 * 17. version: a new set starts at 0; it grows by 1 when setProfiles changes the membership of the set, and
 *     stays the same when the same profiles are set again. The answer carries the version after the call.
 * 18. name: `<name />` in XML and `null` in JSON when the set has no name (both examples are right, each for
 *     its format); a named set gives `<name>text</name>` / a string.
 * 19. Format: XML by default; `format=json` (any case) selects JSON; any other value → XML. Errors follow
 *     the same choice.
 * 20. Error envelope as related says; message texts in the style of its one example ("Invalid key in query
 *     parameters."). HTTP status of an API error (undocumented): 200, like a successful answer.
 * 21. Content types: text/xml; charset=utf-8 and application/json; charset=utf-8.
 * 22. get and createNew need the same authentication; get is also owner-only (403 otherwise). createNew takes
 *     an optional `name` and answers only the documented fields (sociotocoId, name, urlName), no version.
 * 23. XML output drops characters XML 1.0 cannot carry (control characters) and escapes the five specials.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  url: string;
  close(): Promise<void>;
  fixtures: Record<string, unknown>;
}

interface Network {
  id: number;
  name: string;
}
interface Profile {
  id: string;
  network: Network;
}
interface SocSet {
  sociotocoId: string;
  owner: string;
  name: string | null;
  urlName: string;
  version: number;
  profiles: string[];
}
type Format = 'xml' | 'json';

const PATH = '/services/1.1/rest';
const MAX_BODY = 1024 * 1024;
const MAX_PROFILES = 100;
const TWITTER: Network = { id: 6, name: 'Twitter' };
const YOUTUBE: Network = { id: 7, name: 'Youtube' };
const ALGORITHMS: Record<number, string> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};
const KEY_RE = /^[0-9a-f]{32}$/i;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROFILE_RE = /^[0-9a-f]{8,64}$/i;

const MESSAGES: Record<number, string> = {
  100: 'Missing key in query parameters.',
  101: 'Missing sig in query parameters.',
  200: 'Invalid key in query parameters.',
  201: 'Key not found.',
  210: 'Invalid signature in query parameters.',
  220: 'Method not supported.',
  304: 'Missing sid in query parameters.',
  305: 'Missing profiles in query parameters.',
  402: 'Invalid sid in query parameters.',
  403: 'Sociotoco set not found.',
  406: 'Invalid profiles in query parameters.',
  500: 'Internal error.',
};

class ApiError extends Error {
  constructor(readonly code: number) {
    super(MESSAGES[code] ?? 'Error.');
  }
}

/** The query string, keeping repetitions visible. */
class Query {
  readonly pairs: [string, string][];
  constructor(search: URLSearchParams) {
    this.pairs = [...search.entries()];
  }
  count(name: string): number {
    return this.pairs.filter(([n]) => n === name).length;
  }
  /** First value, or undefined when absent or empty. */
  get(name: string): string | undefined {
    const hit = this.pairs.find(([n]) => n === name);
    return hit && hit[1] !== '' ? hit[1] : undefined;
  }
}

// ---------------------------------------------------------------------------------------------- rendering

function xmlText(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function xmlDoc(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<response>\n${inner}</response>\n`;
}

function renderError(code: number, format: Format): string {
  const message = MESSAGES[code] ?? 'Error.';
  if (format === 'json') return JSON.stringify({ response: { error: { code, message } } });
  return xmlDoc(` <error code="${code}">${xmlText(message)}</error>\n`);
}

/** A set, with an optional list of profiles under `listName` and an optional version. */
function renderSet(
  set: SocSet,
  format: Format,
  withVersion: boolean,
  list?: { name: string; profiles: Profile[] },
): string {
  if (format === 'json') {
    const body: Record<string, unknown> = { sociotocoId: set.sociotocoId };
    if (withVersion) body.version = set.version;
    body.name = set.name;
    body.urlName = set.urlName;
    if (list) body[list.name] = list.profiles.map((p) => ({ id: p.id, network: { ...p.network } }));
    return JSON.stringify({ response: { sociotocoSet: body } });
  }
  const version = withVersion ? ` version="${set.version}"` : '';
  let inner = ` <sociotocoSet sociotocoId="${xmlText(set.sociotocoId)}"${version}>\n`;
  inner += set.name === null || set.name === '' ? '  <name />\n' : `  <name>${xmlText(set.name)}</name>\n`;
  inner += `  <urlName>${xmlText(set.urlName)}</urlName>\n`;
  if (list && list.profiles.length === 0) inner += `  <${list.name} />\n`;
  else if (list) {
    inner += `  <${list.name}>\n`;
    for (const p of list.profiles) {
      inner += `   <profile id="${xmlText(p.id)}">\n`;
      inner += `    <network id="${p.network.id}">${xmlText(p.network.name)}</network>\n`;
      inner += '   </profile>\n';
    }
    inner += `  </${list.name}>\n`;
  }
  inner += ' </sociotocoSet>\n';
  return xmlDoc(inner);
}

// ---------------------------------------------------------------------------------------------- state

function seed() {
  const keys = new Map<string, string>([
    ['3f9c2a7d8e1b4c6f9a0d2e5b7c8f1a34', 's3cr3t-A-7f2e9d'],
    ['b7e4d1c2a9f8e3d6c5b4a3f2e1d0c9b8', 's3cr3t-B-1c4a8e'],
  ]);
  const profiles = new Map<string, Profile>();
  const addProfile = (id: string, network: Network) => profiles.set(id, { id, network });
  addProfile('E4D909C290D0FB1CA068FFADDF22CBD0', TWITTER);
  addProfile('5B2C22279AA3A4E7D4176F3ED1ED29D7', TWITTER);
  addProfile('3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE', TWITTER);
  addProfile('A1B2C3D4E5F60718293A4B5C6D7E8F90', YOUTUBE);
  addProfile('0F1E2D3C4B5A69788796A5B4C3D2E1F0', YOUTUBE);
  const sets = new Map<string, SocSet>();
  const addSet = (s: SocSet) => sets.set(s.sociotocoId, s);
  addSet({
    sociotocoId: '89c13185-8756-4577-935d-c3e83e6e77ce',
    owner: '3f9c2a7d8e1b4c6f9a0d2e5b7c8f1a34',
    name: 'Press room',
    urlName: 'GMRW32AP',
    version: 3,
    profiles: ['E4D909C290D0FB1CA068FFADDF22CBD0'],
  });
  addSet({
    sociotocoId: '2d5e7a10-4b3c-4f6e-9a8d-1c2b3e4f5a6b',
    owner: 'b7e4d1c2a9f8e3d6c5b4a3f2e1d0c9b8',
    name: null,
    urlName: 'QX7T2M9K',
    version: 1,
    profiles: ['5B2C22279AA3A4E7D4176F3ED1ED29D7'],
  });
  return { keys, profiles, sets };
}

function fixtures(state: ReturnType<typeof seed>): Record<string, unknown> {
  const profiles: Record<string, { networkId: number; networkName: string }> = {};
  for (const p of state.profiles.values())
    profiles[p.id] = { networkId: p.network.id, networkName: p.network.name };
  return {
    apiKey: '3f9c2a7d8e1b4c6f9a0d2e5b7c8f1a34',
    apiSecret: 's3cr3t-A-7f2e9d',
    otherApiKey: 'b7e4d1c2a9f8e3d6c5b4a3f2e1d0c9b8',
    otherApiSecret: 's3cr3t-B-1c4a8e',
    unknownApiKey: '0123456789abcdef0123456789abcdef',
    sid: '89c13185-8756-4577-935d-c3e83e6e77ce',
    urlName: 'GMRW32AP',
    name: 'Press room',
    version: 3,
    currentProfiles: ['E4D909C290D0FB1CA068FFADDF22CBD0'],
    addableProfiles: [
      '5B2C22279AA3A4E7D4176F3ED1ED29D7',
      '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE',
      'A1B2C3D4E5F60718293A4B5C6D7E8F90',
      '0F1E2D3C4B5A69788796A5B4C3D2E1F0',
    ],
    profiles,
    otherSid: '2d5e7a10-4b3c-4f6e-9a8d-1c2b3e4f5a6b',
    otherUrlName: 'QX7T2M9K',
    unknownSid: '00000000-0000-4000-8000-000000000000',
    unknownProfileId: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
    signing:
      'sig = hex(HASH(sorted query pairs except sig, "name=value" joined by "#", + secret)); ' +
      'HASH = MD5|SHA-1|SHA-256|SHA-384|SHA-512; values URL-decoded; format signed',
  };
}

// ---------------------------------------------------------------------------------------------- API

function signatureMatches(query: Query, secret: string, sig: string): boolean {
  const algorithm = ALGORITHMS[sig.length];
  if (!algorithm || !/^[0-9a-f]+$/i.test(sig)) return false;
  const base = query.pairs
    .filter(([n]) => n !== 'sig')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('#');
  const expected = createHash(algorithm)
    .update(base + secret, 'utf8')
    .digest();
  return timingSafeEqual(expected, Buffer.from(sig, 'hex'));
}

/** Checks 100, 101, 200, 201, 210 in that order; returns the caller's key. */
function authenticate(query: Query, keys: Map<string, string>): string {
  const key = query.get('key');
  const sig = query.get('sig');
  if (key === undefined) throw new ApiError(100);
  if (sig === undefined) throw new ApiError(101);
  if (query.count('key') > 1 || !KEY_RE.test(key)) throw new ApiError(200);
  const canonical = key.toLowerCase();
  const secret = keys.get(canonical);
  if (secret === undefined) throw new ApiError(201);
  const names = new Set(query.pairs.map(([n]) => n));
  for (const n of names) if (query.count(n) > 1) throw new ApiError(210);
  const time = query.get('time');
  if (time === undefined || !/^\d{1,12}$/.test(time)) throw new ApiError(210);
  if (!signatureMatches(query, secret, sig)) throw new ApiError(210);
  return canonical;
}

function ownSet(query: Query, sets: Map<string, SocSet>, owner: string, checkBefore?: () => void): SocSet {
  const sid = query.get('sid');
  if (sid === undefined) throw new ApiError(304);
  checkBefore?.();
  if (!UUID_RE.test(sid)) throw new ApiError(402);
  const set = sets.get(sid.toLowerCase());
  if (!set || set.owner !== owner) throw new ApiError(403);
  return set;
}

function handleApi(query: Query, state: ReturnType<typeof seed>, format: Format): string {
  const owner = authenticate(query, state.keys);
  const method = (query.get('method') ?? '').toLowerCase();
  const lookup = (ids: string[]): Profile[] =>
    ids.map((id) => state.profiles.get(id)).filter((p): p is Profile => p !== undefined);

  if (method === 'sociotoco.sets.setprofiles') {
    const set = ownSet(query, state.sets, owner, () => {
      if (query.get('profiles') === undefined) throw new ApiError(305);
    });
    const items = (query.get('profiles') ?? '').split(',').map((s) => s.trim());
    if (items.length > MAX_PROFILES || items.some((s) => !PROFILE_RE.test(s))) throw new ApiError(406);
    const wanted = [...new Set(items.map((s) => s.toUpperCase()))];
    const added = lookup(wanted);
    if (added.length === 0) throw new ApiError(406);
    const ids = added.map((p) => p.id);
    const before = new Set(set.profiles);
    const changed = ids.length !== before.size || ids.some((id) => !before.has(id));
    set.profiles = ids;
    if (changed) set.version += 1;
    return renderSet(set, format, true, { name: 'addedProfiles', profiles: added });
  }
  if (method === 'sociotoco.sets.get') {
    const set = ownSet(query, state.sets, owner);
    return renderSet(set, format, true, { name: 'profiles', profiles: lookup(set.profiles) });
  }
  if (method === 'sociotoco.sets.createnew') {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const taken = new Set([...state.sets.values()].map((s) => s.urlName));
    let urlName = '';
    do {
      urlName = Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
    } while (taken.has(urlName));
    const set: SocSet = {
      sociotocoId: randomUUID(),
      owner,
      name: query.get('name') ?? null,
      urlName,
      version: 0,
      profiles: [],
    };
    state.sets.set(set.sociotocoId, set);
    return renderSet(set, format, false);
  }
  throw new ApiError(220);
}

// ---------------------------------------------------------------------------------------------- HTTP

function send(res: ServerResponse, status: number, body: string, format: Format | 'text'): void {
  const type =
    format === 'json'
      ? 'application/json; charset=utf-8'
      : format === 'xml'
        ? 'text/xml; charset=utf-8'
        : 'text/plain; charset=utf-8';
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Reads (and drops) the body; resolves false when it exceeds MAX_BODY. */
function drainBody(req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > MAX_BODY) {
      resolve(false);
      return;
    }
    let size = 0;
    let done = false;
    const finish = (ok: boolean) => {
      if (!done) {
        done = true;
        resolve(ok);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.pause();
        finish(false);
      }
    });
    req.on('end', () => finish(true));
    req.on('error', () => finish(false));
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  state: ReturnType<typeof seed>,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    send(res, 400, 'Bad request\n', 'text');
    return;
  }
  if (url.pathname !== PATH && url.pathname !== `${PATH}/`) {
    send(res, 404, 'Not found\n', 'text');
    return;
  }
  const query = new Query(url.searchParams);
  const format: Format = query.get('format')?.toLowerCase() === 'json' ? 'json' : 'xml';
  if (!(await drainBody(req))) {
    res.setHeader('Connection', 'close');
    send(res, 413, 'Request body too large\n', 'text');
    return;
  }
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    send(res, 405, renderError(220, format), format);
    return;
  }
  try {
    send(res, 200, handleApi(query, state, format), format);
  } catch (err) {
    const code = err instanceof ApiError ? err.code : 500;
    send(res, code === 500 ? 500 : 200, renderError(code, format), format);
  }
}

export function startPeer(options?: { port?: number; host?: string }): Promise<Peer> {
  const host = options?.host ?? '127.0.0.1';
  const state = seed();
  const server = createServer((req, res) => {
    handle(req, res, state).catch(() => {
      if (!res.headersSent) send(res, 500, renderError(500, 'xml'), 'xml');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options?.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = ['0.0.0.0', '::', 'localhost'].includes(host)
        ? '127.0.0.1'
        : host.includes(':')
          ? `[${host}]`
          : host;
      resolve({
        url: `http://${shown}:${port}${PATH}`,
        fixtures: fixtures(state),
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
