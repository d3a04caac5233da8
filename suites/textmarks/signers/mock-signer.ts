// A signer for the reference mock only (readings.signerModule = "suites/textmarks/signers/mock-signer.ts").
// It is the mock's own convention, NOT TextMarks' (whose algorithm is not public):
//   \s = hex HMAC-SHA256 keyed by private_token of "<tm>|<phone>|<action>"
// trigger() asks the mock's test hook POST {base}/_mock/group_event to send the group callback.
import { createHmac } from 'node:crypto';
import type { SignInput, TriggerInput } from '../signer.ts';

export function sign(input: SignInput): string {
  return createHmac('sha256', input.privateToken)
    .update(`${input.tm}|${input.phone}|${input.action}`)
    .digest('hex');
}

export async function trigger(input: TriggerInput): Promise<void> {
  const res = await fetch(`${input.baseUrl.replace(/\/+$/, '')}/_mock/group_event`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ tm: input.tm, phone: input.phone, action: input.action }).toString(),
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`the mock's group_event hook answered HTTP ${res.status}`);
}
