// The plumbing every vendor's passive rules share (suites/<vendor>/passive.ts): one exchange of
// traffic seen as the suite's own Exchange and RecordedExchange, so the rules call the suite's pure
// checks unchanged (one check, two drivers), and a judgement that runs a check under a requirement:
// passed unless it throws CheckFailure, not judged when it throws NotApplicable. Pure.
import { CheckFailure, NotApplicable } from './check.ts';
import type { Exchange } from './http.ts';
import type { ClientJudgement, PassiveJudgement, RecordedExchange, TrafficExchange } from './types.ts';

/** The origin a relative request URL is read against (traffic carries path and query). */
const ORIGIN = 'http://traffic.invalid';

const absolute = (url: string): string => (url.startsWith('/') ? `${ORIGIN}${url}` : url);

/** The exchange as the suite's checks receive it (request as sent, response as received). */
export function asExchange(t: TrafficExchange): Exchange {
  return {
    request: {
      method: t.request.method,
      url: absolute(t.request.url),
      headers: t.request.headers,
      ...(t.request.body.length > 0 ? { body: t.request.body } : {}),
    },
    response: {
      status: t.response.status,
      headers: t.response.headers,
      setCookies: [],
      body: t.response.body,
      truncated: t.response.truncated ?? false,
    },
    durationMs: 0,
  };
}

/** The exchange as the closing checks (media types) read the suite's recorded ones: an excerpt of the body. */
export function asRecorded(t: TrafficExchange, excerpt = 4096): RecordedExchange {
  return {
    request: { method: t.request.method, url: absolute(t.request.url), headers: t.request.headers },
    response: {
      status: t.response.status,
      headers: t.response.headers,
      body: t.response.body.subarray(0, excerpt).toString('utf8'),
      bodyBytes: t.response.body.length,
      truncated: t.response.truncated ?? false,
    },
    durationMs: 0,
  };
}

/** The query parameters of a request URL, decoded (first value of each name). */
export function queryOf(url: string): URLSearchParams {
  try {
    return new URL(absolute(url)).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** A judgement under construction: each requirement judged at most once per exchange. */
export class Verdict {
  private readonly judged = new Set<string>();
  private readonly violations: { requirement: string; problem: string }[] = [];

  /** Runs `check` as a judgement of `id`: a CheckFailure is a violation, a NotApplicable no judgement. */
  judge(id: string, check: () => void): boolean {
    try {
      check();
      this.judged.add(id);
      return true;
    } catch (e) {
      if (e instanceof NotApplicable) return false;
      if (!(e instanceof CheckFailure)) throw e;
      this.judged.add(id);
      this.violations.push({ requirement: id, problem: oneLineFailure(e) });
      return false;
    }
  }

  /** A client rules' judgement (the request against the page), taken as it is. */
  add(j: ClientJudgement): void {
    for (const id of j.judged) this.judged.add(id);
    this.violations.push(...j.violations);
  }

  result(): PassiveJudgement {
    return { judged: [...this.judged], violations: [...this.violations] };
  }
}

/** A check's failure as one line: its title, what was received, the first messages. */
export function oneLineFailure(e: CheckFailure): string {
  const f = e.failure;
  const parts = [f.title];
  if (f.received !== undefined) parts.push(`received ${f.received}`);
  if (f.documented !== undefined) parts.push(`documented ${f.documented}`);
  const messages = f.messages ?? [];
  if (messages.length > 0)
    parts.push(
      `${messages.slice(0, 3).join('; ')}${messages.length > 3 ? ` (+${messages.length - 3})` : ''}`,
    );
  return parts.join(': ');
}

/** A map that forgets its oldest key past `cap` (what a passive session remembers stays bounded). */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly cap = 256) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.cap) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
    }
  }
  delete(key: K): void {
    this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}
