// The data the engine passes around. Vendor trees fill these shapes; the engine never knows a vendor.
import type { HttpClient, HttpRequest } from './http.ts';
import type { Score } from './score.ts';

export type Outcome = 'passed' | 'failed' | 'skipped' | 'errored' | 'not-applicable';
export type Level = 'MUST' | 'SHOULD';
export type Basis = 'documented' | 'inferred';

/** One statement of a vendor page, quoted, with an ID the checks and the report refer to. */
export interface Requirement {
  id: string;
  title: string;
  level: Level;
  basis: Basis;
  /** Seed file the quote comes from (the page is the specification). */
  source: string;
  /** The sentence or example, verbatim from the page (or, for inferred ones, from the page it is inferred from). */
  quote: string;
  /** Why an inferred requirement is inferred (one line), or how a documented one is read. */
  note?: string;
  /**
   * The config key (under the section's `readings`) of the reading that switches this requirement
   * on. Set for every requirement about an open point: it is off or lenient by default, and a value
   * the user sets is a promise about their target, so it then gates the run like a MUST.
   */
  reading?: string;
  /** For a MUST resting on a fixed literal that every example of the page carries: that literal. */
  literal?: string;
  /** The page sentence (verbatim) that makes this requirement normative, where the quote alone does not. */
  statement?: string;
}

/** A place where the page contradicts itself or leaves a point open: the suite picks a reading, the config may pick another. */
export interface Reading {
  id: string;
  kind: 'contradiction' | 'open-point';
  title: string;
  quotes: readonly string[];
  /** Config key under the vendor section's `readings` object. */
  configKey: string;
  options: readonly { value: string | number | boolean; description: string }[];
  default: string | number | boolean;
  /** Any value of the default's kind is accepted (the options are examples), e.g. a status list. */
  freeForm?: boolean;
}

export interface RecordedExchange {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    /** Excerpt of the body as text (decoded leniently); never the whole of a huge body. */
    body: string;
    bodyBytes: number;
    truncated: boolean;
  };
  error?: string;
  durationMs: number;
  /** On a failed or errored check: the request as a curl command line, secrets still redacted (src/curl.ts). */
  curl?: string;
}

export interface Failure {
  title: string;
  received?: string;
  documented?: string;
  messages?: string[];
}

/** What a check leaves in vitest's task meta; crosses the worker boundary, so plain JSON only. */
export interface CheckMeta {
  requirements: string[];
  exchanges: RecordedExchange[];
  notes: string[];
  outcome?: 'errored' | 'not-applicable';
  failure?: Failure;
  errorKind?: 'transport' | 'precondition' | 'internal';
  /** Not applicable because the config lacks this key (not because the target lacks the feature). */
  needs?: string;
}

export interface CheckResult {
  id: string;
  title: string;
  requirements: string[];
  outcome: Outcome;
  durationMs: number;
  message?: string;
  failure?: Failure;
  errorKind?: 'transport' | 'precondition' | 'internal';
  notes: string[];
  exchanges: RecordedExchange[];
  /** Not applicable because the config lacks this key: setting it would make the check verifiable. */
  needs?: string;
  /** Where the result comes from: a check of the vitest suite (the default when absent), an
   * interaction of the vendor's Pact contract, replayed by the Pact verifier, or a request a client
   * sent to the reference mock, judged by the vendor's client rules (mock --check-client). */
  origin?: 'suite' | 'contract' | 'client' | 'traffic';
}

export interface RequirementResult extends Requirement {
  outcome: Outcome;
  checks: string[];
  /** Config keys that would make this (not applicable) requirement verifiable. */
  needs?: string[];
  /** Left out by the run's --only/--exclude (outcome skipped): not run, never judged. */
  filtered?: true;
}

/** --only and --exclude of a run: exact requirement IDs or `*` globs (src/filter.ts). */
export interface RunFilter {
  only: string[];
  exclude: string[];
}

export interface ReadingResult extends Reading {
  chosen: string | number | boolean;
}

export type Verdict = 'conformant' | 'not-conformant' | 'errored';

export interface VendorReport {
  schemaVersion: '1.0';
  tool: { name: string; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    node: string;
    shard?: string;
    /** A sharded run: the id all its shards share (--group, or the CI's run id), for conformance merge. */
    group?: string;
    /** A sharded run: every vendor the run was asked for, so a merge notices one that is absent. */
    vendors?: string[];
    /** Generated inputs: the seed that replays every generated value, and values per domain side. */
    generation?: { seed: number; examples: number };
    /** --rate: requests per second to the target. */
    rate?: number;
  };
  vendor: { id: string; title: string; source: string };
  target: { baseUrl: string; embeddedMock: boolean; faults: string[] };
  verdict: Verdict;
  exitCode: number;
  strict: boolean;
  summary: {
    requirements: Record<Outcome, number>;
    checks: Record<Outcome, number>;
    mustFailed: number;
    shouldFailed: number;
    /** MUST requirements no check could judge (not applicable or skipped): the verdict does not cover them (requirements[].needs says which config key would). */
    mustUnverified: number;
    /** Coverage and score (src/score.ts); absent in reports of older versions (then computed on read). */
    score?: Score;
  };
  requirements: RequirementResult[];
  checks: CheckResult[];
  readings: ReadingResult[];
  errors: string[];
  /** Warnings the suite wrote (console.warn), e.g. a change it could not put back on the target. */
  warnings?: string[];
  /** Present when the run verified the vendor's Pact contract (conformance pact verify, run --pact). */
  contract?: ContractSummary;
  /** Present when the report judges traffic (conformance proxy, check --har): per requirement, how often. */
  traffic?: TrafficSummary;
  /** Present when the run was gated by a baseline of known deviations (--baseline). */
  baseline?: BaselineOutcome;
  /** Present when --only/--exclude left requirements out: those are skipped, never passed. */
  filter?: RunFilter & { filteredOut: string[] };
}

/** Coverage of judged traffic: a requirement absent from `judged` was never seen. */
export interface TrafficSummary {
  source?: 'proxy' | 'har';
  /** Exchanges of this vendor judged. */
  exchanges: number;
  /** Exchanges seen that are not this vendor's API. */
  ignored?: number;
  /** Exchanges of this vendor whose request body was over the cap (maxBodyBytes): not judged. */
  truncated?: number;
  /** Per requirement ID: exchanges that judged it. */
  judged: Record<string, number>;
  /** Per requirement ID: exchanges that broke it. */
  violations?: Record<string, number>;
}

export interface BaselineOutcome {
  file: string;
  expectedFailures: { id: string; reason: string }[];
  newFailures: string[];
  unexpectedPasses: string[];
  unknownIds: string[];
}

export interface ContractSummary {
  /** Pact files verified (project-relative where possible). */
  pactFiles: string[];
  interactions: number;
  /** Wall time of the Pact verifier, provider states included. */
  durationMs: number;
  /**
   * How provider states were set up: by the vendor's provider driver from the target config alone
   * ('target-config'), or by it and the config's state-change URL ('state-change-url').
   */
  providerStates: 'target-config' | 'state-change-url';
  /** Interactions not replayed: their provider state cannot be set up for this target (each is a not-applicable check). */
  notApplicable?: number;
}

/**
 * A request the Pact verifier replays, as it will reach the target: `path` relative to the base URL,
 * query included; header names in lower case; the body as bytes.
 */
export interface ContractRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
}

/** One interaction of a pact file, as JSON (V4). */
export type PactJsonObject = { description: string } & Record<string, unknown>;

/** A provider state of the interaction being replayed, with its params from the pact file. */
export interface ContractState {
  name: string;
  params: Record<string, unknown>;
}

/** What a provider driver may use: the target config and a bounded client of the target. */
export interface ProviderContext {
  /** The vendor section of the target config (fixtures and readings). */
  section: Record<string, unknown>;
  baseUrl: string;
  runId: string;
  /** Timeout, body cap and no redirects like every request; its exchanges are no interaction's evidence. */
  http: HttpClient;
  /** A secret learned from the target (a token read back): masked in every report from now on. */
  secret?: (value: string) => void;
  /**
   * This run's suite has just sent to this very target from its worker (a target given by URL; an
   * embedded mock's suite talks to an instance of its own): a driver whose requests must never
   * repeat one the target saw may have to wait for them.
   */
  afterSuite?: boolean;
}

/** How a target is put into one provider state using only its config and its own API. */
export interface ProviderStateDriver {
  /**
   * Why this target cannot be put in the state from its config (a fixture missing, a feature it
   * does not offer), and the config key that would make it possible: the interaction is then not
   * applicable, never failed. Undefined when it can.
   */
  unavailable?: (section: Record<string, unknown>) => { reason: string; needs?: string } | undefined;
  /**
   * Puts the target in the state through its API (log in, create a profile, fetch a challenge);
   * returns values for the interaction's provider-state expressions. `values` holds the fixtures
   * and what the interaction's earlier states returned.
   */
  setup?: (
    ctx: ProviderContext,
    params: Record<string, unknown>,
    values: Record<string, unknown>,
  ) => Promise<Record<string, unknown>>;
}

/**
 * The vendor tree's side of verifying its contract against a target as it is (pact-js's
 * requestFilter and state handlers): no state-change URL needed, nothing vendor-specific in src/.
 */
export interface ContractProvider {
  /** One driver per provider state the vendor's pact files name. */
  states: Record<string, ProviderStateDriver>;
  /**
   * Why one interaction does not apply to this target although its states could be set up: its
   * expectation rests on a reading this target's config reads otherwise (a code the page leaves
   * open, say). Not applicable with the reason and key, like an unavailable state.
   */
  notApplicable?: (
    interaction: { description: string; requirements: readonly string[] },
    section: Record<string, unknown>,
  ) => { reason: string; needs?: string } | undefined;
  /**
   * The contract as this target's readings make it: an interaction whose expectation rests on an
   * open point of the page (an error's HTTP status, a legacy media type) relaxed to what the
   * reading accepts, in the pact's own terms (a matching rule). `note` says what was relaxed, for
   * the report. Undefined: the interaction as written. Pure; never makes an expectation stricter
   * than the page.
   */
  adapt?: (
    interaction: PactJsonObject,
    section: Record<string, unknown>,
  ) => { interaction: PactJsonObject; note: string } | undefined;
  /**
   * The media type the contract's expectation is written in, when the target labels an answer with
   * one its readings accept instead (a legacy label, e.g. XML as text/plain): the Pact verifier then
   * judges the body as that type; the report keeps the label as sent, and the suite's media-type
   * check judges it. Undefined: the answer goes to the verifier as labelled.
   */
  relabel?: (contentType: string | undefined, section: Record<string, unknown>) => string | undefined;
  /**
   * The request as this target must receive it, given its config: what only the run can know (a
   * fresh signature, a per-run value) or what the config's readings say (a header's name). Pure.
   */
  filter?: (
    request: ContractRequest,
    ctx: {
      section: Record<string, unknown>;
      states: readonly ContractState[];
      values: Record<string, unknown>;
    },
  ) => ContractRequest;
  /**
   * Called before the first interaction: remembers what the contract's interactions may change on
   * the target and returns how to put it back, which answers what it could not put back.
   */
  preserve?: (ctx: ProviderContext) => Promise<() => Promise<string[]>>;
}

/** A value as the restore journal holds it (JSON). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a restorer is given: a bounded client (timeout, body cap, no redirects), the section, the target. */
export interface RestoreContext {
  http: HttpClient;
  /** The vendor section of the target config (credentials and fixtures). */
  section: Record<string, unknown>;
  baseUrl: string;
  /** What the saved state precedes, for messages: 'the run' (default), 'the contract'. */
  when?: string;
}

/**
 * How a vendor puts back what a run changes on a target, in one place: the suite (beforeAll and
 * afterAll), the contract driver's preserve, the engine's restore journal and `conformance restore`
 * all use it. `saved` is plain JSON, so a later process can put the target back from the journal.
 */
export interface Restorer {
  /** What a run may change, as it is now (throws when it cannot be read: nothing can be put back). */
  read(ctx: RestoreContext): Promise<Json>;
  /** Puts `saved` back; one line per thing that could not be put back, and why ([] when all is back). */
  putBack(ctx: RestoreContext, saved: Json): Promise<string[]>;
}

/** What a vendor tree contributes; wired together outside src/ (see vendors.ts). */
export interface VendorDefinition {
  id: string;
  title: string;
  source: string;
  /** Absolute paths of the vendor's vitest suite files (one or several). */
  suiteFiles: string[];
  requirements: Requirement[];
  readings: Reading[];
  /** JSON Schema of the vendor's section of the target config. */
  configSchema: object;
  /** Dotted paths in the vendor section whose values are secrets (redacted everywhere). */
  secretPaths: string[];
  /** What --base-url holds after the host, e.g. `/services/rest` (shown by `conformance list`). */
  basePathHint: string;
  startMock: (options: MockOptions) => Promise<RunningMock>;
  /**
   * The module that exports the mock as `mock` (compiled `.js` in the built package): a suite's worker
   * starts its own instance from it (src/embedded.ts).
   */
  mockModule?: string;
  /** The mock's faults: each breaks documented requirements (and the chaos ones, bad input). */
  faults: FaultDefinition[];
  /** The mock's reading variants: another documented behaviour, passed under the reading they carry. */
  variants: FaultDefinition[];
  /**
   * How the vendor's contract is verified against any target (absent: states from fixtures only);
   * a loader, so that commands which verify nothing never load the driver and the checks it uses.
   */
  provider?: ContractProvider | (() => Promise<ContractProvider>);
  /** How what a run changes on a target is put back (absent: the vendor changes nothing it must restore). */
  restorer?: Restorer | (() => Promise<Restorer>);
  /** The page's rules for a client's requests (mock --check-client), loaded when needed. */
  client?: () => Promise<ClientRules>;
  /** The passive checks (conformance proxy, conformance check --har), loaded when needed. */
  passive?: () => Promise<PassiveRules>;
  /** One cheap request before the checks: does the target look like this API at all (src/probe.ts)? */
  probe?: () => Promise<Probe>;
}

/** A request a client sent to a reference mock, as received: path and query, header names in lower case. */
export interface ClientRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request rule of the page the client broke, and what was wrong (never a secret's value). */
export interface ClientViolation {
  requirement: string;
  problem: string;
}

/** What the client rules make of one request: the requirements it was judged on, and those it broke. */
export interface ClientJudgement {
  judged: string[];
  violations: ClientViolation[];
}

/**
 * A vendor's request rules (suites/<vendor>/client.ts): its client-side catalogue, and a pure judge
 * of one request against the config sections the mock accepts (its credentials and fixtures).
 */
export interface ClientRules {
  requirements: Requirement[];
  judge: (request: ClientRequest, sections: readonly Record<string, unknown>[]) => ClientJudgement;
}

/** The probe's answer, its body as text (an excerpt). */
export interface ProbeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A vendor's probe: one documented request that changes nothing (a read, a login, a request the
 * API refuses), and whether an answer can be this API's. `recognise` is lenient: true (its shape),
 * false (it cannot be: an HTML page, a 404 not in the API's own format), undefined (cannot tell).
 */
export interface Probe {
  request: (section: Record<string, unknown>, baseUrl: string) => HttpRequest;
  recognise: (answer: ProbeAnswer) => boolean | undefined;
}

/** One exchange as traffic carries it: the request as a client sent it, the answer as the target gave it. */
export interface TrafficExchange {
  /** truncated: the body was cut at the cap; the engine then hands the exchange to no rule. */
  request: ClientRequest & { truncated?: boolean };
  response: {
    status: number;
    /** Lower-case names. */
    headers: Record<string, string>;
    body: Buffer;
    /** The body was cut at the cap: rules that need all of it do not judge this exchange. */
    truncated?: boolean;
  };
}

/** What the passive rules make of one exchange: the requirements it could judge, and those it broke. */
export interface PassiveJudgement {
  judged: string[];
  violations: ClientViolation[];
  /**
   * Secrets this exchange carried that the config does not know (a token the client set, one a
   * read-back showed): masked in the evidence kept from now on and in the report.
   */
  secrets?: string[];
}

/**
 * A vendor's passive checks (suites/<vendor>/passive.ts): the requirements that traffic alone can
 * judge (response shapes, media types, error codes matched to the request that caused them, the
 * request against the page, rules across exchanges), calling the same pure checks as the suite.
 */
export interface PassiveRules {
  /** Every requirement a judgement may name (the vendor's own, and its client rules'). */
  requirements: Requirement[];
  /** Is this request one of this vendor's API at all (a HAR holding none is a usage error)? */
  matches: (request: ClientRequest) => boolean;
  /**
   * A judge for one stream of traffic, given the vendor section of the config (maybe empty). It
   * may remember what later exchanges are judged against (a modify, then a read of the same
   * account), bounded: never every body.
   */
  session: (section: Record<string, unknown>) => { judge: (exchange: TrafficExchange) => PassiveJudgement };
}

/** What a mock's server hands every request it answers (mock --check-client); it may answer one itself. */
export interface MockInspector {
  /** Answers the request instead of the mock (the report endpoint); undefined: the mock answers. */
  answer?: (
    request: ClientRequest,
  ) => { status: number; headers: Record<string, string>; body: string } | undefined;
  /** The request and the mock's answer (its body as far as it was kept). */
  observe: (
    request: ClientRequest,
    response: { status: number; headers: Record<string, string>; body: Buffer },
  ) => void;
}

export interface FaultDefinition {
  id: string;
  description: string;
  /** Requirements the suite must fail when this fault is on (and no others). */
  breaks: string[];
  /** Config readings the proof run needs (e.g. a non-default reading that makes the requirement applicable). */
  readings?: Record<string, string | number | boolean>;
  /** Bad input that breaks everything at once (HTML, garbage, slowness): proves robustness, not a requirement. */
  chaos?: boolean;
  /**
   * Only the generated checks find it (src/generate.ts): with --examples 0 the suite passes it, with
   * the default examples it fails exactly `breaks`. The proof runs it both ways.
   */
  generated?: boolean;
}

export interface MockOptions {
  port?: number;
  host?: string;
  faults?: string[];
  /** Sees every request and answer (mock --check-client). */
  inspector?: MockInspector;
}

export interface RunningMock {
  url: string;
  /** The vendor section of a target config that works against this mock. */
  targetConfig: Record<string, unknown>;
  /**
   * Other sections that work against the same running mock (e.g. a second promotion configured
   * another way), by name; `conformance mock` prints them too.
   */
  alternatives?: Record<string, Record<string, unknown>>;
  close: () => Promise<void>;
}

/** What the engine hands a suite file through vitest's provide/inject. */
export interface SuiteContext {
  vendor: string;
  baseUrl: string;
  runId: string;
  timeoutMs: number;
  maxBodyBytes: number;
  config: Record<string, unknown>;
  secrets: string[];
  /** Generated inputs (src/generate.ts): the run's seed and the values per domain side (0: off). */
  generation: { seed: number; examples: number };
  /** Requests per second to this target, every request of the run (absent: unpaced). */
  rate?: number;
  /** --ca: a CA certificate (PEM) trusted beside the system's. */
  ca?: string;
  /**
   * --rate across the run's threads: when each origin's next request may start (ms since the epoch),
   * as the engine's thread left it (its journal reads), so the suite's worker keeps the spacing.
   */
  pace?: Record<string, number>;
  /**
   * The embedded mock the engine started (absent: a target given by URL): the SuiteRunner's worker
   * starts another instance of it, with the same faults, in its own thread (src/embedded.ts).
   */
  embedded?: {
    module: string;
    faults: string[];
    /** The engine's instance: its URL and target config, whose instance-specific values are swapped. */
    url: string;
    targetConfig: Record<string, unknown>;
  };
}

/**
 * The global where an entry file of the SuiteRunner names the target its suite file is about to run
 * against (several targets of one vendor share a vitest run: one per mock fault in the self-proof).
 * Plain vitest runs set nothing, and the vendor id is the key.
 */
export const TARGET_KEY = '__conformanceTarget';

/** The global where src/embedded.ts leaves, per target key, the context of the mock it started in this thread. */
export const EMBEDDED_KEY = '__conformanceEmbedded';
