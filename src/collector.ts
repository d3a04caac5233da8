// A vitest reporter that turns test cases into check results. It runs in the main process;
// what a check recorded arrives through the task meta (plain JSON).
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

type UserConsoleLog = Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0];

import type { CheckMeta, CheckResult, Outcome } from './types.ts';

export interface Collected {
  checks: CheckResult[];
  errors: string[];
  /** What the suite wrote to stderr (console.warn): e.g. a restore that did not go through. */
  warnings: string[];
  /** The URL the suite ran against, when its embedded mock ran in the suite's thread (src/embedded.ts). */
  baseUrl?: string;
}

function firstLine(s: string | undefined): string | undefined {
  return s?.split('\n')[0];
}

export function toCheckResult(tc: TestCase): CheckResult {
  const meta = tc.meta().conformance as CheckMeta | undefined;
  const r = tc.result();
  let outcome: Outcome;
  let message: string | undefined;
  if (r.state === 'passed') outcome = 'passed';
  else if (r.state === 'skipped') {
    outcome = meta?.outcome === 'not-applicable' ? 'not-applicable' : 'skipped';
    message = r.note ?? (tc.options.mode === 'todo' ? 'todo' : 'skipped');
  } else if (r.state === 'failed') {
    message = r.errors.map((e) => e.message).join('\n');
    outcome = meta?.outcome === 'errored' ? 'errored' : 'failed';
    if (/Test timed out in \d+ms/.test(message)) {
      // vitest's own per-check limit: the target kept the check waiting, it did not break a rule.
      outcome = 'errored';
      if (meta) meta.errorKind = 'transport';
    }
  } else outcome = 'errored';
  if (!meta && outcome === 'passed') {
    // A test that did not go through check() carries no requirement: it cannot count as evidence.
    outcome = 'errored';
    message = 'test is not declared with check(): it names no requirement';
  }
  const result: CheckResult = {
    id: tc.fullName,
    title: tc.name.replace(/^\[[^\]]*\]\s*/, ''),
    requirements: meta?.requirements ?? [],
    outcome,
    durationMs: Math.round(tc.diagnostic()?.duration ?? 0),
    notes: meta?.notes ?? [],
    exchanges: meta?.exchanges ?? [],
  };
  if (message !== undefined) result.message = message;
  if (meta?.failure) result.failure = meta.failure;
  if (meta?.errorKind) result.errorKind = meta.errorKind;
  if (meta?.needs && outcome === 'not-applicable') result.needs = meta.needs;
  return result;
}

export class Collector implements Reporter {
  readonly byModule = new Map<string, Collected>();
  /** How long each module of the last run took to run (ms), by module id. */
  readonly durations = new Map<string, number>();
  readonly unhandled: string[] = [];
  private readonly logs: UserConsoleLog[] = [];

  /** Forget the previous run (one collector serves every run of a SuiteRunner). */
  reset(): void {
    this.byModule.clear();
    this.durations.clear();
    this.unhandled.length = 0;
    this.logs.length = 0;
  }

  /** What these suite files (one vendor's) reported, joined; undefined when none of them ran. */
  of(files: readonly string[]): Collected | undefined {
    const parts = files.flatMap((f) => this.byModule.get(f) ?? []);
    if (parts.length === 0) return undefined;
    const baseUrl = parts.find((p) => p.baseUrl !== undefined)?.baseUrl;
    return {
      checks: parts.flatMap((p) => p.checks),
      errors: parts.flatMap((p) => p.errors),
      warnings: parts.flatMap((p) => p.warnings),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
    };
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    if (log.type === 'stderr') this.logs.push(log);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const m of modules) {
      const mine = (id: string | undefined) => id !== undefined && (id === m.id || id.startsWith(`${m.id}_`));
      const c: Collected = {
        checks: [],
        errors: [],
        warnings: this.logs.filter((l) => mine(l.taskId)).map((l) => l.content.trim()),
      };
      const baseUrl = m.meta().conformanceBaseUrl;
      if (baseUrl !== undefined) c.baseUrl = baseUrl;
      for (const tc of m.children.allTests()) c.checks.push(toCheckResult(tc));
      for (const e of m.errors())
        c.errors.push(`${firstLine(e.message) ?? 'error'} (while loading ${m.moduleId})`);
      for (const s of m.children.allSuites()) {
        for (const e of s.errors()) c.errors.push(`${s.fullName}: ${firstLine(e.message) ?? 'error'}`);
      }
      this.byModule.set(m.moduleId, c);
      if (m.state() === 'passed' || m.state() === 'failed')
        this.durations.set(m.moduleId, m.diagnostic().duration);
    }
    for (const e of unhandledErrors) this.unhandled.push(firstLine(e.message) ?? String(e));
  }
}
