// What the iService tree tells the engine (the mock is wired in vendors.ts, not here).

import configSchema from '../../schemas/iservice/target-config.schema.json' with { type: 'json' };
import { defineVendor } from '../../src/vendor.ts';
import { READINGS, REQUIREMENTS, SOURCE } from './requirements.ts';

export const iservice = defineVendor({
  id: 'iservice',
  title: 'iService: set contact details (webapp-api-custinfo?api=setdetails)',
  source: SOURCE,
  suiteFiles: [new URL('./iservice.conformance.ts', import.meta.url)],
  requirements: REQUIREMENTS,
  readings: READINGS,
  configSchema,
  secretPaths: ['agent.password', 'customer.password'],
  basePathHint: '/f',
  // Loaded only by the commands that verify the contract (it brings the checks it shares).
  provider: async () => (await import('../../contracts/iservice/provider.ts')).provider,
  // What a run changes and how it is put back (the suite, the contract and the restore journal).
  restorer: async () => (await import('./api.ts')).restorer,
  // Loaded only by mock --check-client.
  // One cheap request before the checks: is the target this API at all?
  probe: async () => (await import('./probe.ts')).PROBE,
  client: async () => (await import('./client.ts')).CLIENT,
  // Loaded only by conformance proxy and conformance check --har.
  passive: async () => (await import('./passive.ts')).PASSIVE,
});
