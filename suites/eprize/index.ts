// What the ePrize tree tells the engine (the mock is wired in vendors.ts, not here).

import configSchema from '../../schemas/eprize/target-config.schema.json' with { type: 'json' };
import { defineVendor } from '../../src/vendor.ts';
import { READINGS, REQUIREMENTS, SOURCE } from './requirements.ts';

export const eprize = defineVendor({
  id: 'eprize',
  title: 'ePrize: create profile',
  source: SOURCE,
  suiteFiles: [new URL('./eprize.conformance.ts', import.meta.url)],
  requirements: REQUIREMENTS,
  readings: READINGS,
  configSchema,
  // The apikey is in every URL: the redactor masks it there too (and in its URL-encoded forms).
  secretPaths: ['apikey', 'captcha.answer'],
  // The base URL is the host; every path starts /v1/{apikey}/.
  basePathHint: '',
  // Loaded only by the commands that verify the contract (it brings the checks it shares).
  provider: async () => (await import('../../contracts/eprize/provider.ts')).provider,
  // Loaded only by mock --check-client.
  // One cheap request before the checks: is the target this API at all?
  probe: async () => (await import('./probe.ts')).PROBE,
  client: async () => (await import('./client.ts')).CLIENT,
  // Loaded only by conformance proxy and conformance check --har.
  passive: async () => (await import('./passive.ts')).PASSIVE,
});
