// A set as the API's own sociotoco.sets.get shows it, for the tests that prove a run left it as found.
import type { RunningMock } from '../../src/types.ts';
import { type Algorithm, type Param, queryString, sign } from '../../suites/sociotoco/sign.ts';

export type Section = { apiKey: string; secret: string; algorithm: Algorithm; sid: string };

/** The set `cfg` names on `mock`: its version, and the rest of the answer (what must come back as found). */
export async function readSet(mock: RunningMock, cfg: Section): Promise<{ version: number; rest: string }> {
  const params: Param[] = [
    ['method', 'sociotoco.sets.get'],
    ['key', cfg.apiKey],
    ['sid', cfg.sid],
    ['time', String(Math.floor(Date.now() / 1000))],
  ];
  const sig = sign(params, { secret: cfg.secret, algorithm: cfg.algorithm });
  const body = await (await fetch(`${mock.url}?${queryString([...params, ['sig', sig]])}`)).text();
  return { version: Number(/version="(\d+)"/.exec(body)?.[1]), rest: body.replace(/version="\d+"/, '') };
}
