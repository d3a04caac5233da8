// Verifies a vendor's Pact contract against a target with the official Rust verifier (pact-core,
// through @pact-foundation/pact's Verifier) and turns each interaction's outcome into a CheckResult
// under the requirement IDs its description names, marked `origin: 'contract'`.
//
// Vendor-agnostic: it receives the vendor definition, the target and the vendor's config section.
// Provider states: every interaction's states are set up before it is replayed. The values its
// provider-state expressions use (`${accountId}`, `${credentials.username}`) are the section's
// fixtures at their dotted paths; on the embedded mock `setState` also puts the mock into the state
// (and may return values), on a real target the section's `pact.stateChangeUrl` does.
//
// Two things stand between pact-js 16.5 and a legacy XML-over-forms API, both handled here:
// - its verifier proxy parses form bodies and forwards them as JSON (pact-js#884): the form is put
//   back before the request reaches the target;
// - the verifier's XML parser rejects a DOCTYPE with a public identifier and reads bytes as UTF-8:
//   an XML response reaches the verifier without its DOCTYPE and in UTF-8 (decoded by its declared
//   encoding). The report keeps the body as the target sent it; the DOCTYPE and the encoding are
//   the suite's to check.
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PactTargetOptions } from '../config.ts';
import { excerpt, joinUrl } from '../http.ts';
import { Redactor } from '../redact.ts';
import type {
  CheckResult,
  ContractSummary,
  Failure,
  RecordedExchange,
  RunningMock,
  VendorDefinition,
} from '../types.ts';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the consumer tests write the contracts: one file per API, provider name = vendor id. */
export const PACT_DIR = join(PROJECT_ROOT, 'contracts', 'pacts');

/** Project-relative when inside the project, else as given. */
function shown(path: string): string {
  const r = relative(PROJECT_ROOT, path);
  return r && !r.startsWith('..') ? r : path;
}

/** A pact file that cannot be used (missing, not JSON, not a pact): a usage error for the CLI. */
export class PactFileError extends Error {
  override name = 'PactFileError';
}

export interface PactInteraction {
  description: string;
  type?: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
}

export interface PactDocument {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
}

export function readPact(path: string): PactDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PactFileError(
      `cannot read pact file ${path}: ${code ?? (e as Error).message}${code === 'ENOENT' ? ' (generate it: npx vitest run --project contracts)' : ''}`,
    );
  }
  const doc = raw as Partial<PactDocument>;
  if (
    !doc ||
    typeof doc.provider?.name !== 'string' ||
    typeof doc.consumer?.name !== 'string' ||
    !Array.isArray(doc.interactions)
  ) {
    throw new PactFileError(`${path} is not a pact file (consumer, provider and interactions expected)`);
  }
  return doc as PactDocument;
}

/** The pact files in `dir` whose provider is the vendor (sorted, absolute paths). */
export function findPactFiles(vendorId: string, dir = PACT_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => join(dir, n))
    .filter((path) => {
      try {
        return readPact(path).provider.name === vendorId;
      } catch {
        return false;
      }
    });
}

const IDS = /^\[([^\]]+)\]\s*/;

/** The requirement IDs an interaction covers: its description starts with `[ID, ID]`. */
export function requirementsOf(description: string): string[] {
  const m = IDS.exec(description);
  return m?.[1]
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** Values for provider-state expressions: every scalar of the section at its dotted path. */
export function fixtureValues(section: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(section)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      Object.assign(out, fixtureValues(v as Record<string, unknown>, `${prefix}${k}.`));
    } else if (v !== undefined && !Array.isArray(v)) out[`${prefix}${k}`] = v;
  }
  return out;
}

const XML_DECL_ENCODING = /^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])/;
const SINGLE_BYTE = new Set([
  'iso-8859-1',
  'latin1',
  'iso_8859-1',
  'l1',
  'windows-1252',
  'cp1252',
  'us-ascii',
]);

/**
 * An XML body as the Rust verifier can parse it: without its DOCTYPE, in UTF-8. Undefined when the
 * body is not XML or needs no change.
 */
export function xmlForVerifier(body: Buffer, contentType: string | undefined): Buffer | undefined {
  const head = body.subarray(0, 256).toString('latin1');
  if (!/xml/i.test(contentType ?? '') && !/^\s*<\?xml/.test(head)) return undefined;
  const encoding = XML_DECL_ENCODING.exec(head)?.[2]?.toLowerCase();
  const singleByte = encoding !== undefined && SINGLE_BYTE.has(encoding);
  const original = singleByte ? body.toString('latin1') : body.toString('utf8');
  let text = original.replace(/<!DOCTYPE\s[^[>]*(\[[\s\S]*?\]\s*)?>/i, '');
  if (singleByte) text = text.replace(XML_DECL_ENCODING, '$1UTF-8$3');
  return text === original && !singleByte ? undefined : Buffer.from(text, 'utf8');
}

/** A form body parsed by the verifier proxy (body-parser, extended) back into form encoding. */
export function formEncode(value: unknown): string {
  const pairs: string[] = [];
  const add = (key: string, v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) add(key, item);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) add(`${key}[${k}]`, inner);
    } else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v ?? ''))}`);
  };
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(k, v);
  return pairs.join('&').replace(/%20/g, '+');
}

interface Mismatch {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  message?: string;
  expected?: unknown;
  actual?: unknown;
}

interface VerifierJson {
  result?: boolean;
  errors?: {
    interaction?: string;
    mismatch?: { type?: string; message?: string; mismatches?: Mismatch[] };
  }[];
  interactionResults?: { description?: string; duration?: string; result?: string }[];
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function clean(s: string): string {
  return s
    .replace(ANSI, '')
    .replace(/\n*Stack backtrace:[\s\S]*$/, '')
    .trim();
}

/** The verifier only ever talks to pact-js's proxy on loopback: show the target's URL instead. */
function throughTarget(s: string, baseUrl: string): string {
  return s.replace(/https?:\/\/127\.0\.0\.1:\d+(\/[^\s)'"]*)?/g, (_m, path: string | undefined) =>
    joinUrl(baseUrl, path ?? '/'),
  );
}

function describeMismatch(m: Mismatch): string {
  const where = m.path ?? (m.key ? `header ${m.key}` : undefined);
  const what = clean(m.mismatch ?? m.message ?? JSON.stringify(m));
  return `${m.type ?? 'Mismatch'}${where ? ` at ${where}` : ''}: ${what}`;
}

function parseDuration(d: string | undefined): number {
  const m = /^([0-9.]+)\s*(ms|s|m)?$/.exec(d?.trim() ?? '');
  if (!m?.[1]) return 0;
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n);
}

const TRANSPORT = /error sending request|connection (refused|reset|closed)|timed out|timeout|tcp connect/i;

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

type Event =
  | { kind: 'state'; state: string; error?: string }
  | { kind: 'request'; exchange: RecordedExchange; normalised: boolean };

type Req = IncomingMessage & { body?: unknown; path?: string; originalUrl?: string };

function flatHeaders(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

async function callStateChange(
  url: string,
  headers: Record<string, string>,
  body: { state: string; params: Record<string, unknown>; action: 'setup' | 'teardown' },
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`the state-change URL answered HTTP ${res.status} for '${body.state}'`);
  if (!text.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the state-change URL answered '${body.state}' with a body that is not JSON`);
  }
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
}

export async function verifyContract(input: VerifyInput): Promise<VerifyOutcome> {
  process.env.PACT_DO_NOT_TRACK = 'true';
  const pacts = input.pactFiles.map((path) => ({ path, doc: readPact(path) }));
  const interactions = pacts.flatMap(({ path, doc }) =>
    doc.interactions.map((i) => ({ ...i, file: shown(path) })),
  );
  const redactor = new Redactor([...input.secrets, ...Object.values(input.pact?.stateChangeHeaders ?? {})]);
  const providerStates: ContractSummary['providerStates'] = input.mock?.setState
    ? 'embedded-mock'
    : input.pact?.stateChangeUrl
      ? 'state-change-url'
      : 'fixtures';
  const fixtures = fixtureValues(input.section);
  const events: Event[] = [];
  const errors: string[] = [];

  const stateHandlers: Record<
    string,
    {
      setup: (params?: unknown) => Promise<Record<string, unknown>>;
      teardown: (params?: unknown) => Promise<undefined>;
    }
  > = {};
  const stateNames = new Set(interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name)));
  for (const state of stateNames) {
    stateHandlers[state] = {
      setup: async (params) => {
        const event: Event = { kind: 'state', state };
        events.push(event);
        const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
        const values = { ...fixtures };
        try {
          if (input.mock?.setState) Object.assign(values, (await input.mock.setState(state, p)) ?? {});
          else if (input.pact?.stateChangeUrl) {
            const body = { state, params: p, action: 'setup' as const };
            const headers = input.pact.stateChangeHeaders ?? {};
            Object.assign(
              values,
              await callStateChange(input.pact.stateChangeUrl, headers, body, input.timeoutMs),
            );
          }
        } catch (e) {
          // pact-js would only print a state handler's error and carry on: keep it for the report.
          event.error = redactor.text(
            `provider state '${state}' could not be set up: ${(e as Error).message}`,
          );
        }
        return values;
      },
      teardown: async (params) => {
        if (!input.mock && input.pact?.stateChangeUrl) {
          const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
          await callStateChange(
            input.pact.stateChangeUrl,
            input.pact.stateChangeHeaders ?? {},
            { state, params: p, action: 'teardown' },
            input.timeoutMs,
          ).catch((e: unknown) => {
            errors.push(redactor.text(`provider state '${state}' teardown failed: ${(e as Error).message}`));
          });
        }
        return undefined;
      },
    };
  }

  const requestFilter = (req: Req, res: ServerResponse, next: () => void): void => {
    const path = req.path ?? req.url ?? '';
    if (path === '/_pactSetup' || path === '/_messages') {
      next();
      return;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    // pact-js#884: the proxy parsed the form into an object and would forward it as JSON.
    if (
      /application\/x-www-form-urlencoded/i.test(contentType) &&
      req.body &&
      typeof req.body === 'object' &&
      !Buffer.isBuffer(req.body)
    ) {
      const form = Buffer.from(formEncode(req.body));
      req.body = form;
      req.headers['content-length'] = String(form.length);
    }
    // Headers the proxy set for itself (X-Powered-By: Express) are not the target's.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const started = performance.now();
    // The proxy hands over a parsed JSON body as an object: record it as JSON, not as nothing.
    const requestBody = Buffer.isBuffer(req.body)
      ? req.body.length > 0
        ? excerpt(req.body)
        : undefined
      : req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0
        ? JSON.stringify(req.body)
        : typeof req.body === 'string' && req.body.length > 0
          ? req.body
          : undefined;
    const exchange: RecordedExchange = {
      request: {
        method: req.method ?? 'GET',
        url: redactor.text(joinUrl(input.baseUrl, req.originalUrl ?? req.url ?? '/')),
        headers: redactor.headers(
          flatHeaders(Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host'))),
        ),
        ...(requestBody !== undefined ? { body: redactor.text(requestBody) } : {}),
      },
      durationMs: 0,
    };
    const event: Event = { kind: 'request', exchange, normalised: false };
    events.push(event);

    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (chunk: unknown) => boolean;
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    let ended = false;
    res.write = ((chunk: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
        chunks.push(Buffer.from(chunk as Buffer));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (ended) return res;
      ended = true;
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
        chunks.push(Buffer.from(chunk as Buffer));
      const body = Buffer.concat(chunks);
      const headers = flatHeaders(res.getHeaders() as Record<string, unknown>);
      const shown = body.subarray(0, input.maxBodyBytes);
      exchange.response = {
        status: res.statusCode,
        headers: redactor.headers(headers),
        body: redactor.text(excerpt(shown)),
        bodyBytes: body.length,
        truncated: body.length > input.maxBodyBytes,
      };
      exchange.durationMs = Math.round(performance.now() - started);
      const forVerifier = res.headersSent ? undefined : xmlForVerifier(body, headers['content-type']);
      if (forVerifier) {
        event.normalised = true;
        res.removeHeader('transfer-encoding');
        res.setHeader('content-length', forVerifier.length);
        return end(forVerifier);
      }
      if (body.length > 0) write(body);
      return end();
    }) as typeof res.end;
    res.once('close', () => {
      if (!ended) {
        exchange.error = 'the connection closed before the target answered';
        exchange.durationMs = Math.round(performance.now() - started);
      }
    });
    next();
  };

  const pactModule = (await import('@pact-foundation/pact')) as typeof import('@pact-foundation/pact') & {
    default?: typeof import('@pact-foundation/pact');
  };
  const Verifier = pactModule.Verifier ?? pactModule.default?.Verifier;
  if (!Verifier) throw new Error('@pact-foundation/pact has no Verifier export');
  const verifier = new Verifier({
    provider: input.vendor.id,
    providerBaseUrl: input.baseUrl,
    pactUrls: input.pactFiles,
    stateHandlers: stateHandlers as never,
    requestFilter: requestFilter as never,
    logLevel: 'error',
    timeout: input.timeoutMs,
  });

  const started = performance.now();
  let json: VerifierJson | undefined;
  try {
    json = JSON.parse(String(await verifier.verifyProvider())) as VerifierJson;
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    try {
      json = JSON.parse(message) as VerifierJson;
    } catch {
      errors.push(redactor.text(`the Pact verifier did not run to the end: ${clean(message)}`));
    }
  }
  const durationMs = Math.round(performance.now() - started);

  const failures = new Map<string, NonNullable<VerifierJson['errors']>[number]>();
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
  const results = new Map((json?.interactionResults ?? []).map((r) => [r.description ?? '', r]));

  // Execution order (the verifier's), to pair each interaction with its state calls and request.
  const order = json?.interactionResults?.length
    ? (json.interactionResults
        .map((r) => interactions.find((i) => i.description === r.description))
        .filter(Boolean) as typeof interactions)
    : interactions;
  const evidence = new Map<
    string,
    { stateErrors: string[]; exchange?: RecordedExchange; normalised: boolean }
  >();
  let cursor = 0;
  let aligned = true;
  for (const i of order) {
    const found = { stateErrors: [] as string[], normalised: false } as {
      stateErrors: string[];
      exchange?: RecordedExchange;
      normalised: boolean;
    };
    for (const s of i.providerStates ?? []) {
      const ev = events[cursor];
      if (aligned && ev?.kind === 'state' && ev.state === s.name) {
        if (ev.error) found.stateErrors.push(ev.error);
        cursor += 1;
      } else aligned = false;
    }
    const ev = events[cursor];
    if (aligned && ev?.kind === 'request') {
      found.exchange = ev.exchange;
      found.normalised = ev.normalised;
      cursor += 1;
    } else aligned = false;
    evidence.set(i.description, found);
  }
  // Without alignment the state errors are still real: report them for the run.
  if (!aligned) {
    for (const ev of events) if (ev.kind === 'state' && ev.error) errors.push(ev.error);
  }

  const checks: CheckResult[] = [];
  if (json) {
    for (const i of interactions) {
      const requirements = requirementsOf(i.description);
      const states = (i.providerStates ?? []).map((s) => s.name);
      const found = aligned ? evidence.get(i.description) : undefined;
      const failure = failures.get(i.description);
      const result = results.get(i.description);
      const notes = [
        `contract: ${i.file}${states.length ? `, given ${states.map((s) => `'${s}'`).join(' and ')}` : ''}`,
        `provider states: ${providerStates === 'embedded-mock' ? 'set up in the embedded mock' : providerStates === 'state-change-url' ? 'set up through the state-change URL' : "the target config's fixtures only (no pact.stateChangeUrl)"}`,
      ];
      if (found?.normalised) {
        notes.push(
          'the XML body reached the Pact verifier without its DOCTYPE and in UTF-8 (its parser rejects a public DOCTYPE); the report shows it as sent, and the suite checks DOCTYPE and encoding',
        );
      }
      const check: CheckResult = {
        id: `contract › ${i.description}`,
        title: `contract: ${i.description.replace(IDS, '')}`,
        requirements,
        outcome: 'passed',
        durationMs: parseDuration(result?.duration),
        notes: notes.map((n) => redactor.text(n)),
        exchanges: found?.exchange ? [found.exchange] : [],
        origin: 'contract',
      };
      if (found?.stateErrors.length) {
        check.outcome = 'errored';
        check.errorKind = 'internal';
        check.message = found.stateErrors.join('\n');
      } else if (failure) {
        const mismatch = failure.mismatch;
        const list =
          mismatch?.type === 'error' || !mismatch?.mismatches
            ? [clean(mismatch?.message ?? 'the verifier reported an error')]
            : mismatch.mismatches.map(describeMismatch);
        for (let k = 0; k < list.length; k++) list[k] = throughTarget(list[k] as string, input.baseUrl);
        const transport =
          mismatch?.type === 'error' && (TRANSPORT.test(mismatch.message ?? '') || !!found?.exchange?.error);
        const f: Failure = {
          title: redactor.text(
            `Pact interaction "${i.description.replace(IDS, '')}" failed: ${list[0] ?? 'mismatch'}`,
          ),
          messages: list.map((m) => redactor.text(m)),
        };
        check.outcome = transport ? 'errored' : 'failed';
        if (transport) check.errorKind = 'transport';
        check.failure = f;
        check.message = redactor.text([f.title, ...list.slice(1).map((m) => `  - ${m}`)].join('\n'));
      } else if (result?.result && !/^ok$/i.test(result.result)) {
        check.outcome = /pending/i.test(result.result) ? 'skipped' : 'errored';
        check.message = `the verifier's result: ${result.result}`;
      } else if (!result && json.interactionResults?.length) {
        check.outcome = 'errored';
        check.errorKind = 'internal';
        check.message = 'the verifier did not replay this interaction';
      }
      if (requirements.length === 0 && (check.outcome === 'failed' || check.outcome === 'errored')) {
        errors.push(
          redactor.text(`contract interaction "${i.description}" ${check.outcome} and names no requirement`),
        );
      }
      checks.push(check);
    }
  }

  return {
    checks,
    errors,
    summary: {
      pactFiles: pacts.map(({ path }) => shown(path)),
      interactions: interactions.length,
      durationMs,
      providerStates,
    },
  };
}
