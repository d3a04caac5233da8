// Provider states: every interaction's states are set up before the verifier replays it. The
// values its expressions use (`${accountId}`) are the section's fixtures at their dotted paths; the
// vendor's provider driver puts the target in the state through its own API, from the target config
// alone; a state-change URL, when the config gives one, is called after it. A state the driver says
// this target cannot be in makes its interactions not applicable (planned before the verifier runs).
import type { PactTargetOptions } from '../config.ts';
import type { Redactor } from '../redact.ts';
import type { ContractProvider, ContractState, ContractSummary, ProviderContext } from '../types.ts';
import { type ContractInteraction, requirementsOf } from './files.ts';
import { contractsHalted, HALTED } from './halt.ts';

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

/** The states set up since the verifier's last request, with their values: the next request's filter reads them. */
export interface PendingStates {
  states: ContractState[];
  values: Record<string, unknown>;
  /** Why a state could not be set up: then the interaction's request is not sent at all. */
  failed?: string;
}

export interface StateContext {
  /** The vendor section of the target config. */
  section: Record<string, unknown>;
  provider?: ContractProvider | undefined;
  /** What the driver's set-up may use (a bounded client of the target); required with a provider. */
  providerContext?: ProviderContext | undefined;
  pact?: PactTargetOptions | undefined;
  timeoutMs: number;
  redactor: Redactor;
  /** Every state set up, in the verifier's order (paired with the interactions afterwards). */
  events: { push(event: StateEvent): unknown };
  /** Errors for the run as a whole (a failed teardown belongs to no interaction). */
  errors: string[];
  pending?: PendingStates;
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
export function stateSource(pact?: PactTargetOptions): ContractSummary['providerStates'] {
  return pact?.stateChangeUrl ? 'state-change-url' : 'target-config';
}

/** Why an interaction cannot be replayed on this target, and the config key that would change that. */
export interface Unavailable {
  reason: string;
  needs?: string;
}

/**
 * The interactions whose provider states this target cannot be put in, by description. With a
 * state-change URL none: the URL answers for every state.
 */
export function unavailableInteractions(
  interactions: readonly ContractInteraction[],
  provider: ContractProvider | undefined,
  section: Record<string, unknown>,
  pact?: PactTargetOptions,
): Map<string, Unavailable> {
  const out = new Map<string, Unavailable>();
  if (pact?.stateChangeUrl || !provider) return out;
  for (const i of interactions) {
    for (const { name } of i.providerStates ?? []) {
      const driver = provider.states[name];
      const why: Unavailable | undefined = driver
        ? driver.unavailable?.(section)
        : { reason: `no provider driver can set up the state '${name}'`, needs: 'pact.stateChangeUrl' };
      if (why) {
        out.set(i.description, { ...why, reason: `not replayed: given '${name}', ${why.reason}` });
        break;
      }
    }
    if (out.has(i.description)) continue;
    const why = provider.notApplicable?.(
      { description: i.description, requirements: requirementsOf(i.description) },
      section,
    );
    if (why) out.set(i.description, { ...why, reason: `not replayed: ${why.reason}` });
  }
  return out;
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

async function setUp(
  state: string,
  params: unknown,
  fixtures: Record<string, unknown>,
  ctx: StateContext,
): Promise<Record<string, unknown>> {
  const event: StateEvent = { kind: 'state', state };
  ctx.events.push(event);
  const pending = ctx.pending;
  const values = { ...fixtures, ...pending?.values };
  const p = paramsOf(params);
  try {
    // Halted by a signal: nothing more is set up (a teardown still runs: it puts back).
    if (contractsHalted()) throw new Error(HALTED);
    const driver = ctx.provider?.states[state];
    if (driver?.setup) {
      if (!ctx.providerContext) throw new Error('no target to set the state up on');
      Object.assign(values, await driver.setup(ctx.providerContext, p, values));
    }
    if (ctx.pact?.stateChangeUrl) {
      const body = { state, params: p, action: 'setup' as const };
      const url = ctx.pact.stateChangeUrl;
      Object.assign(
        values,
        await callStateChange(url, ctx.pact.stateChangeHeaders ?? {}, body, ctx.timeoutMs),
      );
    }
  } catch (e) {
    // pact-js would only print a state handler's error and carry on: keep it for the report.
    event.error = ctx.redactor.text(`provider state '${state}' could not be set up: ${(e as Error).message}`);
    if (pending) pending.failed ??= event.error;
  }
  if (pending) {
    pending.states.push({ name: state, params: p });
    pending.values = values;
  }
  return values;
}

async function tearDown(state: string, params: unknown, ctx: StateContext): Promise<undefined> {
  if (ctx.pact?.stateChangeUrl) {
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
