// The composition root: each vendor's suite description joined with its reference mock.
// src/ never imports a vendor; the CLI receives this list.

import { CHAOS as eprizeChaos, FAULTS as eprizeFaults, start as startEprize } from './mocks/eprize/index.ts';
import {
  CHAOS as iserviceChaos,
  FAULTS as iserviceFaults,
  start as startIservice,
} from './mocks/iservice/index.ts';
import {
  CHAOS as sociotocoChaos,
  FAULTS as sociotocoFaults,
  start as startSociotoco,
} from './mocks/sociotoco/index.ts';
import {
  start as startTextmarketer,
  CHAOS as textmarketerChaos,
  FAULTS as textmarketerFaults,
} from './mocks/textmarketer/index.ts';
import {
  start as startTextmarks,
  CHAOS as textmarksChaos,
  FAULTS as textmarksFaults,
} from './mocks/textmarks/index.ts';
import type { VendorDefinition } from './src/types.ts';
import { eprize } from './suites/eprize/index.ts';
import { iservice } from './suites/iservice/index.ts';
import { sociotoco } from './suites/sociotoco/index.ts';
import { textmarketer } from './suites/textmarketer/index.ts';
import { textmarks } from './suites/textmarks/index.ts';

export const VENDORS: VendorDefinition[] = [
  { ...textmarketer, startMock: startTextmarketer, faults: [...textmarketerFaults, ...textmarketerChaos] },
  { ...textmarks, startMock: startTextmarks, faults: [...textmarksFaults, ...textmarksChaos] },
  { ...iservice, startMock: startIservice, faults: [...iserviceFaults, ...iserviceChaos] },
  { ...eprize, startMock: startEprize, faults: [...eprizeFaults, ...eprizeChaos] },
  { ...sociotoco, startMock: startSociotoco, faults: [...sociotocoFaults, ...sociotocoChaos] },
];
