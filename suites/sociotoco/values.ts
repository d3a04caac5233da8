// Values the suite derives from the configured ones: pure, so the unit tests can hold them to their
// shape (test/sociotoco/values.test.ts). The suite and the contract's provider driver share them.
import { createHash } from 'node:crypto';

/** A UUID as text, in any letter case. The page's example sociotocoId is one; the page never says all are. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `original` with each digit, hex letter and other letter replaced by one of its kind (picked by
 * `bytes`), everything else kept: a value of the same shape. It may come out equal to `original`
 * (the caller tries again with other bytes); a value without letters or digits always does.
 */
export function sameShape(original: string, bytes: Uint8Array): string {
  const pick = (set: string, i: number) => set.charAt((bytes[i % bytes.length] ?? 0) % set.length);
  return [...original]
    .map((c, i) => {
      if (/[0-9]/.test(c)) return pick('0123456789', i);
      if (/[a-f]/.test(c)) return pick('abcdef', i);
      if (/[A-F]/.test(c)) return pick('ABCDEF', i);
      if (/[a-z]/.test(c)) return pick('abcdefghijklmnopqrstuvwxyz', i);
      if (/[A-Z]/.test(c)) return pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', i);
      return c;
    })
    .join('');
}

/** A version-4 UUID (lower case) from 32 or more hex digits. */
export function uuidFrom(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Number.parseInt(h.charAt(16), 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Per-use seeds of a run (uniqueValues(runId) from src/check.ts). */
export interface Seeds {
  next: (label?: string) => string;
}

const hashOf = (seed: string) => createHash('sha256').update(seed).digest();

/** A value of `original`'s shape (each digit a digit, each hex letter a hex letter…) that is not it, per use. */
export function likeButNot(original: string, label: string, seeds: Seeds): string {
  for (let attempt = 0; attempt < 4; attempt++) {
    const out = sameShape(original, hashOf(seeds.next(label)));
    if (out !== original) return out;
  }
  // No letters or digits: no shape to vary (configure unknownKey / unknownSid for it).
  return `${original}0`;
}

/** A sid of no set: the configured one, else a fresh UUID when the sid is one, else the sid's shape with other characters. */
export function unknownSidFor(cfg: { sid: string; unknownSid?: string | undefined }, seeds: Seeds): string {
  if (cfg.unknownSid) return cfg.unknownSid;
  if (UUID.test(cfg.sid)) return uuidFrom(hashOf(seeds.next('sid')).toString('hex'));
  return likeButNot(cfg.sid, 'sid', seeds);
}

/** A key that is not registered: the configured one, else one of the configured key's shape that is not it. */
export function unknownKeyFor(
  cfg: { apiKey: string; unknownKey?: string | undefined },
  seeds: Seeds,
): string {
  return cfg.unknownKey ?? likeButNot(cfg.apiKey, 'key', seeds);
}
