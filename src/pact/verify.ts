// Verifies a vendor's Pact contract against a target with the official Rust verifier (pact-core,
// through pact-js's Verifier), so a contract is checked by the tool its consumers would use. The
// stages live beside it: files.ts, states.ts, proxy.ts (pact-js 16.5 workarounds), results.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { PactTargetOptions } from '../config.ts';
import { HttpClient } from '../http.ts';
import { Redactor } from '../redact.ts';
import { FILTERED_OUT } from '../report.ts';
import type {
  CheckResult,
  ContractRequest,
  ContractSummary,
  PactJsonObject,
  ProviderContext,
  VendorDefinition,
} from '../types.ts';
import { loadProvider } from '../vendor.ts';
import { type PactInteraction, readPact, requirementsOf, shown } from './files.ts';
import { trackVerification } from './halt.ts';
import { recordingProxy } from './proxy.ts';
import {
  clean,
  contractResults,
  notApplicableCheck,
  type VerifierJson,
  type VerifyEvent,
} from './results.ts';
import { withoutRootStore } from './roots.ts';
import { type PendingStates, stateHandlers, stateSource, unavailableInteractions } from './states.ts';

export { PROJECT_ROOT } from '../paths.ts';
export {
  type ContractInteraction,
  findPactFiles,
  PACT_DIR,
  type PactDocument,
  PactFileError,
  type PactInteraction,
  readPact,
  requirementsOf,
} from './files.ts';
export { formEncode, xmlForVerifier } from './proxy.ts';
export { fixtureValues } from './states.ts';

export interface VerifyInput {
  vendor: Pick<VendorDefinition, 'id' | 'requirements' | 'provider'>;
  baseUrl: string;
  runId: string;
  pactFiles: string[];
  /** The vendor section of the target config (merged over the mock's fixtures on the embedded mock). */
  section: Record<string, unknown>;
  pact?: PactTargetOptions;
  secrets: string[];
  timeoutMs: number;
  maxBodyBytes: number;
  /** --rate: requests per second to the target (the verifier's and the provider driver's). */
  rate?: number;
  /** --only/--exclude: an interaction is replayed when this holds for its requirement IDs. */
  selected?: (requirements: readonly string[]) => boolean;
  /** This run's suite has just run against this very target (ProviderContext.afterSuite). */
  afterSuite?: boolean;
}

export interface VerifyOutcome {
  checks: CheckResult[];
  errors: string[];
  /** What the provider driver could not put back on the target. */
  warnings: string[];
  summary: ContractSummary;
}

type VerifierClass = typeof import('@pact-foundation/pact').Verifier;

async function loadVerifier(): Promise<VerifierClass> {
  // The verifier alone: the package's index also loads the consumer DSL (GraphQL, matchers, XML
  // builder), 0.4 s of CPU more at the start of every process that verifies (626 -> 238 ms here).
  // pact-js has no exports map, so the file is reachable; should it move, the index still serves.
  try {
    const only = (await import('@pact-foundation/pact/src/dsl/verifier/verifier.js')) as {
      Verifier?: VerifierClass;
      default?: { Verifier?: VerifierClass };
    };
    const Verifier = only.Verifier ?? only.default?.Verifier;
    if (Verifier) return Verifier;
  } catch {
    // the index below
  }
  const pactModule = (await import('@pact-foundation/pact')) as typeof import('@pact-foundation/pact') & {
    default?: typeof import('@pact-foundation/pact');
  };
  const Verifier = pactModule.Verifier ?? pactModule.default?.Verifier;
  if (!Verifier) throw new Error('@pact-foundation/pact has no Verifier export');
  return Verifier;
}

/** The verifier's JSON, whether it resolved with it or rejected with it (failed interactions). */
async function verifierJson(run: () => Promise<unknown>, onError: (message: string) => void) {
  try {
    return JSON.parse(String(await run())) as VerifierJson;
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    try {
      return JSON.parse(message) as VerifierJson;
    } catch {
      onError(`the Pact verifier did not run to the end: ${clean(message)}`);
      return undefined;
    }
  }
}

/**
 * The pact files as this target is verified against them: only the interactions to replay, each as
 * the vendor's `adapt` makes it under the target's readings, in a temporary directory. Unchanged
 * files are used as they are.
 */
function targetFiles(
  pacts: readonly { path: string; doc: ReturnType<typeof readPact> }[],
  keep: (description: string) => boolean,
  adapt: (i: PactInteraction) => PactInteraction,
): { files: string[]; dir?: string } {
  const docs = pacts.map(({ path, doc }) => ({
    path,
    doc,
    interactions: doc.interactions.filter((i) => keep(i.description)).map(adapt),
  }));
  if (
    docs.every(
      ({ doc, interactions }) =>
        interactions.length === doc.interactions.length &&
        interactions.every((i, n) => i === doc.interactions[n]),
    )
  ) {
    return { files: pacts.map(({ path }) => path) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'conformance-pact-'));
  const files: string[] = [];
  for (const { path, doc, interactions } of docs) {
    if (interactions.length === 0) continue;
    const file = join(dir, basename(path));
    writeFileSync(file, JSON.stringify({ ...doc, interactions }));
    files.push(file);
  }
  return { files, dir };
}

export async function verifyContract(input: VerifyInput): Promise<VerifyOutcome> {
  process.env.PACT_DO_NOT_TRACK = 'true';
  const pacts = input.pactFiles.map((path) => ({ path, doc: readPact(path) }));
  const every = pacts.flatMap(({ path, doc }) => doc.interactions.map((i) => ({ ...i, file: shown(path) })));
  const chosen = (i: (typeof every)[number]) => input.selected?.(requirementsOf(i.description)) ?? true;
  const interactions = every.filter(chosen);
  const filteredOut = new Set(every.filter((i) => !chosen(i)).map((i) => i.description));
  const redactor = new Redactor([...input.secrets, ...Object.values(input.pact?.stateChangeHeaders ?? {})]);
  const providerStates = stateSource(input.pact);
  const events: VerifyEvent[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const { section, pact, timeoutMs, baseUrl, maxBodyBytes } = input;
  const rate = input.rate !== undefined ? { rate: input.rate } : {};
  const provider = await loadProvider(input.vendor);

  const unavailable = unavailableInteractions(interactions, provider, section, pact);
  const runnable = interactions.filter((i) => !unavailable.has(i.description));
  const skipped = [
    ...interactions
      .filter((i) => unavailable.has(i.description))
      .map((i) =>
        notApplicableCheck(i, unavailable.get(i.description) ?? { reason: 'not replayed' }, redactor),
      ),
    ...every
      .filter((i) => filteredOut.has(i.description))
      .map((i) => ({
        ...notApplicableCheck(i, { reason: FILTERED_OUT }, redactor),
        outcome: 'skipped' as const,
      })),
  ];
  const summary: ContractSummary = {
    pactFiles: pacts.map(({ path }) => shown(path)),
    interactions: every.length,
    durationMs: 0,
    providerStates,
    ...(skipped.length > filteredOut.size ? { notApplicable: skipped.length - filteredOut.size } : {}),
  };
  if (runnable.length === 0) return { checks: skipped, errors, warnings, summary };

  const providerContext: ProviderContext = {
    section,
    baseUrl,
    runId: input.runId,
    http: new HttpClient({ timeoutMs, maxBodyBytes, redactor, ...rate }),
    secret: (value) => redactor.add(value),
    ...(input.afterSuite ? { afterSuite: true } : {}),
  };
  // What the interactions may change is read first, so it can be put back; unread, nothing is sent.
  let restore: (() => Promise<string[]>) | undefined;
  try {
    restore = await provider?.preserve?.(providerContext);
  } catch (e) {
    errors.push(
      redactor.text(
        `the contract was not verified: what its interactions change could not be read first, or could not be put back, so nothing was sent (${(e as Error).message})`,
      ),
    );
    return { checks: skipped, errors, warnings, summary };
  }

  const pending: PendingStates = { states: [], values: {} };
  const adjust = provider
    ? (request: ContractRequest): ContractRequest | { refuse: string } => {
        try {
          if (pending.failed) return { refuse: pending.failed };
          const filter = provider.filter;
          return filter
            ? filter(request, { section, states: pending.states, values: pending.values })
            : request;
        } finally {
          pending.states = [];
          pending.values = {};
          delete pending.failed;
        }
      }
    : undefined;
  // The contract under this target's readings: what `adapt` relaxed is said on the interaction's check.
  const adapted = new Map<string, string>();
  const adapt = (i: PactInteraction): PactInteraction => {
    const out = provider?.adapt?.(i as PactJsonObject, section);
    if (!out) return i;
    adapted.set(i.description, out.note);
    return out.interaction as PactInteraction;
  };
  const subset = targetFiles(pacts, (d) => !unavailable.has(d) && !filteredOut.has(d), adapt);
  const started = performance.now();
  let json: VerifierJson | undefined;
  try {
    const Verifier = await loadVerifier();
    const verifier = new Verifier({
      provider: input.vendor.id,
      providerBaseUrl: baseUrl,
      pactUrls: subset.files,
      stateHandlers: stateHandlers(runnable, {
        section,
        provider,
        providerContext,
        pact,
        timeoutMs,
        redactor,
        events,
        errors,
        pending,
      }) as never,
      requestFilter: recordingProxy({
        baseUrl,
        timeoutMs,
        maxBodyBytes,
        ...rate,
        redactor,
        events,
        ...(adjust ? { adjust } : {}),
        ...(provider?.relabel
          ? { relabel: (ct: string | undefined) => provider.relabel?.(ct, section) }
          : {}),
      }) as never,
      logLevel: 'error',
      timeout: timeoutMs,
    });
    json = await verifierJson(
      () => trackVerification(withoutRootStore(() => verifier.verifyProvider())),
      (message) => errors.push(redactor.text(message)),
    );
  } finally {
    summary.durationMs = Math.round(performance.now() - started);
    if (subset.dir) rmSync(subset.dir, { recursive: true, force: true });
    if (restore) {
      warnings.push(
        ...(
          await restore().catch((e: unknown) => [
            `putting back what the contract changed failed: ${(e as Error).message}`,
          ])
        ).map((w) => redactor.text(w)),
      );
    }
  }

  const results = contractResults(json, runnable, events, { baseUrl, providerStates, redactor });
  for (const check of results.checks) {
    const note = adapted.get(check.id.replace(/^contract › /, ''));
    if (note) check.notes.push(redactor.text(`the contract as verified against this target: ${note}`));
  }
  const order = new Map(every.map((i, n) => [`contract › ${i.description}`, n]));
  return {
    checks: [...results.checks, ...skipped].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
    errors: [...errors, ...results.errors],
    warnings,
    summary,
  };
}
