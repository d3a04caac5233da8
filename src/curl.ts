// Reproducers: a curl command line per exchange of a failing check, so a reader can send the same
// request by hand. Built from the recorded (already redacted) exchange: a secret stays
// [REDACTED] and the reader puts their own in. Pure: no request is sent here.
//
// - POSIX single quotes for every argument ('…'\''…'), so nothing is expanded by the shell;
// - -g (--globoff): [] and {} in a URL are not curl's ranges;
// - never -L: redirects are not followed, as the suite does not follow them;
// - the body through --data-binary, byte for byte as recorded (no @file, no newline stripping);
// - headers curl sets itself from the body and URL (content-length, host, ...) are left to curl.
import type { CheckResult, RecordedExchange } from './types.ts';

const CURL_SETS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlOf(e: Pick<RecordedExchange, 'request'>): string {
  const { method, url, headers, body } = e.request;
  const args = ['curl', '-g', '-i'];
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET' || body !== undefined) args.push('-X', shellQuote(method));
  for (const [k, v] of Object.entries(headers)) {
    if (!CURL_SETS.has(k.toLowerCase())) args.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (body !== undefined) args.push('--data-binary', shellQuote(body));
  args.push(shellQuote(url));
  return args.join(' ');
}

/** A check that failed or errored carries a reproducer on each exchange it recorded. */
export function withReproducers(check: CheckResult): CheckResult {
  if (check.outcome !== 'failed' && check.outcome !== 'errored') return check;
  if (check.exchanges.length === 0) return check;
  return { ...check, exchanges: check.exchanges.map((e) => ({ ...e, curl: curlOf(e) })) };
}
