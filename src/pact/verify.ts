// Verifies a vendor's Pact contract against a target with the official Rust verifier (pact-core,
// through pact-js's Verifier), so a contract is checked by the tool its consumers would use. The
// stages live beside it: files.ts, states.ts, proxy.ts (pact-js 16.5 workarounds), results.ts.
import type { PactTargetOptions } from '../config.ts';
import { Redactor } from '../redact.ts';
import type { CheckResult, ContractSummary, RunningMock, VendorDefinition } from '../types.ts';
import { readPact, shown } from './files.ts';
import { recordingProxy } from './proxy.ts';
import { clean, contractResults, type VerifierJson, type VerifyEvent } from './results.ts';
import { stateHandlers, stateSource } from './states.ts';

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
  vendor: Pick<VendorDefinition, 'id' | 'requirements'>;
  baseUrl: string;
  pactFiles: string[];
  /** The vendor section of the target config (merged over the mock's fixtures on the embedded mock). */
  section: Record<string, unknown>;
  mock?: RunningMock;
  pact?: PactTargetOptions;
  secrets: string[];
  timeoutMs: number;
  maxBodyBytes: number;
}

export interface VerifyOutcome {
  checks: CheckResult[];
  errors: string[];
  summary: ContractSummary;
}

async function loadVerifier(): Promise<typeof import('@pact-foundation/pact').Verifier> {
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

export async function verifyContract(input: VerifyInput): Promise<VerifyOutcome> {
  process.env.PACT_DO_NOT_TRACK = 'true';
  const pacts = input.pactFiles.map((path) => ({ path, doc: readPact(path) }));
  const interactions = pacts.flatMap(({ path, doc }) =>
    doc.interactions.map((i) => ({ ...i, file: shown(path) })),
  );
  const redactor = new Redactor([...input.secrets, ...Object.values(input.pact?.stateChangeHeaders ?? {})]);
  const providerStates = stateSource(input.mock, input.pact);
  const events: VerifyEvent[] = [];
  const errors: string[] = [];
  const { section, mock, pact, timeoutMs, baseUrl, maxBodyBytes } = input;

  const Verifier = await loadVerifier();
  const verifier = new Verifier({
    provider: input.vendor.id,
    providerBaseUrl: baseUrl,
    pactUrls: input.pactFiles,
    stateHandlers: stateHandlers(interactions, {
      section,
      mock,
      pact,
      timeoutMs,
      redactor,
      events,
      errors,
    }) as never,
    requestFilter: recordingProxy({ baseUrl, maxBodyBytes, redactor, events }) as never,
    logLevel: 'error',
    timeout: timeoutMs,
  });
  const started = performance.now();
  const json = await verifierJson(
    () => verifier.verifyProvider(),
    (message) => errors.push(redactor.text(message)),
  );
  const durationMs = Math.round(performance.now() - started);

  const results = contractResults(json, interactions, events, { baseUrl, providerStates, redactor });
  return {
    checks: results.checks,
    errors: [...errors, ...results.errors],
    summary: {
      pactFiles: pacts.map(({ path }) => shown(path)),
      interactions: interactions.length,
      durationMs,
      providerStates,
    },
  };
}
