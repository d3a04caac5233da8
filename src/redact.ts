// Secrets from the target config never reach a report: every string that leaves a check goes
// through a Redactor, which knows each secret in the forms it can take on the wire.

const MASK = '[REDACTED]';
/** Up to this many needles (a config's secrets in their five forms), each is searched for on its own. */
const FEW = 32;
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

export class Redactor {
  /** Every form of every secret (3 characters or more), with the order it came in. */
  private readonly needles = new Map<string, number>();
  /**
   * The needles by their first two characters (each folded to a byte): a string is searched needle by
   * needle only where one of them starts, so the many strings without a secret cost one pass each
   * (a run sends thousands of exchanges, and every generated password joins the needles).
   */
  private readonly starts = new Uint8Array(65_536);
  private readonly byStart = new Map<number, string[]>();

  constructor(secrets: readonly string[]) {
    this.add(...secrets);
  }

  /** A secret learned at run time (e.g. a token read back from the target) joins the config's. */
  add(...secrets: readonly string[]): void {
    for (const s of secrets) {
      // Very short values would shred the evidence and are not real secrets.
      if (s.length < 3) continue;
      // A lone surrogate has no percent-encoding (encodeURIComponent throws); URLSearchParams's form stays.
      const forms = [
        s,
        ...(wellFormed(s) ? [encodeURIComponent(s)] : []),
        new URLSearchParams({ s }).toString().slice(2),
        Buffer.from(s, 'utf8').toString('base64'),
        JSON.stringify(s).slice(1, -1),
      ];
      for (const n of forms) {
        if (this.needles.has(n)) continue;
        this.needles.set(n, this.needles.size);
        const k = pairAt(n, 0);
        this.starts[k] = 1;
        const list = this.byStart.get(k);
        if (list) list.push(n);
        else this.byStart.set(k, [n]);
      }
    }
  }

  /** The needles that occur in `value`, longest first (so a secret that contains another is masked whole). */
  private found(value: string): string[] {
    const hits = new Set<string>();
    // A few needles are found faster by the engine's own search than by a pass over the string.
    if (this.needles.size <= FEW) {
      for (const n of this.needles.keys()) if (value.includes(n)) hits.add(n);
      return this.ordered(hits);
    }
    for (let i = 0; i + 1 < value.length; i++) {
      const k = pairAt(value, i);
      if (this.starts[k] === 1)
        for (const n of this.byStart.get(k) ?? []) if (value.startsWith(n, i)) hits.add(n);
    }
    return this.ordered(hits);
  }

  private ordered(hits: ReadonlySet<string>): string[] {
    const order = (n: string) => this.needles.get(n) ?? 0;
    return hits.size ? [...hits].sort((a, b) => b.length - a.length || order(a) - order(b)) : [];
  }

  text(value: string): string {
    let out = value;
    // Longest first, each wherever it (still) occurs: a secret that contains another is masked whole.
    for (const n of this.found(value)) if (out.includes(n)) out = out.split(n).join(MASK);
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (SENSITIVE_HEADERS.has(k.toLowerCase())) {
        const scheme = /^(\w+)\s/.exec(v)?.[1];
        out[k] = scheme ? `${scheme} ${MASK}` : MASK;
      } else out[k] = this.text(v);
    }
    return out;
  }
}

/** No lone surrogate (String.prototype.isWellFormed, which the ES2023 library this targets lacks). */
const wellFormed = (s: string): boolean =>
  !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

/** The two characters at `i`, each folded to its low byte: a key of 16 bits. */
const pairAt = (s: string, i: number): number =>
  ((s.charCodeAt(i) & 0xff) << 8) | (s.charCodeAt(i + 1) & 0xff);

/** Collects string values at dotted paths (e.g. `credentials.password`) of a config section. */
export function secretsAt(section: Record<string, unknown>, paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    let cur: unknown = section;
    for (const part of path.split('.')) {
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    }
    if (typeof cur === 'string') found.push(cur);
  }
  return found;
}

/** Every string anywhere in a JSON value, redacted: the last line of defence before a report is written. */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.text(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redactor)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redactor);
    return out as T;
  }
  return value;
}
