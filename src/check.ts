// The vocabulary of checks: a check throws CheckFailure (the target broke a requirement),
// NotApplicable (the target does not offer an optional feature), or lets a TransportError through
// (the target could not be reached: errored). Checks are pure functions of recorded exchanges.
import type { Exchange } from './http.ts';
import type { Failure } from './types.ts';

export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(CheckFailure.format(failure));
    this.failure = failure;
  }

  static format(f: Failure): string {
    const lines = [f.title];
    if (f.received !== undefined) lines.push(`Received: ${f.received}`);
    if (f.documented !== undefined) lines.push(`Documented: ${f.documented}`);
    for (const m of f.messages ?? []) lines.push(`  - ${m}`);
    return lines.join('\n');
  }
}

export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

/**
 * Something the check stands on went away mid-run (an expired session, a fixture deleted by someone
 * else): the check cannot be judged. Errored, with this message, never a failure of its requirement.
 */
export class PreconditionLost extends Error {
  override name = 'PreconditionLost';
}

export function fail(title: string, detail: Omit<Failure, 'title'> = {}): never {
  throw new CheckFailure({ title, ...detail });
}

export function notApplicable(reason: string): never {
  throw new NotApplicable(reason);
}

export function describeResponse(ex: Exchange): string {
  const ct = ex.response.headers['content-type'];
  const size = ex.response.truncated
    ? `body cut at the ${ex.response.body.length}-byte cap (maxBodyBytes)`
    : `${ex.response.body.length} bytes`;
  return `HTTP ${ex.response.status}${ct ? ` (${ct})` : ''}, ${size}`;
}

export function expectStatus(ex: Exchange, expected: number | readonly number[], what: string): void {
  const list = typeof expected === 'number' ? [expected] : expected;
  if (!list.includes(ex.response.status)) {
    fail(`${what}: unexpected HTTP status`, {
      received: describeResponse(ex),
      documented: `HTTP ${list.join(' or ')}`,
    });
  }
}

export function header(ex: Exchange, name: string): string | undefined {
  return ex.response.headers[name.toLowerCase()];
}
