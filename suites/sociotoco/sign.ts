// Sociotoco request signing, as documented on the API's authentication page (related.txt): the query
// parameters other than sig sorted by name, `name=value` joined with `#`, the API secret appended
// with no separator, hashed with the client's choice of MD5, SHA-1, SHA-256, SHA-384 or SHA-512,
// sent as the hex digest. Pure: the same parameters always give the same signature.
import { createHash } from 'node:crypto';

export const ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** Hex digits of each algorithm's digest: how a target can tell which one the client chose. */
export const DIGEST_HEX_LENGTH: Record<Algorithm, number> = {
  md5: 32,
  sha1: 40,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** One query parameter, in the order it is sent. */
export type Param = readonly [name: string, value: string];

export interface SignOptions {
  secret: string;
  algorithm: Algorithm;
  /** readings.sigHexCase */
  hexCase?: 'lower' | 'upper';
  /** Names left out of the base besides sig (readings.signFormat false; or a deliberately wrong signature). */
  exclude?: readonly string[];
  /** 'sorted' as documented; 'as-given' keeps the query order (only to build a wrong signature). */
  order?: 'sorted' | 'as-given';
  /** Sign each value as it appears percent-encoded in the query string (readings.signedValues "encoded"). */
  encodeValues?: boolean;
  /** Names whose values are sent with their commas raw (A,B rather than A%2CB): signed as sent too. */
  rawCommas?: readonly string[];
}

/** How the suite percent-encodes a name or value in the query string (',' becomes %2C unless kept raw, ' ' %20). */
export function encodeQueryComponent(s: string, rawCommas = false): string {
  const out = encodeURIComponent(s);
  return rawCommas ? out.replace(/%2C/gi, ',') : out;
}

const byName = (a: Param, b: Param): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The string that is hashed: `a=1#b=2#c=3` followed by the secret. */
export function signatureBase(params: readonly Param[], opts: SignOptions): string {
  const exclude = new Set(['sig', ...(opts.exclude ?? [])]);
  const kept = params.filter(([name]) => !exclude.has(name));
  const ordered = opts.order === 'as-given' ? kept : [...kept].sort(byName);
  const raw = new Set(opts.rawCommas ?? []);
  const pairs = ordered.map(
    ([n, v]) => `${n}=${opts.encodeValues ? encodeQueryComponent(v, raw.has(n)) : v}`,
  );
  return `${pairs.join('#')}${opts.secret}`;
}

export function sign(params: readonly Param[], opts: SignOptions): string {
  const hex = createHash(opts.algorithm).update(signatureBase(params, opts), 'utf8').digest('hex');
  return opts.hexCase === 'upper' ? hex.toUpperCase() : hex;
}

/** `a=1&b=2`, each name and value percent-encoded (the commas of `rawCommas` names kept raw), in the order given. */
export function queryString(params: readonly Param[], rawCommas: readonly string[] = []): string {
  return params
    .map(([n, v]) => `${encodeQueryComponent(n)}=${encodeQueryComponent(v, rawCommas.includes(n))}`)
    .join('&');
}
