// Passive conformance: traffic a real client exchanged with a target (through `conformance proxy`, or
// recorded in a HAR for `conformance check --har`) judged by the vendor's passive rules
// (suites/<vendor>/passive.ts, injected), requirement by requirement. The judge keeps counts per
// requirement and the first few exchanges as evidence, never every body: its memory is bounded by the
// catalogue, whatever the length of the traffic. report() builds the canonical report, gated as
// every report is.
import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { oneLine } from './client-check.ts';
import { excerpt } from './http.ts';
import { Redactor, redactDeep, secretsAt } from './redact.ts';
import { buildReport } from './report.ts';
import type {
  CheckResult,
  ClientViolation,
  PassiveRules,
  Reading,
  RecordedExchange,
  Requirement,
  TrafficExchange,
  TrafficSummary,
  VendorReport,
} from './types.ts';

/** Evidence kept per requirement, and the cap on distinct problems and on the run's error lines. */
export const TRAFFIC_KEEP = {
  failedExchanges: 3,
  passedExchanges: 1,
  problems: 20,
  errors: 100,
  bodyChars: 4096,
} as const;

export interface TrafficJudgeOptions {
  vendor: {
    id: string;
    title: string;
    source: string;
    secretPaths: readonly string[];
    readings: readonly Reading[];
  };
  rules: PassiveRules;
  /** The vendor section of the target config (maybe empty): what the rules judge against. */
  section: Record<string, unknown>;
  /** Other values to redact (those the config took from the environment). */
  secrets?: readonly string[];
  tool: { name: string; version: string };
  /** The target the traffic went to (the proxy's --target, or the HAR's origin). */
  baseUrl: string;
  source: 'proxy' | 'har';
  now?: () => Date;
}

interface Tally {
  judged: number;
  violated: number;
  problems: string[];
  failed: RecordedExchange[];
  passed: RecordedExchange[];
}

/** Timing of one exchange, when the driver knows it. */
export interface ExchangeMeta {
  durationMs?: number;
}

const DECODE: Record<string, (b: Buffer) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * The answer as the rules read it: a content-encoded body decoded (a HAR from devtools holds it
 * decoded already, and then it stays as it is); a cut body is left alone (it cannot be decoded whole).
 */
export function decoded(x: TrafficExchange): TrafficExchange {
  const coding = (x.response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decode = DECODE[coding];
  if (!decode || x.response.truncated || x.response.body.length === 0) return x;
  try {
    return { ...x, response: { ...x.response, body: decode(x.response.body) } };
  } catch {
    return x;
  }
}

/** The console line of one violation: the exchange, the requirement, its level and quote, the problem. */
export function trafficLine(
  x: TrafficExchange,
  req: Pick<Requirement, 'level' | 'quote'> | undefined,
  id: string,
  problem: string,
): string {
  const path = x.request.url.split('?')[0] ?? '';
  const quote = req ? ` "${oneLine(req.quote, 120)}"` : '';
  return `traffic ${x.request.method} ${path} -> ${x.response.status}: ${id}${req ? ` (${req.level})` : ''}${quote}: ${problem}`;
}

/** One requirement's tally as the report's check: failed with its problems, or passed. */
export function checkOf(id: string, title: string, t: Tally): CheckResult {
  const times = `judged ${t.judged} time${t.judged === 1 ? '' : 's'}`;
  const base = {
    id: `traffic-${id}`,
    requirements: [id],
    durationMs: 0,
    notes: [times],
    origin: 'traffic' as const,
  };
  if (t.violated === 0)
    return { ...base, title: `traffic: ${title}`, outcome: 'passed', exchanges: t.passed };
  const more = t.violated > t.problems.length ? ` (${t.violated} violating exchanges in all)` : '';
  return {
    ...base,
    title: `traffic: ${title}`,
    outcome: 'failed',
    message: `${t.problems[0] ?? 'violated'}${more}`,
    failure: {
      title,
      received: t.problems[0] ?? 'violated',
      messages: [...t.problems, `broken by ${t.violated} of ${t.judged} exchanges that judged it`],
    },
    exchanges: t.failed,
  };
}

export class TrafficJudge {
  private readonly startedAt: Date;
  private readonly runId = randomUUID().slice(0, 8);
  private readonly byId: Map<string, Requirement>;
  private readonly redactor: Redactor;
  private readonly judge: ReturnType<PassiveRules['session']>['judge'];
  private readonly tallies = new Map<string, Tally>();
  private readonly errors: string[] = [];
  private droppedErrors = 0;
  private exchanges = 0;
  private ignored = 0;
  private truncated = 0;
  private readonly now: () => Date;
  private readonly origin: string;

  constructor(private readonly o: TrafficJudgeOptions) {
    this.now = o.now ?? (() => new Date());
    this.startedAt = this.now();
    this.byId = new Map(o.rules.requirements.map((r) => [r.id, r]));
    this.redactor = new Redactor([...secretsAt(o.section, o.vendor.secretPaths), ...(o.secrets ?? [])]);
    this.judge = o.rules.session(o.section).judge;
    let origin = 'http://target';
    try {
      origin = new URL(o.baseUrl).origin;
    } catch {
      // a HAR without a usable URL: the paths still read
    }
    this.origin = origin;
  }

  /** Exchanges judged so far (this vendor's), those not this vendor's API, those cut at the cap. */
  get counts(): { exchanges: number; ignored: number; truncated: number } {
    return { exchanges: this.exchanges, ignored: this.ignored, truncated: this.truncated };
  }

  /** Redacts a line for the console (the section's secrets, in every form). */
  redact(text: string): string {
    return this.redactor.text(text);
  }

  /**
   * Judges one exchange; answers its violations, each as a console line (requirement ID, level,
   * quote, problem), redacted. Exchanges the rules do not recognise as this vendor's are counted apart.
   */
  add(raw: TrafficExchange, meta: ExchangeMeta = {}): string[] {
    const exchange = decoded(raw);
    if (!this.o.rules.matches(exchange.request)) {
      this.ignored++;
      return [];
    }
    // A request cut at the cap would be read as the client's whole request (a field missing, a form
    // cut mid-value) by the request rules and by the rules matching an error to its cause: no rule
    // judges it; the report counts it apart.
    if (exchange.request.truncated) {
      this.truncated++;
      return [];
    }
    const n = ++this.exchanges;
    let judged: string[];
    let violations: ClientViolation[];
    try {
      const j = this.judge(exchange);
      ({ judged, violations } = j);
      // Secrets the traffic carried (a token a client set): masked before anything is kept.
      for (const secret of j.secrets ?? []) this.redactor.add(secret);
    } catch (e) {
      // A rule that breaks is our bug, not the target's: said per exchange (bounded), never a stack.
      this.error(
        `exchange ${n} (${exchange.request.method} ${exchange.request.url.split('?')[0]}): the passive rules could not judge it (${String((e as Error)?.message ?? e)})`,
      );
      return [];
    }
    const unknown = [...judged, ...violations.map((v) => v.requirement)].filter((id) => !this.byId.has(id));
    for (const id of new Set(unknown)) this.error(`passive rules name an unknown requirement ${id}`);
    const broken = new Map<string, string[]>();
    for (const v of violations)
      if (this.byId.has(v.requirement))
        broken.set(v.requirement, [...(broken.get(v.requirement) ?? []), v.problem]);
    let recorded: RecordedExchange | undefined;
    const record = () => {
      recorded ??= this.record(exchange, meta);
      return recorded;
    };
    for (const id of new Set([...judged, ...broken.keys()])) {
      if (!this.byId.has(id)) continue;
      const t = this.tally(id);
      t.judged++;
      const problems = broken.get(id);
      if (problems) {
        t.violated++;
        for (const p of problems) {
          const line = this.redactor.text(p);
          if (t.problems.length < TRAFFIC_KEEP.problems && !t.problems.includes(line)) t.problems.push(line);
        }
        if (t.failed.length < TRAFFIC_KEEP.failedExchanges) t.failed.push(record());
      } else if (t.passed.length < TRAFFIC_KEEP.passedExchanges) t.passed.push(record());
    }
    return [...broken].flatMap(([id, problems]) =>
      problems.map((p) => this.redactor.text(trafficLine(exchange, this.byId.get(id), id, p))),
    );
  }

  private tally(id: string): Tally {
    let t = this.tallies.get(id);
    if (!t) {
      t = { judged: 0, violated: 0, problems: [], failed: [], passed: [] };
      this.tallies.set(id, t);
    }
    return t;
  }

  private error(line: string): void {
    const text = this.redactor.text(line);
    if (this.errors.includes(text)) return;
    if (this.errors.length < TRAFFIC_KEEP.errors) this.errors.push(text);
    else this.droppedErrors++;
  }

  private record(x: TrafficExchange, meta: ExchangeMeta): RecordedExchange {
    const r = this.redactor;
    const text = (b: Buffer) => r.text(excerpt(b, TRAFFIC_KEEP.bodyChars));
    return {
      request: {
        method: x.request.method,
        url: r.text(`${this.origin}${x.request.url}`),
        headers: r.headers(x.request.headers),
        ...(x.request.body.length > 0 ? { body: text(x.request.body) } : {}),
      },
      response: {
        status: x.response.status,
        headers: r.headers(x.response.headers),
        body: text(x.response.body),
        bodyBytes: x.response.body.length,
        truncated: x.response.truncated === true || x.response.body.length > TRAFFIC_KEEP.bodyChars,
      },
      durationMs: Math.round(meta.durationMs ?? 0),
    };
  }

  /** The coverage of the traffic so far: per requirement, how many exchanges judged and broke it. */
  summary(): TrafficSummary {
    const judged: Record<string, number> = {};
    const violations: Record<string, number> = {};
    for (const [id, t] of this.tallies) {
      judged[id] = t.judged;
      if (t.violated > 0) violations[id] = t.violated;
    }
    return {
      source: this.o.source,
      exchanges: this.exchanges,
      ignored: this.ignored,
      ...(this.truncated > 0 ? { truncated: this.truncated } : {}),
      judged,
      violations,
    };
  }

  /** The canonical report of the traffic so far; a requirement never seen has no check (not judged). */
  report(): VendorReport {
    const checks = this.o.rules.requirements.flatMap((r) => {
      const t = this.tallies.get(r.id);
      return t ? [checkOf(r.id, r.title, t)] : [];
    });
    const readings = this.o.section.readings;
    const errors = [
      ...this.errors,
      ...(this.droppedErrors > 0 ? [`${this.droppedErrors} more error line(s) not kept`] : []),
    ];
    const report = buildReport({
      tool: this.o.tool,
      runId: this.runId,
      startedAt: this.startedAt,
      finishedAt: this.now(),
      vendor: {
        id: this.o.vendor.id,
        title: `${this.o.vendor.title}: recorded traffic`,
        source: this.o.vendor.source,
        requirements: this.o.rules.requirements,
        readings: [...this.o.vendor.readings],
      },
      target: { baseUrl: this.redactor.text(this.o.baseUrl), embeddedMock: false, faults: [] },
      chosenReadings: readings && typeof readings === 'object' ? (readings as Record<string, unknown>) : {},
      checks,
      errors,
      strict: false,
    });
    const s = this.summary();
    const warnings = [
      `traffic (${this.o.source}): ${s.exchanges} exchange(s) of this vendor judged by the passive rules${s.ignored ? `, ${s.ignored} other(s) not this vendor's API` : ''}${s.truncated ? `, ${s.truncated} with a request body ${this.o.source === 'har' ? 'cut short in the HAR' : 'over the cap (maxBodyBytes), forwarded whole but'} not judged` : ''}; ${Object.keys(s.judged).length} of ${this.o.rules.requirements.length} requirements judged, the others never seen`,
    ];
    return redactDeep(
      { ...report, traffic: s, warnings: [...(report.warnings ?? []), ...warnings] },
      this.redactor,
    );
  }
}
