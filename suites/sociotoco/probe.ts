// Before the checks: sociotoco.sets.get, unsigned (refused, nothing changes), answers the API's
// <response> (XML) or {"response": …} (JSON) envelope.
import { byShape } from '../../src/probe.ts';
import type { Probe } from '../../src/types.ts';
import { type SociotocoConfig, withDefaults } from './config.ts';
import { endpoint, getSetParams, unixTime } from './requests.ts';

export const PROBE: Probe = {
  request: (section, baseUrl) => ({
    method: 'GET',
    url: endpoint(baseUrl, getSetParams(withDefaults(section as unknown as SociotocoConfig), unixTime())),
  }),
  recognise: (a) => byShape(a, (x) => /<response[\s>/]|"response"\s*:/.test(x.body)),
};
