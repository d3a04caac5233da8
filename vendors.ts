// The composition root: each vendor's suite description joined with its reference mock.
// src/ never imports a vendor; the CLI receives this list.
import {
  start as startTextmarketer,
  CHAOS as textmarketerChaos,
  FAULTS as textmarketerFaults,
} from './mocks/textmarketer/index.ts';
import type { VendorDefinition } from './src/types.ts';
import { textmarketer } from './suites/textmarketer/index.ts';

export const VENDORS: VendorDefinition[] = [
  { ...textmarketer, startMock: startTextmarketer, faults: [...textmarketerFaults, ...textmarketerChaos] },
];
