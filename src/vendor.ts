// The vendor kit: what a vendor tree declares, typed from its `as const` tables. A suite tree
// (suites/<v>/index.ts) calls defineVendor(); a mock tree (mocks/<v>/index.ts) calls defineMock();
// vendors.ts joins the two, one line per vendor. The engine never imports a vendor.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  ClientRules,
  ContractProvider,
  FaultDefinition,
  MockOptions,
  PassiveRules,
  Probe,
  Reading,
  Requirement,
  Restorer,
  RunningMock,
  VendorDefinition,
} from './types.ts';

/** The value type of one reading: any value of its kind when free-form, else one of its options. */
type ReadingValue<R extends Reading> = R extends { freeForm: true }
  ? R['default'] extends number
    ? number
    : R['default'] extends boolean
      ? boolean
      : string
  : R['options'][number]['value'];

/** The readings object a vendor's config resolves to, derived from its reading table. */
export type ReadingsOf<T extends readonly Reading[]> = {
  -readonly [R in T[number] as R['configKey']]: ReadingValue<R>;
};

/** Every reading's default, typed by the table (no cast in the vendor's config.ts). */
export function readingDefaults<const T extends readonly Reading[]>(readings: T): ReadingsOf<T> {
  return Object.fromEntries(readings.map((r) => [r.configKey, r.default])) as ReadingsOf<T>;
}

/** The requirement IDs of a catalogue, as a union type. */
export type RequirementId<T extends readonly Pick<Requirement, 'id'>[]> = T[number]['id'];

export interface SuiteDefinition {
  id: string;
  title: string;
  source: string;
  /** The vendor's vitest suite files (several allowed), as URLs relative to the index (import.meta.url). */
  suiteFiles: readonly URL[];
  requirements: readonly Requirement[];
  readings: readonly Reading[];
  configSchema: object;
  secretPaths: readonly string[];
  basePathHint: string;
  /** How the vendor's contract is verified against a target as it is (contracts/<vendor>/provider.ts), loaded when needed. */
  provider?: ContractProvider | (() => Promise<ContractProvider>);
  /** How what the vendor changes on a target is put back (suites/<vendor>/), loaded when needed. */
  restorer?: Restorer | (() => Promise<Restorer>);
  /** The page's rules for a client's requests (suites/<vendor>/client.ts), loaded when needed. */
  client?: () => Promise<ClientRules>;
  /** The passive checks of traffic (suites/<vendor>/passive.ts), loaded when needed. */
  passive?: () => Promise<PassiveRules>;
  /** One cheap request before the checks: does the target look like this API (suites/<vendor>/probe.ts)? */
  probe?: () => Promise<Probe>;
}

export type VendorSuite = Omit<VendorDefinition, 'startMock' | 'faults' | 'variants'>;

/** A suite file as named in the sources (`.ts`), or its compiled `.js` when running the built package. */
function compiled(url: URL): string {
  const path = fileURLToPath(url);
  return path.endsWith('.ts') && !existsSync(path) ? `${path.slice(0, -3)}.js` : path;
}

export function defineVendor(d: SuiteDefinition): VendorSuite {
  return {
    id: d.id,
    title: d.title,
    source: d.source,
    suiteFiles: d.suiteFiles.map(compiled),
    requirements: [...d.requirements],
    readings: [...d.readings],
    configSchema: d.configSchema,
    secretPaths: [...d.secretPaths],
    basePathHint: d.basePathHint,
    ...(d.provider ? { provider: d.provider } : {}),
    ...(d.restorer ? { restorer: d.restorer } : {}),
    ...(d.client ? { client: d.client } : {}),
    ...(d.passive ? { passive: d.passive } : {}),
    ...(d.probe ? { probe: d.probe } : {}),
  };
}

/** What a reference mock tree exports: one object, as `mock`. */
export interface MockDefinition {
  /** The URL of the module that exports this object as `mock` (its `import.meta.url`). */
  module: string;
  start: (options?: MockOptions) => Promise<RunningMock>;
  /** Each breaks documented requirements (`breaks`); the proof holds the suite to exactly those. */
  faults: readonly FaultDefinition[];
  /** Another documented behaviour, passed under the reading it carries (`readings`, if any); breaks nothing. */
  variants: readonly FaultDefinition[];
  /** Bad input (HTML, garbage, huge, slow, XXE): proves robustness, breaks no single requirement. */
  chaos: readonly FaultDefinition[];
  /** The Pact provider states the mock can be put into. */
  providerStates: readonly string[];
}

export function defineMock(m: MockDefinition): MockDefinition {
  for (const v of m.variants) {
    if (v.breaks.length > 0) throw new Error(`mock variant ${v.id}: a variant breaks nothing`);
  }
  for (const f of m.faults) {
    if (f.breaks.length === 0 || f.chaos)
      throw new Error(`mock fault ${f.id}: a fault breaks at least one requirement`);
  }
  return m;
}

/** One vendor: its suite joined with its reference mock (vendors.ts). */
export function withMock(suite: VendorSuite, mock: MockDefinition): VendorDefinition {
  return {
    ...suite,
    startMock: (o) => mock.start(o),
    mockModule: compiled(new URL(mock.module)),
    faults: [...mock.faults, ...mock.chaos.map((c) => ({ ...c, chaos: true }))],
    variants: [...mock.variants],
  };
}

/** The vendor's provider driver, loaded if it is given as a loader. */
export async function loadProvider(
  def: Pick<VendorDefinition, 'provider'>,
): Promise<ContractProvider | undefined> {
  return typeof def.provider === 'function' ? def.provider() : def.provider;
}

/** The vendor's restorer, loaded if it is given as a loader. */
export async function loadRestorer(def: Pick<VendorDefinition, 'restorer'>): Promise<Restorer | undefined> {
  return typeof def.restorer === 'function' ? def.restorer() : def.restorer;
}
