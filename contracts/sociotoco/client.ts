// The consumer of the Sociotoco contract: a minimal client of sociotoco.sets.setProfiles, written the
// way the API's clients call it: GET {base}?method=…&key=…&sid=…&profiles=…&time=…&sig=…, every
// parameter but sig signed as the authentication page documents (sorted by name, `name=value` joined
// with `#`, the secret appended, hex digest of the client's hash), XML by default or format=json, and
// the error envelope (`<error code>` / `{"error":{"code"}}`) read whatever the HTTP status, since no
// page documents it. The consumer tests drive it against Pact's mock.
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export type Algorithm = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type Format = 'xml' | 'json';

export const SET_PROFILES = 'sociotoco.sets.setProfiles';

export interface ClientOptions {
  /** The API key; left out of the request when undefined. */
  key?: string;
  secret: string;
  algorithm?: Algorithm;
  /** XML (the API's default: no format argument) or JSON (format=json). */
  format?: Format;
  /** The Unix time the request is signed at (seconds). */
  now?: () => number;
}

export interface Profile {
  id: string;
  network: { id: number; name: string };
}

export interface SociotocoSet {
  sociotocoId: string;
  version: number;
  name: string | null;
  urlName: string;
  addedProfiles: Profile[];
}

/** The API's error envelope (`code` set), or an answer that is neither a set nor an error. */
export class SociotocoError extends Error {
  override name = 'SociotocoError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly apiMessage: string,
    readonly body: string,
  ) {
    super(
      code !== undefined
        ? `Sociotoco refused the request: ${code} ${apiMessage}`
        : `Sociotoco answered HTTP ${status} without a set or an error`,
    );
  }
}

/** The documented signature: parameters but sig sorted by name, `name=value` joined with `#`, the secret appended. */
export function signature(params: [string, string][], secret: string, algorithm: Algorithm): string {
  const base = params
    .filter(([name]) => name !== 'sig')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('#');
  return createHash(algorithm).update(`${base}${secret}`, 'utf8').digest('hex');
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, jpath) => name === 'profile' && String(jpath).endsWith('.addedProfiles.profile'),
});

type Node = Record<string, unknown>;

function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in (node as Node)) return String((node as Node)['#text']);
  return '';
}

function integer(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : Number(String(value ?? ''));
  if (!Number.isInteger(n)) throw new Error(`${what} is not an integer`);
  return n;
}

function setFromXml(set: Node): SociotocoSet {
  const profiles = ((set.addedProfiles as Node | undefined)?.profile ?? []) as Node[];
  return {
    sociotocoId: String(set['@sociotocoId'] ?? ''),
    version: integer(set['@version'], 'version'),
    name: text(set.name) || null,
    urlName: text(set.urlName),
    addedProfiles: profiles.map((p) => ({
      id: String(p['@id'] ?? ''),
      network: {
        id: integer((p.network as Node | undefined)?.['@id'], 'network id'),
        name: text(p.network),
      },
    })),
  };
}

function setFromJson(set: Node): SociotocoSet {
  const profiles = (Array.isArray(set.addedProfiles) ? set.addedProfiles : []) as Node[];
  return {
    sociotocoId: String(set.sociotocoId ?? ''),
    version: integer(set.version, 'version'),
    name: typeof set.name === 'string' && set.name !== '' ? set.name : null,
    urlName: String(set.urlName ?? ''),
    addedProfiles: profiles.map((p) => {
      const network = (p.network ?? {}) as Node;
      return {
        id: String(p.id ?? ''),
        network: { id: integer(network.id, 'network id'), name: String(network.name ?? '') },
      };
    }),
  };
}

export class SociotocoClient {
  constructor(
    private readonly baseUrl: string,
    private readonly options: ClientOptions,
  ) {}

  /** sociotoco.sets.setProfiles: the set's profiles become `profileIds`; the answer lists those added. */
  async setProfiles(sid: string, profileIds: string[]): Promise<SociotocoSet> {
    return this.call(SET_PROFILES, { sid, profiles: profileIds.join(',') });
  }

  /**
   * One call of the API. Arguments left undefined are not sent; `sign: false` sends no sig (the
   * request is then refused: every method requires authentication).
   */
  async call(
    method: string,
    args: Record<string, string | undefined>,
    { sign = true }: { sign?: boolean } = {},
  ): Promise<SociotocoSet> {
    const format = this.options.format ?? 'xml';
    const params: [string, string][] = [['method', method]];
    if (this.options.key !== undefined) params.push(['key', this.options.key]);
    for (const [name, value] of Object.entries(args)) if (value !== undefined) params.push([name, value]);
    if (format === 'json') params.push(['format', 'json']);
    params.push(['time', String(Math.floor(this.options.now?.() ?? Date.now() / 1000))]);
    if (sign)
      params.push(['sig', signature(params, this.options.secret, this.options.algorithm ?? 'sha256')]);
    const query = params.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}?${query}`);
    const body = await res.text();
    let response: Node | undefined;
    try {
      const parsed = (format === 'json' ? JSON.parse(body) : parser.parse(body)) as Node;
      response = parsed?.response as Node | undefined;
    } catch {
      response = undefined;
    }
    const error = response?.error as Node | string | undefined;
    if (error !== undefined) {
      const code = typeof error === 'object' ? (format === 'json' ? error.code : error['@code']) : undefined;
      const message =
        typeof error === 'object' ? (format === 'json' ? String(error.message ?? '') : text(error)) : '';
      throw new SociotocoError(res.status, integer(code, 'the error code'), message, body);
    }
    const set = response?.sociotocoSet as Node | undefined;
    if (!set || typeof set !== 'object') throw new SociotocoError(res.status, undefined, '', body);
    return format === 'json' ? setFromJson(set) : setFromXml(set);
  }
}
