// The CLI as a CI gate: documented exit codes, a clear message for every user error, no stack
// trace, never 0 when nothing was checked or the target was down, and no secret in any report.
// Behaviour is tested in process through main() (run); a handful of tests spawn the real binary
// (cli) for what only a process shows: its exit status, signals, a closed pipe.
// Runs share one vitest instance (inProcess), except where each run must start its own (shards, as
// on separate machines). A run judges every check where the whole run is the point (the clean mock's
// reports, secrets in no report file); where the gate or the wiring is the point, generated values
// (--examples 0) or requirements the assertion does not look at (--only) are left out, and each such
// test says why it still proves its point.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start } from '../../mocks/textmarketer/index.ts';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { VENDORS } from '../../vendors.ts';
import { type CliResult, cli, run, sharedRun, tempDir } from './cli-helper.ts';

const inProcess = sharedRun();

const STACK = /\n\s+at .+[:(]\d+/;

function readReport(dir: string, vendor = 'textmarketer') {
  return JSON.parse(readFileSync(join(dir, vendor, 'report.json'), 'utf8'));
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function writeConfig(dir: string, config: unknown): string {
  const path = join(dir, 'target.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const goodSection = {
  credentials: { username: 'someone', password: 's3cret-Passw0rd' },
  accountId: 'abc123',
  foreignAccountId: 'def456',
  takenUsername: 'taken_ui_user',
};

describe('conformance run', () => {
  test('against the embedded mock: exit 0, a summary, and all four report files', async () => {
    // The whole suite: the report of every check's evidence must validate.
    const dir = tempDir();
    const r = await inProcess(['run', 'textmarketer', '--report-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verdict: CONFORMANT \(exit 0\)/);
    const report = readReport(dir);
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    expect(report.target.embeddedMock).toBe(true);
    for (const f of ['index.html', 'junit.xml', 'report.md']) {
      expect(readFileSync(join(dir, 'textmarketer', f), 'utf8').length).toBeGreaterThan(100);
    }
  });

  test('a fault in the mock: exit 1 and the broken requirement named', async () => {
    const dir = tempDir();
    // on GitHub Actions the Markdown summary lands on the run's page too
    const stepSummary = join(tempDir(), 'step-summary.md');
    writeFileSync(stepSummary, 'earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = stepSummary;
    // Only the fault's requirement is judged: the exit code, the console line and the step summary
    // are the gate's, which sees the judged requirements only (a clean one would add nothing to it).
    const r = await inProcess([
      'run',
      'textmarketer',
      '--report-dir',
      dir,
      '--mock-faults',
      'wrong-public-id',
      '--only',
      'TMR-SUCCESS-DOCTYPE',
    ]).finally(() => {
      delete process.env.GITHUB_STEP_SUMMARY;
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL TMR-SUCCESS-DOCTYPE/);
    expect(readReport(dir).verdict).toBe('not-conformant');
    const md = readFileSync(stepSummary, 'utf8');
    expect(md).toMatch(/^earlier step\n## Conformance: exit code 1\n/);
    expect(md).toMatch(/\| TextMarketer[^|]*\| \*\*not-conformant\*\* \|/);
    expect(md).toContain('- `TMR-SUCCESS-DOCTYPE` MUST failed');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(md.slice('earlier step\n'.length));
    // the seed of the generated inputs is printed, to replay them
    expect(r.stdout).toMatch(
      /generated inputs: seed \d+, 20 value\(s\) per domain side \(replay: --seed \d+/,
    );
    expect(readReport(dir).run.generation?.examples).toBe(20);
  });

  test('a fault proven under a non-default reading brings the reading along', async () => {
    const dir = tempDir();
    // Every hand-picked check still runs, so "exactly its breaks" still sees every requirement; the
    // fault is not one only generated values find (no `generated: true`).
    const r = await inProcess([
      'run',
      'textmarketer',
      '--report-dir',
      dir,
      '--mock-faults',
      'no-param-auth',
      '--examples',
      '0',
    ]);
    expect(r.code).toBe(1);
    const report = readReport(dir);
    const broken = report.requirements
      .filter((q: { outcome: string }) => q.outcome === 'failed')
      .map((q: { id: string }) => q.id)
      .sort();
    const fault = VENDORS.find((v) => v.id === 'textmarketer')?.faults.find((f) => f.id === 'no-param-auth');
    expect(broken).toEqual([...(fault?.breaks ?? [])].sort());
    expect(broken).toContain('TMR-AUTH-PARAMS');
    expect(report.readings.find((x: { configKey: string }) => x.configKey === 'auth').chosen).toBe('basic');
  });

  test('an unreachable target: exit 3, "cannot connect", an errored report, no stack trace', async () => {
    const dir = tempDir();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/services/rest`;
    const r = await cli([
      'run',
      'textmarketer',
      '--base-url',
      url,
      '--config',
      writeConfig(dir, { textmarketer: goodSection }),
      '--report-dir',
      dir,
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`cannot connect to http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
    const report = readReport(dir);
    expect(report.verdict).toBe('errored');
    expect(report.exitCode).toBe(3);
  });

  test('a run where no check ran is never conformant', async () => {
    const dir = tempDir();
    const r = await run(['run', 'textmarketer', '--report-dir', dir, '--shard', '2/2']);
    expect(r.code).not.toBe(0);
    expect(readReport(dir).errors.join(' ')).toMatch(/no check ran/);
  });
});

// One whole run by URL, with every check's evidence, serves both secret tests: the config's own
// secrets and a value taken from the environment (${NAME}) must be in no report file.
describe('a target by URL with a config: secrets stay out of the reports', () => {
  let mock: Awaited<ReturnType<typeof start>>;
  let dir: string;
  let r: CliResult;
  beforeAll(async () => {
    mock = await start();
    dir = tempDir();
    process.env.CONFORMANCE_TEST_TAKEN = (mock.targetConfig as { takenUsername: string }).takenUsername;
    r = await inProcess([
      'run',
      'textmarketer',
      '--base-url',
      mock.url,
      '--config',
      writeConfig(dir, {
        textmarketer: { ...mock.targetConfig, takenUsername: '${CONFORMANCE_TEST_TAKEN}' },
      }),
      '--report-dir',
      dir,
    ]).finally(() => {
      delete process.env.CONFORMANCE_TEST_TAKEN;
    });
  });
  afterAll(() => mock?.close());

  test('secrets from the config appear in no report file and not on the console', () => {
    const creds = (mock.targetConfig as { credentials: { username: string; password: string } }).credentials;
    expect(r.code).toBe(0);
    const basic = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
    for (const f of ['report.json', 'index.html', 'junit.xml', 'report.md']) {
      const text = readFileSync(join(dir, 'textmarketer', f), 'utf8');
      expect(text).not.toContain(creds.password);
      expect(text).not.toContain(creds.username);
      expect(text).not.toContain(basic);
    }
    expect(readFileSync(join(dir, 'textmarketer', 'report.json'), 'utf8')).toContain('[REDACTED]');
    expect(r.stdout).not.toContain(creds.password);
  });

  test('a config value from the environment (${NAME}) is used, and redacted from every report file', async () => {
    const taken = (mock.targetConfig as { takenUsername: string }).takenUsername;
    // used: the check of a taken username passed with it (the mock refuses exactly that name)
    expect(r.code).toBe(0);
    const report = readReport(dir);
    expect(report.requirements.find((q: { id: string }) => q.id === 'TMR-USERNAME-TAKEN')?.outcome).toBe(
      'passed',
    );
    for (const f of ['report.json', 'index.html', 'junit.xml', 'report.md']) {
      expect(readFileSync(join(dir, 'textmarketer', f), 'utf8')).not.toContain(taken);
    }
    const unset = await run([
      'run',
      'textmarketer',
      '--config',
      writeConfig(tempDir(), { textmarketer: { takenUsername: '${CONFORMANCE_UNSET_X}' } }),
    ]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain(
      'textmarketer.takenUsername: the environment variable CONFORMANCE_UNSET_X is not set',
    );
  });
});

describe('a baseline of known deviations gates CI', () => {
  // The gate needs two requirements: the known deviation (TMR-SUCCESS-DOCTYPE, wrong-public-id's
  // only break) and the new failure (TMR-EMAIL-INVALID, which passes in the first run, so the
  // written baseline must leave it out). Both judged by hand-picked checks: no generated value.
  const noGenerated = ['--only', 'TMR-SUCCESS-DOCTYPE,TMR-EMAIL-INVALID', '--examples', '0'];
  test('known failures pass the gate; a new failure or a stale entry fails it', async () => {
    const dir = tempDir();
    const broken = await inProcess([
      'run',
      'textmarketer',
      '--report-dir',
      dir,
      '--mock-faults',
      'wrong-public-id',
      '--quiet',
      ...noGenerated,
    ]);
    expect(broken.code).toBe(1);
    const written = await run(['baseline', dir, '--reason', 'vendor ships the 1.5 DTD']);
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout)).toEqual({
      textmarketer: { 'TMR-SUCCESS-DOCTYPE': 'vendor ships the 1.5 DTD' },
    });
    const file = join(dir, 'baseline.json');
    writeFileSync(file, written.stdout);

    const known = await inProcess([
      'run',
      'textmarketer',
      '--report-dir',
      tempDir(),
      '--mock-faults',
      'wrong-public-id',
      '--baseline',
      file,
      ...noGenerated,
    ]);
    expect(known.code).toBe(0);
    expect(known.stdout).toMatch(/baseline .*: 1 known deviation/);

    const fresh = await inProcess([
      'run',
      'textmarketer',
      '--report-dir',
      tempDir(),
      '--mock-faults',
      'wrong-public-id,email-unchecked',
      '--baseline',
      file,
      ...noGenerated,
    ]);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/NEW failures: TMR-EMAIL-INVALID/);

    const outDir = tempDir();
    const stale = await inProcess([
      'run',
      'textmarketer',
      '--report-dir',
      outDir,
      '--baseline',
      file,
      ...noGenerated,
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/now passing, remove from the baseline: TMR-SUCCESS-DOCTYPE/);
    expect(readReport(outDir).baseline.unexpectedPasses).toEqual(['TMR-SUCCESS-DOCTYPE']);

    const bad = await run([
      'run',
      'textmarketer',
      '--baseline',
      writeConfig(tempDir(), { textmarketer: { 'TMR-X': '' } }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/baseline .*must NOT have fewer than 1 characters/);
  });
});

describe('shards split the vendors the same way in every process (as on separate CI machines)', () => {
  test('two vendors, --shard 1/2 and 2/2, twice over: each vendor in exactly one shard, the same one each time', async () => {
    // Each run starts its own vitest instance (its entry files in a directory of their own, as in
    // another process). Where a vendor lands is the subject, not what its checks find: one
    // requirement each (a shard that ran a vendor's file is told from one that did not by the
    // report's "ran no suite file" error either way), no generated value.
    const ranIn = async (shard: string) => {
      const dir = tempDir();
      await run([
        'run',
        'textmarks',
        'eprize',
        '--shard',
        shard,
        '--report-dir',
        dir,
        '--only',
        'TXM-READBACK,EPZ-CREATE-201',
        '--examples',
        '0',
      ]);
      return ['textmarks', 'eprize'].filter((v) => {
        try {
          return readReport(dir, v).errors.every((e: string) => !e.includes('ran no suite file'));
        } catch {
          return false;
        }
      });
    };
    const first = [await ranIn('1/2'), await ranIn('2/2')];
    const second = [await ranIn('1/2'), await ranIn('2/2')];
    expect(second).toEqual(first);
    expect([...(first[0] ?? []), ...(first[1] ?? [])].sort()).toEqual(['eprize', 'textmarks']);
  }, 120_000);
});

describe('shards of one run, merged into one report', () => {
  test('vitest --shard splits the suites; merge joins the shard reports; an empty shard never passes', async () => {
    const [a, b, out] = [tempDir(), tempDir(), tempDir()];
    // Every hand-picked check in shard 1 (its verdict is what the merge carries), no generated value.
    const one = await run(['run', 'textmarketer', '--shard', '1/2', '--report-dir', a, '--examples', '0']);
    const two = await run(['run', 'textmarketer', '--shard', '2/2', '--report-dir', b, '--examples', '0']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(1);
    expect(readReport(b).errors).toContain('shard 2/2 ran no suite file');
    // shard 1 alone (the second artefact lost) never passes the gate
    const lone = await run(['merge', a, '--report-dir', tempDir()]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toMatch(/shard 2\/2 of this run is missing/);
    const merged = await run(['merge', a, b, '--report-dir', out]);
    expect(merged.code).toBe(0);
    expect(readReport(a).run.vendors).toEqual(['textmarketer']);
    expect(readReport(out).run.shard).toBe('1/2');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.exitCode).toBe(0);
    expect(summary.vendors.map((v: { id: string }) => v.id)).toEqual(['textmarketer']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('textmarketer/index.html');
    const nothing = await run(['merge', tempDir()]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/no report\.json/);
  });
});

describe('usage and config errors: exit 2 with a message naming the problem', () => {
  const cases: [string, (dir: string) => string[], RegExp][] = [
    [
      'config is not JSON',
      (d) => ['run', 'textmarketer', '--config', writeConfig(d, '{"timeoutMs": 5,,}')],
      /is not valid JSON/,
    ],
    [
      'config file missing',
      (d) => ['run', 'textmarketer', '--config', join(d, 'nope.json')],
      /cannot read config .*ENOENT/,
    ],
    [
      'a field of the wrong type',
      (d) => ['run', 'textmarketer', '--config', writeConfig(d, { textmarketer: { accountId: 42 } })],
      /textmarketer\.accountId: must be string/,
    ],
    [
      'a reading outside its options',
      (d) => [
        'run',
        'textmarketer',
        '--config',
        writeConfig(d, { textmarketer: { readings: { auth: 'oauth' } } }),
      ],
      /textmarketer\.readings\.auth: must be equal to one of the allowed values/,
    ],
    [
      'an unknown top-level field',
      (d) => ['run', 'textmarketer', '--config', writeConfig(d, { textmarketr: {} })],
      /textmarketr: unknown field/,
    ],
    [
      'a timeout out of range',
      (d) => ['run', 'textmarketer', '--config', writeConfig(d, { timeoutMs: 1 })],
      /timeoutMs: must be >= 50/,
    ],
    [
      'a URL target without its section',
      (d) => ['run', 'textmarketer', '--base-url', 'http://127.0.0.1:9/x', '--config', writeConfig(d, {})],
      /textmarketer\.credentials: is required/,
    ],
    ['an unknown vendor', () => ['run', 'nosuchvendor'], /unknown vendor 'nosuchvendor'/],
    ['an unknown fault', () => ['run', 'textmarketer', '--mock-faults', 'nope'], /unknown fault 'nope'/],
    ['an unknown flag', () => ['run', 'textmarketer', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['no command', () => [], /Usage:/],
    ['a bad --timeout', () => ['run', 'textmarketer', '--timeout', 'soon'], /--timeout/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const dir = tempDir();
      const r = await run(args(dir));
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toMatch(message);
      expect(r.stdout + r.stderr).not.toMatch(STACK);
    });
  }
});

test('the binary: a usage error exits 2 with one line and no stack trace', async () => {
  const r = await cli(['run', 'nosuchvendor']);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    "conformance: unknown vendor 'nosuchvendor' (known: textmarketer, textmarks, iservice, eprize, sociotoco)\n",
  );
});

test('the binary: output piped into a reader that closes early is not an error', async () => {
  const { spawn } = await import('node:child_process');
  const { BIN, cleanEnv } = await import('./cli-helper.ts');
  const child = spawn(process.execPath, [BIN, 'faults', 'textmarketer'], { env: cleanEnv() });
  child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(code).toBe(0);
  expect(err).not.toMatch(/EPIPE|Error/);
});

describe('the report directory is checked before any request is sent', () => {
  test('a file in the way: exit 2 naming it, nothing run', async () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await run(['run', 'textmarketer', '--report-dir', join(file, 'reports')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-dir .*a-file is not a directory/);
    expect(r.stdout).toBe('');
  });
  test('a directory procfs will not create: exit 2 at once, no loop', async () => {
    const r = await run(['run', 'textmarketer', '--report-dir', '/proc/conformance-x/reports']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-dir \/proc\/conformance-x\/reports: cannot write there/);
  });
});

test('a base URL with user:password@ is refused, and the password is never printed', async () => {
  const r = await run([
    'run',
    'textmarketer',
    '--base-url',
    'http://urluser:S3cretUrlPass@127.0.0.1:9/services/rest',
    '--config',
    writeConfig(tempDir(), { textmarketer: goodSection }),
  ]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/base URL carries credentials \(http:\/\/USER:PASSWORD@127\.0\.0\.1:9/);
  expect(r.stdout + r.stderr).not.toContain('S3cretUrlPass');
  expect(r.stdout + r.stderr).not.toContain('urluser');
});

describe('other commands', () => {
  test('readings: each reading with the requirements it switches on, then the optional fields that make checks verifiable', async () => {
    const r = await run(['readings', 'textmarks']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/readings\.foreignTmRescode .*\n(.*\n)*\s+switches on: TXM-TM-NOT-OWNED-2011/);
    expect(r.stdout).toMatch(/Optional config fields[^\n]*\n(.*\n)*\s+authPhone: /);
  });

  test('faults lists faults, bad input and reading variants apart', async () => {
    const r = await run(['faults', 'textmarketer']);
    expect(r.code).toBe(0);
    const [faults = '', rest = ''] = r.stdout.split('\nBad input');
    expect(faults).toMatch(/wrong-public-id\s+breaks TMR-SUCCESS-DOCTYPE/);
    expect(faults).not.toMatch(/spelling-notification/);
    expect(rest).toMatch(/html-page/);
    expect(rest).toMatch(/Reading variants[^\n]*\n(.*\n)*spelling-notification\s+with \{/);
  });

  test('mock on a port in use: a usage error naming the port', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await run(['mock', 'textmarketer', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--port: port ${port} is in use on 127.0.0.1`);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  test('list and faults describe the vendors and their mocks', async () => {
    const list = await run(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/textmarketer\s+TextMarketer/);
    const faults = await run(['faults', 'textmarketer']);
    expect(faults.stdout).toMatch(/wrong-public-id\s+breaks TMR-SUCCESS-DOCTYPE/);
  });

  test('mock serves the reference mock and prints the credentials it accepts', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN, cleanEnv } = await import('./cli-helper.ts');
    const child = spawn(process.execPath, [BIN, 'mock', 'textmarketer', '--port', '0'], { env: cleanEnv() });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl+C')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    // At once after the banner: the handlers are in place before it is printed, so the mock stops
    // cleanly (exit 0), never killed by the signal itself.
    const exited = new Promise<[number | null, string | null]>((done) =>
      child.once('exit', (code, signal) => done([code, signal])),
    );
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/services\/rest/);
    expect(out).toContain('"accountId"');
    expect(out).toContain('"password"');
  });
});
