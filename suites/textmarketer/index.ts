// What the TextMarketer tree tells the engine (the mock is wired in vendors.ts, not here).
import { fileURLToPath } from 'node:url';
import configSchema from '../../schemas/textmarketer/target-config.schema.json' with { type: 'json' };
import type { VendorDefinition } from '../../src/types.ts';
import { READINGS, REQUIREMENTS, SOURCE } from './requirements.ts';

export const textmarketer: Omit<VendorDefinition, 'startMock' | 'faults'> = {
  id: 'textmarketer',
  title: 'TextMarketer: modify account details',
  source: SOURCE,
  suiteFile: fileURLToPath(new URL('./textmarketer.conformance.ts', import.meta.url)),
  requirements: REQUIREMENTS,
  readings: READINGS,
  configSchema,
  secretPaths: ['credentials.username', 'credentials.password'],
  basePathHint: '/services/rest',
};
