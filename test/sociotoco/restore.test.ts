// A real set is left as the suite found it: after a run its profiles read back (through the API's
// own sociotoco.sets.get) exactly as before. Only the version moves on: every change bumps it, and
// putting the profiles back is a change, so no client can restore it.
import { expect, test } from 'vitest';
import { start } from '../../mocks/sociotoco/index.ts';
import { type Algorithm, type Param, queryString, sign } from '../../suites/sociotoco/sign.ts';
import { runByUrl } from '../runner.ts';

test('sociotoco: after a run the set reads back exactly as before (but for its version)', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as { apiKey: string; secret: string; algorithm: Algorithm; sid: string };
  const read = async () => {
    const params: Param[] = [
      ['method', 'sociotoco.sets.get'],
      ['key', cfg.apiKey],
      ['sid', cfg.sid],
      ['time', String(Math.floor(Date.now() / 1000))],
    ];
    const sig = sign(params, { secret: cfg.secret, algorithm: cfg.algorithm });
    const body = await (await fetch(`${mock.url}?${queryString([...params, ['sig', sig]])}`)).text();
    const version = Number(/version="(\d+)"/.exec(body)?.[1]);
    return { version, rest: body.replace(/version="\d+"/, '') };
  };
  try {
    const before = await read();
    expect(before.rest).toContain('<profiles>');
    const report = await runByUrl('sociotoco', mock);
    expect(report.verdict).toBe('conformant');
    const after = await read();
    // The suite did change the set (else this test would prove nothing) …
    expect(after.version).toBeGreaterThan(before.version);
    // … and put back everything but the version: the same profiles, name, urlName and sociotocoId.
    expect(after.rest).toBe(before.rest);
  } finally {
    await mock.close();
  }
});
