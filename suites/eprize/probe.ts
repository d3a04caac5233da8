// Before the checks: a GET of the create path (never a POST: a profile cannot be deleted). Its
// answer is the API's XML <result> if anything; a 405 cannot tell.
import { joinUrl } from '../../src/http.ts';
import { byShape } from '../../src/probe.ts';
import type { Probe } from '../../src/types.ts';
import { createPath, XML_ACCEPT } from './api.ts';
import { type EprizeConfig, withDefaults } from './config.ts';

export const PROBE: Probe = {
  request: (section, baseUrl) => ({
    method: 'GET',
    url: joinUrl(baseUrl, createPath(withDefaults(section as unknown as EprizeConfig))),
    headers: { accept: XML_ACCEPT },
  }),
  recognise: (a) => byShape(a, (x) => /<result[\s>/]/.test(x.body)),
};
