// The verifier reports per interaction, with its own words and its proxy's URLs; the report wants a
// CheckResult per interaction under its requirement IDs, with the exchange the proxy recorded and
// the provider-state errors pact-js only prints. This pairs the two and writes the checks.
import { joinUrl } from '../http.ts';
import type { Redactor } from '../redact.ts';
import type { CheckResult, ContractSummary, Failure, RecordedExchange } from '../types.ts';
import { type ContractInteraction, requirementsOf, withoutRequirements } from './files.ts';
import type { RequestEvent } from './proxy.ts';
import type { StateEvent } from './states.ts';

/** What happened during verification, in order: states set up and requests replayed. */
export type VerifyEvent = StateEvent | RequestEvent;

export interface Mismatch {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  message?: string;
  expected?: unknown;
  actual?: unknown;
}

type VerifierError = {
  interaction?: string;
  mismatch?: { type?: string; message?: string; mismatches?: Mismatch[] };
};

type InteractionResult = { description?: string; duration?: string; result?: string };

/** The verifier's JSON output (pact-core's), the parts used here. */
export interface VerifierJson {
  result?: boolean;
  errors?: VerifierError[];
  interactionResults?: InteractionResult[];
}

interface Evidence {
  stateErrors: string[];
  exchange?: RecordedExchange;
  normalised: boolean;
  contractLine?: string;
  filterError?: string;
  relabelled?: { from: string; to: string };
}

export interface ResultContext {
  baseUrl: string;
  providerStates: ContractSummary['providerStates'];
  redactor: Redactor;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const TRANSPORT = /error sending request|connection (refused|reset|closed)|timed out|timeout|tcp connect/i;

/** A verifier message without colours and the Rust backtrace. */
export function clean(s: string): string {
  return s
    .replace(ANSI, '')
    .replace(/\n*Stack backtrace:[\s\S]*$/, '')
    .trim();
}

/** The verifier only ever talks to pact-js's proxy on loopback: show the target's URL instead. */
export function throughTarget(s: string, baseUrl: string): string {
  return s.replace(/https?:\/\/127\.0\.0\.1:\d+(\/[^\s)'"]*)?/g, (_m, path: string | undefined) =>
    joinUrl(baseUrl, path ?? '/'),
  );
}

export function describeMismatch(m: Mismatch): string {
  const where = m.path ?? (m.key ? `header ${m.key}` : undefined);
  const what = clean(m.mismatch ?? m.message ?? JSON.stringify(m));
  return `${m.type ?? 'Mismatch'}${where ? ` at ${where}` : ''}: ${what}`;
}

export function parseDuration(d: string | undefined): number {
  const m = /^([0-9.]+)\s*(ms|s|m)?$/.exec(d?.trim() ?? '');
  if (!m?.[1]) return 0;
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n);
}

/** The verifier's errors by interaction; one the pact files do not have is an error of the run. */
function failuresOf(
  json: VerifierJson | undefined,
  interactions: readonly ContractInteraction[],
  errors: string[],
  redactor: Redactor,
): Map<string, VerifierError> {
  const failures = new Map<string, VerifierError>();
  for (const e of json?.errors ?? []) {
    const match = interactions.find(
      (i) => e.interaction === i.description || e.interaction?.endsWith(` - ${i.description}`),
    );
    if (match) failures.set(match.description, e);
    else
      errors.push(
        redactor.text(`the verifier reported an interaction the pact files do not have: ${e.interaction}`),
      );
  }
  return failures;
}

/** Execution order (the verifier's), to pair each interaction with its state calls and request. */
function executionOrder(
  json: VerifierJson | undefined,
  interactions: readonly ContractInteraction[],
): readonly ContractInteraction[] {
  if (!json?.interactionResults?.length) return interactions;
  return json.interactionResults
    .map((r) => interactions.find((i) => i.description === r.description))
    .filter((i): i is ContractInteraction => Boolean(i));
}

/**
 * Each interaction's state errors and exchange, walking the events in the verifier's order.
 * Undefined when the events do not line up with the interactions (then nothing is attributed).
 */
export function pairEvents(
  order: readonly ContractInteraction[],
  events: readonly VerifyEvent[],
): Map<string, Evidence> | undefined {
  const evidence = new Map<string, Evidence>();
  let cursor = 0;
  for (const i of order) {
    const found: Evidence = { stateErrors: [], normalised: false };
    for (const s of i.providerStates ?? []) {
      const ev = events[cursor];
      if (ev?.kind !== 'state' || ev.state !== s.name) return undefined;
      if (ev.error) found.stateErrors.push(ev.error);
      cursor += 1;
    }
    const ev = events[cursor];
    if (ev?.kind !== 'request') return undefined;
    found.exchange = ev.exchange;
    found.normalised = ev.normalised;
    if (ev.contractLine) found.contractLine = ev.contractLine;
    if (ev.filterError) found.filterError = ev.filterError;
    if (ev.relabelled) found.relabelled = ev.relabelled;
    cursor += 1;
    evidence.set(i.description, found);
  }
  return evidence;
}

/** What the contract expects of the answer, in one line: status, headers by name, the body's start. */
export function expectation(i: Pick<ContractInteraction, 'response'>): string | undefined {
  const r = i.response;
  if (!r) return undefined;
  const parts = [`HTTP ${r.status ?? 200}`];
  const headers = Object.keys(r.headers ?? {});
  if (headers.length > 0) parts.push(`headers ${headers.join(', ')}`);
  const content = r.body?.content;
  if (content !== undefined) {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    parts.push(`a body like ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`);
  }
  return `the contract expects ${parts.join('; ')} (matched by type and pattern, not literally)`;
}

function notesFor(i: ContractInteraction, found: Evidence | undefined, ctx: ResultContext): string[] {
  const states = (i.providerStates ?? []).map((s) => s.name);
  const notes = [
    `contract: ${i.file}${states.length ? `, given ${states.map((s) => `'${s}'`).join(' and ')}` : ''}`,
    `provider states: ${ctx.providerStates === 'state-change-url' ? 'set up from the target config and through the state-change URL' : "set up from the target config alone (the vendor's provider driver)"}`,
  ];
  if (found?.contractLine) {
    notes.push(
      `the request filter changed the request: the contract has ${found.contractLine}; the evidence shows it as sent`,
    );
  }
  const expected = expectation(i);
  if (expected) notes.push(expected);
  if (found?.relabelled) {
    notes.push(
      `the target labelled its answer '${found.relabelled.from}', a media type this target's readings accept: the Pact verifier judged the body as '${found.relabelled.to}' (the suite's media-type check judges the label)`,
    );
  }
  if (found?.normalised) {
    notes.push(
      'the XML body reached the Pact verifier without its DOCTYPE and in UTF-8 (its parser rejects a public DOCTYPE); the report shows it as sent, and the suite checks DOCTYPE and encoding',
    );
  }
  return notes.map((n) => ctx.redactor.text(n));
}

/** An interaction not replayed because this target cannot be put in its provider state. */
export function notApplicableCheck(
  i: ContractInteraction,
  why: { reason: string; needs?: string },
  redactor: Redactor,
): CheckResult {
  const expected = expectation(i);
  return {
    id: `contract › ${i.description}`,
    title: `contract: ${withoutRequirements(i.description)}`,
    requirements: requirementsOf(i.description),
    outcome: 'not-applicable',
    durationMs: 0,
    message: redactor.text(why.reason),
    notes: [`contract: ${i.file}`, ...(expected ? [expected] : [])].map((n) => redactor.text(n)),
    exchanges: [],
    origin: 'contract',
    ...(why.needs ? { needs: why.needs } : {}),
  };
}

/** A verifier failure on the check: failed on a mismatch, errored when the target was not reached. */
function applyFailure(
  check: CheckResult,
  i: ContractInteraction,
  failure: VerifierError,
  found: Evidence | undefined,
  ctx: ResultContext,
): void {
  const { redactor } = ctx;
  const mismatch = failure.mismatch;
  const list = (
    mismatch?.type === 'error' || !mismatch?.mismatches
      ? [clean(mismatch?.message ?? 'the verifier reported an error')]
      : mismatch.mismatches.map(describeMismatch)
  ).map((m) => throughTarget(m, ctx.baseUrl));
  // The verifier's own transport error, or the target never answered our proxy (no response recorded).
  const transport =
    (mismatch?.type === 'error' && (TRANSPORT.test(mismatch.message ?? '') || !!found?.exchange?.error)) ||
    (!!found?.exchange?.error && !found.exchange.response);
  const f: Failure = {
    title: redactor.text(
      `Pact interaction "${withoutRequirements(i.description)}" failed: ${list[0] ?? 'mismatch'}`,
    ),
    messages: list.map((m) => redactor.text(m)),
  };
  check.outcome = transport ? 'errored' : 'failed';
  if (transport) check.errorKind = 'transport';
  check.failure = f;
  check.message = redactor.text([f.title, ...list.slice(1).map((m) => `  - ${m}`)].join('\n'));
}

function checkFor(
  i: ContractInteraction,
  json: VerifierJson,
  result: InteractionResult | undefined,
  found: Evidence | undefined,
  failure: VerifierError | undefined,
  ctx: ResultContext,
): CheckResult {
  const check: CheckResult = {
    id: `contract › ${i.description}`,
    title: `contract: ${withoutRequirements(i.description)}`,
    requirements: requirementsOf(i.description),
    outcome: 'passed',
    durationMs: parseDuration(result?.duration),
    notes: notesFor(i, found, ctx),
    exchanges: found?.exchange ? [found.exchange] : [],
    origin: 'contract',
  };
  if (found?.stateErrors.length || found?.filterError) {
    check.outcome = 'errored';
    check.errorKind = 'internal';
    check.message = [...found.stateErrors, ...(found.filterError ? [found.filterError] : [])].join('\n');
  } else if (failure) {
    applyFailure(check, i, failure, found, ctx);
  } else if (result?.result && !/^ok$/i.test(result.result)) {
    check.outcome = /pending/i.test(result.result) ? 'skipped' : 'errored';
    check.message = `the verifier's result: ${result.result}`;
  } else if (!result && json.interactionResults?.length) {
    check.outcome = 'errored';
    check.errorKind = 'internal';
    check.message = 'the verifier did not replay this interaction';
  }
  return check;
}

/**
 * One check per interaction (none when the verifier gave no output), and the errors of the run:
 * interactions the pact files lack, state errors that could not be attributed, failed checks that
 * name no requirement.
 */
export function contractResults(
  json: VerifierJson | undefined,
  interactions: readonly ContractInteraction[],
  events: readonly VerifyEvent[],
  ctx: ResultContext,
): { checks: CheckResult[]; errors: string[] } {
  const errors: string[] = [];
  const failures = failuresOf(json, interactions, errors, ctx.redactor);
  const evidence = pairEvents(executionOrder(json, interactions), events);
  // Without alignment the state errors are still real: report them for the run.
  if (!evidence) {
    for (const ev of events) if (ev.kind === 'state' && ev.error) errors.push(ev.error);
  }
  if (!json) return { checks: [], errors };
  const results = new Map((json.interactionResults ?? []).map((r) => [r.description ?? '', r]));
  const checks: CheckResult[] = [];
  for (const i of interactions) {
    const found = evidence?.get(i.description);
    const check = checkFor(i, json, results.get(i.description), found, failures.get(i.description), ctx);
    if (check.requirements.length === 0 && (check.outcome === 'failed' || check.outcome === 'errored')) {
      errors.push(
        ctx.redactor.text(
          `contract interaction "${i.description}" ${check.outcome} and names no requirement`,
        ),
      );
    }
    checks.push(check);
  }
  return { checks, errors };
}
