// The suites stay plain vitest files: `npx vitest run --project conformance` runs them against the
// embedded mocks, or against the targets a CONFORMANCE_CONFIG names, with vitest's own reporting.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { start } from '../../mocks/textmarketer/index.ts';
import { cleanEnv, ROOT, tempDir } from './cli-helper.ts';

function vitest(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'conformance', ...args],
      { cwd: ROOT, env: { ...cleanEnv(), NO_COLOR: '1', ...env }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

test('npx vitest --project conformance runs a suite against its embedded mock', async () => {
  const r = await vitest(['suites/textmarketer']);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/Tests\s+\d+ passed/);
  expect(r.out).not.toMatch(/\d+ failed/);
});

test('CONFORMANCE_CONFIG points the plain vitest suites at a target by URL', async () => {
  const mock = await start({ faults: ['wrong-public-id'] });
  try {
    const config = join(tempDir(), 'target.json');
    // That the target came from the config shows in the fault's one check failing: vitest's own
    // name filter (-t) runs the checks naming it, and the config turns generated values off.
    writeFileSync(
      config,
      JSON.stringify({ examples: 0, textmarketer: { ...mock.targetConfig, baseUrl: mock.url } }),
    );
    const r = await vitest(['suites/textmarketer', '-t', 'TMR-SUCCESS-DOCTYPE'], {
      CONFORMANCE_CONFIG: config,
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL .*TMR-SUCCESS-DOCTYPE/);
    expect(r.out).toMatch(/Tests\s+\d+ failed/);
  } finally {
    await mock.close();
  }
});

test('CONFORMANCE_CONFIG with an incomplete section: the message names the field, as the CLI does', async () => {
  const config = join(tempDir(), 'target.json');
  writeFileSync(config, JSON.stringify({ textmarketer: { baseUrl: 'http://127.0.0.1:9/services/rest' } }));
  const r = await vitest(['suites/textmarketer'], { CONFORMANCE_CONFIG: config });
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('textmarketer.credentials: is required');
  expect(r.out).not.toMatch(/Cannot read properties|TypeError/);
});
