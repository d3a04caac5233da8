// Hand-built exchanges for unit tests of checks: what a target might have answered.
import type { Exchange } from '../src/http.ts';

export function exchange(
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  request: Partial<Exchange['request']> = {},
): Exchange {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return {
    request: { method: 'POST', url: 'http://target.test/services/rest/account/abc', headers: {}, ...request },
    response: { status, headers, setCookies: [], body: bytes, truncated: false },
    durationMs: 1,
  };
}
