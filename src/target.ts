// Target resolution, written once for the CLI and for plain vitest (vitest.global-setup.ts): per
// vendor, the base URL (--base-url, the section's baseUrl, or the embedded mock started on a free
// loopback port), the merged and validated config section, the suite context, and a TCP preflight.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import {
  ConfigError,
  DEFAULTS,
  deepMerge,
  parseConfig,
  readConfigFile,
  type TargetConfig,
  UsageError,
} from './config.ts';
import { HttpClient } from './http.ts';
import { probeTarget } from './probe.ts';
import { Redactor, secretsAt } from './redact.ts';
import type { RunningMock, SuiteContext, VendorDefinition } from './types.ts';
import { schemaErrors } from './validate/json-schema.ts';

export interface ResolvedTarget {
  def: VendorDefinition;
  /** The embedded mock, when no base URL was given. */
  mock?: RunningMock;
  /** Faults switched on in the embedded mock. */
  faults: string[];
  /** The vendor section: the user's, over the mock's fixtures and the readings a fault is proven under. */
  section: Record<string, unknown>;
  context: SuiteContext;
  /** Why the preflight could not reach the target (or its certificate is not trusted). */
  unreachable?: string;
  /** The probe's answer cannot be this API's (a wrong base URL): exit 4, no check run. */
  notThisApi?: true;
}

export function newRunId(): string {
  return `r${Date.now().toString(36).slice(-6)}${randomBytes(2).toString('hex')}`;
}

/** The target config from a file, an object (tests) or nothing (the embedded mocks' defaults). */
export function loadConfig(
  vendors: readonly VendorDefinition[],
  from: { path?: string; value?: unknown },
): TargetConfig {
  const schemas = Object.fromEntries(vendors.map((v) => [v.id, v.configSchema]));
  if (from.path) return parseConfig(readConfigFile(from.path), schemas, from.path);
  if (from.value !== undefined) return parseConfig(from.value, schemas);
  return { ...DEFAULTS, sections: {} };
}

export interface ResolveOptions {
  config: TargetConfig;
  runId: string;
  /** --base-url (wins over the section's baseUrl). */
  baseUrl?: string;
  faults?: readonly string[];
  /** Reading variants of the embedded mock (it behaves another documented way). */
  variants?: readonly string[];
  timeoutMs?: number;
  /** Generated inputs: the run's seed and values per domain side. */
  generation?: { seed: number; examples: number };
  /** Requests per second to the target. */
  rate?: number;
  /** --ca: a CA certificate (PEM) trusted beside the system's. */
  ca?: string;
}

/** A seed for a run not given one (printed and stored in the report, so the run replays). */
export function newSeed(): number {
  return randomBytes(4).readUInt32BE(0) >>> 1;
}

/** One vendor's target. Starts the embedded mock when no base URL is known; closes it again on a config error. */
export async function resolveTarget(def: VendorDefinition, o: ResolveOptions): Promise<ResolvedTarget> {
  const user = o.config.sections[def.id] ?? {};
  const baseUrl = (o.baseUrl ?? (user.baseUrl as string | undefined))?.trim();
  const faults = [...(o.faults ?? []), ...(o.variants ?? [])];
  if (baseUrl) refuseUserinfo(def.id, baseUrl);
  let mock: RunningMock | undefined;
  let section: Record<string, unknown>;
  if (baseUrl) {
    if (faults.length > 0)
      throw new UsageError('--mock-faults and --mock-variants apply to the embedded mock only');
    section = user;
    const errs = schemaErrors(def.configSchema, section);
    if (errs.length > 0) {
      throw new ConfigError(
        `a target given by URL needs a complete ${def.id} section in the config: ${errs.map((e) => `${def.id}.${e}`).join('; ')}`,
      );
    }
  } else {
    const known = new Map([...def.faults, ...def.variants].map((f) => [f.id, f]));
    for (const f of o.faults ?? []) {
      if (!def.faults.some((x) => x.id === f))
        throw new UsageError(`unknown fault '${f}' for ${def.id} (see 'conformance faults ${def.id}')`);
    }
    for (const f of o.variants ?? []) {
      if (!def.variants.some((x) => x.id === f))
        throw new UsageError(`unknown variant '${f}' for ${def.id} (see 'conformance faults ${def.id}')`);
    }
    // A fault proven under a non-default reading brings that reading along; the user's config wins.
    const faultReadings = Object.assign({}, ...faults.map((f) => known.get(f)?.readings ?? {}));
    mock = await def.startMock({ faults });
    const parts = [mock.targetConfig, user];
    if (Object.keys(faultReadings).length > 0) parts.splice(1, 0, { readings: faultReadings });
    section = deepMerge(...parts);
    const errs = schemaErrors(def.configSchema, section);
    if (errs.length > 0) {
      await mock.close();
      throw new ConfigError(`${def.id} section: ${errs.map((e) => `${def.id}.${e}`).join('; ')}`);
    }
  }
  const context: SuiteContext = {
    vendor: def.id,
    baseUrl: (baseUrl ?? mock?.url ?? '').replace(/\/+$/, ''),
    runId: o.runId,
    timeoutMs: o.timeoutMs ?? o.config.timeoutMs,
    maxBodyBytes: o.config.maxBodyBytes,
    generation: o.generation ?? { seed: newSeed(), examples: o.config.examples ?? DEFAULTS.examples },
    ...(o.rate !== undefined ? { rate: o.rate } : {}),
    ...(o.ca ? { ca: o.ca } : {}),
    config: section,
    // Anything that came from the environment is treated as a secret too.
    secrets: [...secretsAt(section, def.secretPaths), ...(o.config.envValues ?? [])],
    ...(mock && def.mockModule
      ? {
          embedded: {
            module: def.mockModule,
            faults,
            url: mock.url.replace(/\/+$/, ''),
            targetConfig: mock.targetConfig,
          },
        }
      : {}),
  };
  return { def, faults: mock ? faults : [], section, context, ...(mock ? { mock } : {}) };
}

/**
 * A base URL with user:password@ would put a secret in every report and on the console, and the
 * suite would not send it anyway (each API has its own authentication): refused, the password never
 * repeated in the message.
 */
function refuseUserinfo(vendor: string, baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return; // the preflight names an invalid URL
  }
  if (url.username || url.password) {
    url.username = url.username ? 'USER' : '';
    url.password = url.password ? 'PASSWORD' : '';
    throw new ConfigError(
      `${vendor} base URL carries credentials (${url.href}): the suite does not send them and would print them in every report; remove user:password@ from the URL`,
    );
  }
}

/** Every vendor's target, mocks started in parallel, then preflighted; all mocks closed if one fails. */
export async function resolveTargets(
  defs: readonly VendorDefinition[],
  o: ResolveOptions,
): Promise<ResolvedTarget[]> {
  const settled = await Promise.allSettled(defs.map((d) => resolveTarget(d, o)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const targets = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await closeTargets(targets);
    throw failed.reason;
  }
  await Promise.all(
    targets.map(async (t) => {
      const problem = await preflight(t.context.baseUrl, Math.min(t.context.timeoutMs, 5000));
      if (problem) {
        t.unreachable = problem;
        return;
      }
      // The embedded mock is the API by construction (its faults and bad-input modes are there to
      // be judged by the checks): only a target given by URL is probed.
      if (t.mock) return;
      const probed = await probeTarget(t.def, {
        http: new HttpClient({
          timeoutMs: t.context.timeoutMs,
          maxBodyBytes: t.context.maxBodyBytes,
          redactor: new Redactor(t.context.secrets),
          ...(t.context.rate !== undefined ? { rate: t.context.rate } : {}),
        }),
        section: t.section,
        baseUrl: t.context.baseUrl,
      });
      if (!probed.ok) {
        t.unreachable = probed.reason;
        if (probed.kind === 'not-this-api') t.notThisApi = true;
      }
    }),
  );
  return targets;
}

export async function closeTargets(targets: readonly ResolvedTarget[]): Promise<void> {
  await Promise.all(targets.map((t) => t.mock?.close()));
}

/** Can a TCP connection be opened to the target? The reason when not. */
export function preflight(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return Promise.resolve(`not a valid URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(`unsupported scheme ${url.protocol} in ${baseUrl} (http: or https: only)`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (msg: string | undefined) => {
      socket.destroy();
      resolve(msg);
    };
    socket.setTimeout(timeoutMs, () =>
      done(`cannot connect to ${url.origin}: timed out after ${timeoutMs} ms`),
    );
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(`cannot connect to ${url.origin}: ${err.code ?? err.message}`),
    );
  });
}
