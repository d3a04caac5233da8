// mock --check-client: the reference mock judges every request a client sends against the vendor's
// request rules (suites/<vendor>/client.ts, injected), requirement by requirement, the way the suite
// judges a server. The mock answers as the real API would; this module only watches (through the
// mock server's inspector), logs one line per violation and keeps the canonical report, served on
// GET /_conformance/report and rendered by the usual renderers when the mock stops.
import { randomUUID } from 'node:crypto';
import { Redactor, redactDeep, secretsAt } from './redact.ts';
import { buildReport } from './report.ts';
import type {
  CheckResult,
  ClientJudgement,
  ClientRequest,
  ClientRules,
  MockInspector,
  RecordedExchange,
  Requirement,
  VendorReport,
} from './types.ts';

export const REPORT_PATH = '/_conformance/report';

/** Bounds: a long-running mock keeps every violation up to a cap, and fewer of the requests that broke nothing. */
export const KEEP = { failed: 2000, passed: 500, bodyChars: 4096 } as const;

export interface ClientCheckOptions {
  vendor: { id: string; title: string; source: string; secretPaths: readonly string[] };
  rules: ClientRules;
  tool: { name: string; version: string };
  /** One line per violation (the console). */
  log: (line: string) => void;
  now?: () => Date;
}

/** The quote of a requirement on one line, for the console. */
export function oneLine(quote: string, max = 240): string {
  const flat = quote
    .replace(/\s*\n\s*/g, ' / ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The console line of one violation: requirement, level, quote, what was wrong. */
export function violationLine(
  request: Pick<ClientRequest, 'method' | 'url'>,
  req: Pick<Requirement, 'id' | 'level' | 'quote'> | undefined,
  id: string,
  problem: string,
): string {
  const path = request.url.split('?')[0] ?? '';
  const quote = req ? ` "${oneLine(req.quote)}"` : '';
  return `client ${request.method} ${path}: ${id}${req ? ` (${req.level})` : ''}${quote}: ${problem}`;
}

/** A judged request as the report's checks: one failed check per violation, one passed check for the rest. */
export function checksOf(
  n: number,
  exchange: RecordedExchange,
  judgement: ClientJudgement,
  titles: (id: string) => string,
): CheckResult[] {
  const path = exchange.request.url.split('?')[0] ?? '';
  const label = `request ${n}: ${exchange.request.method} ${path}`;
  const broken = new Set(judgement.violations.map((v) => v.requirement));
  const honoured = [...new Set(judgement.judged)].filter((id) => !broken.has(id));
  const base = {
    durationMs: exchange.durationMs,
    notes: [],
    exchanges: [exchange],
    origin: 'client' as const,
  };
  const failed = judgement.violations.map(
    (v, i): CheckResult => ({
      ...base,
      id: `client-${n}-${i + 1}`,
      title: `${label}: ${titles(v.requirement)}`,
      requirements: [v.requirement],
      outcome: 'failed',
      message: v.problem,
      failure: { title: titles(v.requirement), received: v.problem },
    }),
  );
  const passed: CheckResult[] =
    honoured.length > 0
      ? [{ ...base, id: `client-${n}`, title: label, requirements: honoured, outcome: 'passed' }]
      : [];
  return [...failed, ...passed];
}

export class ClientCheck {
  private readonly startedAt: Date;
  private readonly runId = randomUUID().slice(0, 8);
  private readonly byId: Map<string, Requirement>;
  private redactor = new Redactor([]);
  private sections: Record<string, unknown>[] = [];
  private baseUrl = '';
  private faults: string[] = [];
  private failed: CheckResult[] = [];
  private passed: CheckResult[] = [];
  private requests = 0;
  private dropped = 0;
  private readonly errors: string[] = [];
  private readonly now: () => Date;

  constructor(private readonly o: ClientCheckOptions) {
    this.now = o.now ?? (() => new Date());
    this.startedAt = this.now();
    this.byId = new Map(o.rules.requirements.map((r) => [r.id, r]));
  }

  /** How many requests have been judged so far. */
  get judgedRequests(): number {
    return this.requests;
  }

  /** What the running mock accepts (its config sections: credentials and fixtures the rules need). */
  use(mock: { url: string; sections: Record<string, unknown>[]; faults?: string[] }): void {
    this.baseUrl = mock.url;
    this.sections = mock.sections;
    this.faults = mock.faults ?? [];
    this.redactor = new Redactor(mock.sections.flatMap((s) => secretsAt(s, this.o.vendor.secretPaths)));
  }

  readonly inspector: MockInspector = {
    answer: (request) => {
      if (request.method !== 'GET' || request.url.split('?')[0] !== REPORT_PATH) return undefined;
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: `${JSON.stringify(this.report(), null, 2)}\n`,
      };
    },
    observe: (request, response) => this.observe(request, response),
  };

  private record(
    request: ClientRequest,
    response: { status: number; headers: Record<string, string>; body: Buffer },
  ): RecordedExchange {
    const r = this.redactor;
    const text = (b: Buffer) => r.text(b.toString('latin1').slice(0, KEEP.bodyChars));
    const origin = new URL(this.baseUrl || 'http://mock').origin;
    return {
      request: {
        method: request.method,
        url: r.text(`${origin}${request.url}`),
        headers: r.headers(request.headers),
        ...(request.body.length > 0 ? { body: text(request.body) } : {}),
      },
      response: {
        status: response.status,
        headers: r.headers(response.headers),
        body: text(response.body),
        bodyBytes: response.body.length,
        truncated: response.body.length > KEEP.bodyChars,
      },
      durationMs: 0,
    };
  }

  observe(
    request: ClientRequest,
    response: { status: number; headers: Record<string, string>; body: Buffer },
  ): void {
    const n = ++this.requests;
    let judgement: ClientJudgement;
    try {
      judgement = this.o.rules.judge(request, this.sections);
    } catch (e) {
      // A judge that breaks is our bug, not the client's: said once per request, never a stack.
      this.errors.push(
        `request ${n}: the client rules could not judge it (${this.redactor.text(String((e as Error)?.message ?? e))})`,
      );
      return;
    }
    const known = judgement.violations.filter((v) => this.byId.has(v.requirement));
    for (const v of judgement.violations)
      if (!this.byId.has(v.requirement))
        this.errors.push(`client rules name an unknown requirement ${v.requirement}`);
    for (const v of known)
      this.o.log(
        this.redactor.text(violationLine(request, this.byId.get(v.requirement), v.requirement, v.problem)),
      );
    const checks = checksOf(
      n,
      this.record(request, response),
      { ...judgement, violations: known },
      (id) => this.byId.get(id)?.title ?? id,
    );
    for (const c of checks) {
      const into = c.outcome === 'failed' ? this.failed : this.passed;
      if (into.length < (c.outcome === 'failed' ? KEEP.failed : KEEP.passed))
        into.push(redactDeep(c, this.redactor));
      else this.dropped++;
    }
  }

  /** The canonical report of every request judged so far (the verdict: did the client break a MUST). */
  report(): VendorReport {
    const report = buildReport({
      tool: this.o.tool,
      runId: this.runId,
      startedAt: this.startedAt,
      finishedAt: this.now(),
      vendor: {
        id: this.o.vendor.id,
        title: `${this.o.vendor.title}: client requests`,
        source: this.o.vendor.source,
        requirements: this.o.rules.requirements,
        readings: [],
      },
      target: { baseUrl: this.baseUrl, embeddedMock: true, faults: this.faults },
      chosenReadings: {},
      checks: [...this.failed, ...this.passed],
      errors: [...this.errors],
      strict: false,
    });
    const warnings = [
      `client check: ${this.requests} request(s) judged against the page's request rules`,
      ...(this.dropped > 0
        ? [
            `${this.dropped} judged check(s) not kept in the report (the report keeps at most ${KEEP.failed} violations and ${KEEP.passed} passed requests)`,
          ]
        : []),
    ];
    return redactDeep({ ...report, warnings: [...(report.warnings ?? []), ...warnings] }, this.redactor);
  }
}

/**
 * A client-side requirement traced to the page through the server-side one it mirrors: same quote,
 * level, basis and statement (a rule of the page binds both sides); its own ID and title. No reading:
 * a client that follows either reading of an open point breaks nothing.
 */
export function mirrorOf(
  catalogue: readonly Requirement[],
  serverId: string,
  own: { id: string; title: string; note?: string },
): Requirement {
  const r = catalogue.find((x) => x.id === serverId);
  if (!r) throw new Error(`client requirement ${own.id}: no requirement ${serverId} to mirror`);
  const { reading: _reading, note: _note, ...rest } = r;
  return { ...rest, ...own, note: own.note ?? `The client side of ${serverId}.` };
}
