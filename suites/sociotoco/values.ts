// Values the suite derives from the configured ones: pure, so the unit tests can hold them to their
// shape (test/sociotoco/values.test.ts).

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
