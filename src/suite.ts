// The bridge between a vendor suite (a plain vitest file) and the engine: `check()` declares one
// check tagged with the requirement IDs it enforces; what it records ends up in the report.
import { inject, test } from 'vitest';
import { CheckFailure, NotApplicable, PreconditionLost } from './check.ts';
import { HttpClient, joinUrl, resumePace, TransportError, trustCa } from './http.ts';
import { Redactor, redactDeep } from './redact.ts';
import {
  type CheckMeta,
  EMBEDDED_KEY,
  type RecordedExchange,
  type SuiteContext,
  TARGET_KEY,
} from './types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One context per vendor taking part in the run, keyed by vendor id. */
    conformance: Record<string, SuiteContext>;
  }
  export interface TaskMeta {
    conformance?: CheckMeta;
    /** A suite file's: the URL of the embedded mock it ran against in its own thread (src/embedded.ts). */
    conformanceBaseUrl?: string;
  }
}

export interface CheckContext<C> {
  http: HttpClient;
  config: C;
  baseUrl: string;
  runId: string;
  url: (path: string) => string;
  /** A line of evidence for the report (an observation, not a verdict). */
  note: (message: string) => void;
  /** A secret learned from the target: masked in this check's evidence and in every later one. */
  secret: (value: string) => void;
  /** The run's generated-input settings (src/generate.ts explore()). */
  generation: { seed: number; examples: number };
  /** This check's recorded exchanges: a mark, and a range to leave out of the evidence. */
  evidence: { mark: () => number; drop: (from: number, to: number) => void };
}

export interface Suite<C> {
  context: SuiteContext;
  config: C;
  redactor: Redactor;
  /** A client for set-up and clean-up outside checks (exchanges are not recorded). */
  http: HttpClient;
  check: (
    requirements: string | string[],
    title: string,
    fn: (c: CheckContext<C>) => Promise<void> | void,
  ) => void;
  /** A secret learned outside a check (set-up): masked in every check's evidence from now on. */
  secret: (value: string) => void;
  /**
   * Every exchange the checks of this suite recorded so far, in order, as sent and received (not
   * redacted: a secret such as a password `appl` must not change the `application/json` a closing
   * check judges; what the check reports is redacted like any other failure): for a closing check
   * that judges every response the suite received (e.g. its media type).
   */
  seen: () => readonly RecordedExchange[];
}

export function suiteContext(vendor: string): SuiteContext {
  const g = globalThis as Record<string, unknown>;
  const key = typeof g[TARGET_KEY] === 'string' ? g[TARGET_KEY] : vendor;
  // The embedded mock's instance in this thread, when the entry file started one (src/embedded.ts).
  const embedded = (g[EMBEDDED_KEY] as Record<string, SuiteContext> | undefined)?.[key];
  const provided = inject('conformance') as Record<string, SuiteContext> | undefined;
  const ctx = embedded ?? provided?.[key];
  if (!ctx || ctx.vendor !== vendor) {
    throw new Error(
      `no target was provided to the ${vendor} suite: run it with 'npx conformance run ${vendor}' or through the root vitest config`,
    );
  }
  return ctx;
}

export function defineSuite<C>(vendor: string): Suite<C> {
  const context = suiteContext(vendor);
  const redactor = new Redactor(context.secrets);
  const config = context.config as C;
  trustCa(context.ca);
  resumePace(context.pace);
  const rate = context.rate !== undefined ? { rate: context.rate } : {};
  const http = new HttpClient({
    timeoutMs: context.timeoutMs,
    maxBodyBytes: context.maxBodyBytes,
    redactor,
    ...rate,
  });

  // After this many checks in a row errored on transport, the target is taken as gone: the rest
  // error at once instead of each waiting out its timeouts.
  const GIVE_UP_AFTER = 3;
  let transportStreak = 0;
  let lastTransport = '';
  const seen: RecordedExchange[] = [];

  const check: Suite<C>['check'] = (requirements, title, fn) => {
    const ids = typeof requirements === 'string' ? [requirements] : requirements;
    test(`[${ids.join(', ')}] ${title}`, async (t) => {
      const meta: CheckMeta = { requirements: ids, exchanges: [], notes: [] };
      t.task.meta.conformance = meta;
      if (transportStreak >= GIVE_UP_AFTER) {
        meta.outcome = 'errored';
        meta.errorKind = 'transport';
        throw new Error(
          `not run: the target stopped answering (${transportStreak} checks in a row; last: ${lastTransport})`,
        );
      }
      // The evidence, masked once with every secret known by then (a secret learned during the check
      // included): at the check's end, or when vitest ends it first (a timeout). The exchanges a
      // check drops (most of a generated check's) are never masked.
      const pending: (() => RecordedExchange)[] = [];
      let kept = false;
      const keep = (): void => {
        if (kept) return;
        kept = true;
        meta.exchanges = pending.map((redacted) => redacted());
      };
      t.onTestFinished(keep);
      const client = new HttpClient({
        timeoutMs: context.timeoutMs,
        maxBodyBytes: context.maxBodyBytes,
        redactor,
        ...rate,
        onExchange: (redacted, raw) => {
          pending.push(redacted);
          seen.push(raw);
        },
      });
      try {
        await fn({
          http: client,
          config,
          baseUrl: context.baseUrl,
          runId: context.runId,
          url: (path) => joinUrl(context.baseUrl, path),
          note: (m) => meta.notes.push(redactor.text(m)),
          secret: (v) => redactor.add(v),
          generation: context.generation,
          evidence: {
            mark: () => pending.length,
            drop: (from, to) => {
              if (to > from) pending.splice(from, to - from);
            },
          },
        });
        transportStreak = 0;
      } catch (err) {
        // Only an answer resets the streak: a check that was not applicable sent nothing, or its
        // request timed out too.
        if (err instanceof TransportError) transportStreak += 1;
        else if (!(err instanceof NotApplicable)) transportStreak = 0;
        if (err instanceof NotApplicable) {
          meta.outcome = 'not-applicable';
          if (err.needs) meta.needs = err.needs;
          t.skip(redactor.text(err.message));
        }
        if (err instanceof CheckFailure) {
          meta.failure = {
            ...err.failure,
            title: redactor.text(err.failure.title),
            ...(err.failure.received !== undefined ? { received: redactor.text(err.failure.received) } : {}),
            ...(err.failure.messages ? { messages: err.failure.messages.map((m) => redactor.text(m)) } : {}),
          };
          throw new Error(redactor.text(err.message));
        }
        if (err instanceof TransportError) {
          lastTransport = redactor.text(err.message);
          meta.outcome = 'errored';
          meta.errorKind = 'transport';
          throw new Error(lastTransport);
        }
        if (err instanceof PreconditionLost) {
          meta.outcome = 'errored';
          meta.errorKind = 'precondition';
          throw new Error(redactor.text(err.message));
        }
        if ((err as Error)?.name === 'AssertionError') throw err;
        meta.outcome = 'errored';
        meta.errorKind = 'internal';
        throw new Error(redactor.text(`suite error: ${(err as Error)?.message ?? String(err)}`));
      } finally {
        keep();
        // Notes and the failure, redacted when written, are masked again with all we know now.
        Object.assign(meta, redactDeep({ notes: meta.notes, failure: meta.failure }, redactor));
        if (meta.failure === undefined) delete meta.failure;
      }
    });
  };

  return { context, config, redactor, http, check, secret: (v) => redactor.add(v), seen: () => seen };
}
