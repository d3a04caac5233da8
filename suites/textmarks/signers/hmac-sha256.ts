// The built-in test signer (readings.signerModule = "builtin:hmac-sha256"). It is a convention a
// test target may implement, NOT TextMarks' (whose algorithm is not public):
//   \s = hex HMAC-SHA256 keyed by private_token of "<tm>|<phone>|<action>"
// trigger() makes the target send a group callback by POSTing the form fields tm, phone and action
// to the section's groupEventUrl (a URL, or a path relative to baseUrl): whatever test hook the
// target offers. It knows no particular target.
import { createHmac } from 'node:crypto';
import { notApplicable } from '../../../src/check.ts';
import type { SignInput, TriggerInput } from '../signer.ts';

export function sign(input: SignInput): string {
  return createHmac('sha256', input.privateToken)
    .update(`${input.tm}|${input.phone}|${input.action}`)
    .digest('hex');
}

export async function trigger(input: TriggerInput): Promise<void> {
  const hook = input.config.groupEventUrl;
  if (typeof hook !== 'string' || hook === '')
    notApplicable('the built-in signer needs groupEventUrl: where to trigger a group event on the target', {
      needs: 'groupEventUrl',
    });
  const url = /^https?:\/\//.test(hook)
    ? hook
    : `${input.baseUrl.replace(/\/+$/, '')}/${hook.replace(/^\/+/, '')}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ tm: input.tm, phone: input.phone, action: input.action }).toString(),
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`groupEventUrl answered HTTP ${res.status}`);
}
