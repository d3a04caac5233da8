// What the TextMarketer tree tells the engine (the mock is wired in vendors.ts, not here).

import configSchema from '../../schemas/textmarketer/target-config.schema.json' with { type: 'json' };
import { defineVendor } from '../../src/vendor.ts';
import { READINGS, REQUIREMENTS, SOURCE } from './requirements.ts';

export const textmarketer = defineVendor({
  id: 'textmarketer',
  title: 'TextMarketer: modify account details',
  source: SOURCE,
  suiteFiles: [new URL('./textmarketer.conformance.ts', import.meta.url)],
  requirements: REQUIREMENTS,
  readings: READINGS,
  configSchema,
  secretPaths: ['credentials.username', 'credentials.password'],
  basePathHint: '/services/rest',
  // Loaded only by the commands that verify the contract (it brings the checks it shares).
  provider: async () => (await import('../../contracts/textmarketer/provider.ts')).provider,
  // Loaded only by mock --check-client.
  // One cheap request before the checks: is the target this API at all?
  probe: async () => (await import('./probe.ts')).PROBE,
  client: async () => (await import('./client.ts')).CLIENT,
  // Loaded only by conformance proxy and check --har.
  passive: async () => (await import('./passive.ts')).PASSIVE,
  // What a run changes and how it is put back (the suite, the contract and the restore journal).
  restorer: async () => (await import('./requests.ts')).restorer,
});
