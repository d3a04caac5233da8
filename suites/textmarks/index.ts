// What the TextMarks tree tells the engine (the mock is wired in vendors.ts, not here).
import { fileURLToPath } from 'node:url';
import configSchema from '../../schemas/textmarks/target-config.schema.json' with { type: 'json' };
import type { VendorDefinition } from '../../src/types.ts';
import { READINGS, REQUIREMENTS, SOURCE } from './requirements.ts';

export const textmarks: Omit<VendorDefinition, 'startMock' | 'faults'> = {
  id: 'textmarks',
  title: 'TextMarks: TextMarkManager/set_integration_config()',
  source: SOURCE,
  suiteFile: fileURLToPath(new URL('./textmarks.conformance.ts', import.meta.url)),
  requirements: REQUIREMENTS,
  readings: READINGS,
  configSchema,
  secretPaths: ['auth_user', 'auth_pass', 'api_key', 'restorePrivateToken', 'authPhone'],
  basePathHint: '',
};
