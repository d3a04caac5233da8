// The composition root: each vendor's suite joined with its reference mock, one line per vendor.
// src/ never imports a vendor; the CLI and the tests receive this list.
import { mock as eprizeMock } from './mocks/eprize/index.ts';
import { mock as iserviceMock } from './mocks/iservice/index.ts';
import { mock as sociotocoMock } from './mocks/sociotoco/index.ts';
import { mock as textmarketerMock } from './mocks/textmarketer/index.ts';
import { mock as textmarksMock } from './mocks/textmarks/index.ts';
import type { VendorDefinition } from './src/types.ts';
import { withMock } from './src/vendor.ts';
import { eprize } from './suites/eprize/index.ts';
import { iservice } from './suites/iservice/index.ts';
import { sociotoco } from './suites/sociotoco/index.ts';
import { textmarketer } from './suites/textmarketer/index.ts';
import { textmarks } from './suites/textmarks/index.ts';

export const VENDORS: VendorDefinition[] = [
  withMock(textmarketer, textmarketerMock),
  withMock(textmarks, textmarksMock),
  withMock(iservice, iserviceMock),
  withMock(eprize, eprizeMock),
  withMock(sociotoco, sociotocoMock),
];
