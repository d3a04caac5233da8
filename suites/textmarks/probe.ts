// Before the checks: integration_config (a read) answers the JSON envelope with head.rescode.
import { byShape } from '../../src/probe.ts';
import type { Probe } from '../../src/types.ts';
import { credentials, FORM, textMarksCalls } from './api.ts';
import { type TextMarksConfig, withDefaults } from './config.ts';

export const PROBE: Probe = {
  request: (section, baseUrl) => {
    const cfg = withDefaults(section as unknown as TextMarksConfig);
    return {
      method: 'POST',
      url: textMarksCalls(baseUrl, cfg.readings.pathStyle).url('integration_config'),
      headers: { 'content-type': FORM, accept: 'application/json' },
      body: new URLSearchParams(credentials(cfg)).toString(),
    };
  },
  recognise: (a) => byShape(a, (x) => /"rescode"\s*:/.test(x.body)),
};
