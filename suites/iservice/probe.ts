// Before the checks: the agent's login (it changes nothing) answers JSON, with errors[] when refused.
import { byShape } from '../../src/probe.ts';
import type { Probe } from '../../src/types.ts';
import { loginCall } from './api.ts';
import { type IServiceConfig, withDefaults } from './config.ts';

function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const PROBE: Probe = {
  request: (section, baseUrl) => loginCall(baseUrl, withDefaults(section as unknown as IServiceConfig).agent),
  // A login that succeeds may answer any JSON object (login-success.schema.json requires nothing).
  recognise: (a) => byShape(a, (x) => jsonObject(x.body) !== undefined && !/<html/i.test(x.body)),
};
