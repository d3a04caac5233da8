// Provider states: every interaction's states are set up before the verifier replays it. The
// values its expressions use (`${accountId}`) are the section's fixtures at their dotted paths; the
// embedded mock's `setState` or a real target's `pact.stateChangeUrl` puts the target in the state.
import type { PactTargetOptions } from '../config.ts';
import type { Redactor } from '../redact.ts';
import type { ContractSummary, RunningMock } from '../types.ts';
import type { ContractInteraction } from './files.ts';

/** A state the verifier asked for, with why it could not be set up (kept for the report). */
export interface StateEvent {
  kind: 'state';
  state: string;
  error?: string;
}

export interface StateHandler {
  setup: (params?: unknown) => Promise<Record<string, unknown>>;
  teardown: (params?: unknown) => Promise<undefined>;
}

export interface StateContext {
  /** The vendor section of the target config. */
  section: Record<string, unknown>;
  mock?: RunningMock | undefined;
  pact?: PactTargetOptions | undefined;
  timeoutMs: number;
  redactor: Redactor;
  /** Every state set up, in the verifier's order (paired with the interactions afterwards). */
  events: { push(event: StateEvent): unknown };
  /** Errors for the run as a whole (a failed teardown belongs to no interaction). */
  errors: string[];
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

/** Who sets the states up, for the report. */
export function stateSource(mock?: RunningMock, pact?: PactTargetOptions): ContractSummary['providerStates'] {
  return mock?.setState ? 'embedded-mock' : pact?.stateChangeUrl ? 'state-change-url' : 'fixtures';
}

export async function callStateChange(
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

function paramsOf(params: unknown): Record<string, unknown> {
  return (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
}

/** The values the target's state call gave back (the mock's or the state-change URL's). */
async function enterState(
  state: string,
  params: Record<string, unknown>,
  ctx: StateContext,
): Promise<Record<string, unknown>> {
  if (ctx.mock?.setState) return (await ctx.mock.setState(state, params)) ?? {};
  if (!ctx.pact?.stateChangeUrl) return {};
  const body = { state, params, action: 'setup' as const };
  return callStateChange(ctx.pact.stateChangeUrl, ctx.pact.stateChangeHeaders ?? {}, body, ctx.timeoutMs);
}

async function setUp(
  state: string,
  params: unknown,
  fixtures: Record<string, unknown>,
  ctx: StateContext,
): Promise<Record<string, unknown>> {
  const event: StateEvent = { kind: 'state', state };
  ctx.events.push(event);
  const values = { ...fixtures };
  try {
    Object.assign(values, await enterState(state, paramsOf(params), ctx));
  } catch (e) {
    // pact-js would only print a state handler's error and carry on: keep it for the report.
    event.error = ctx.redactor.text(`provider state '${state}' could not be set up: ${(e as Error).message}`);
  }
  return values;
}

async function tearDown(state: string, params: unknown, ctx: StateContext): Promise<undefined> {
  if (!ctx.mock && ctx.pact?.stateChangeUrl) {
    const body = { state, params: paramsOf(params), action: 'teardown' as const };
    await callStateChange(
      ctx.pact.stateChangeUrl,
      ctx.pact.stateChangeHeaders ?? {},
      body,
      ctx.timeoutMs,
    ).catch((e: unknown) => {
      ctx.errors.push(
        ctx.redactor.text(`provider state '${state}' teardown failed: ${(e as Error).message}`),
      );
    });
  }
  return undefined;
}

/** The verifier's `stateHandlers`: one per state any of the interactions names. */
export function stateHandlers(
  interactions: readonly ContractInteraction[],
  ctx: StateContext,
): Record<string, StateHandler> {
  const fixtures = fixtureValues(ctx.section);
  const handlers: Record<string, StateHandler> = {};
  for (const i of interactions) {
    for (const { name } of i.providerStates ?? []) {
      handlers[name] ??= {
        setup: (params) => setUp(name, params, fixtures, ctx),
        teardown: (params) => tearDown(name, params, ctx),
      };
    }
  }
  return handlers;
}
