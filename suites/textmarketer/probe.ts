// Before the checks: the account read (GET account/{id}) answers the page's XML <response>.
import { byShape } from '../../src/probe.ts';
import type { Probe } from '../../src/types.ts';
import { type TextMarketerConfig, withDefaults } from './config.ts';
import { readBackRequest } from './requests.ts';

export const PROBE: Probe = {
  request: (section, baseUrl) => {
    const cfg = withDefaults(section as unknown as TextMarketerConfig);
    return readBackRequest({ baseUrl, credentials: cfg.credentials, readings: cfg.readings }, cfg.accountId);
  },
  recognise: (a) => byShape(a, (x) => /<response[\s>/]/.test(x.body)),
};
