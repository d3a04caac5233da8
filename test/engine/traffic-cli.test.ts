// `conformance proxy` as a user runs it (a child process; in process for the usage error, which
// needs no process boundary): a port in use is a usage error naming it; the printed URL works; Ctrl+C (SIGINT) writes every rendering of the report and exits with the
// gate's code; the console has a line per violation naming its requirement and never a secret; a
// second signal exits at once.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { RENDERERS } from '../../reporters/index.ts';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import type { VendorReport } from '../../src/types.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { VENDORS } from '../../vendors.ts';
import { drive } from '../textmarketer/traffic-session.ts';
import { BIN, cleanEnv, ROOT, run, tempDir } from './cli-helper.ts';

const vendor = VENDORS.find((v) => v.id === 'textmarketer');
if (!vendor) throw new Error('textmarketer is not registered');

interface Proxy {
  child: ChildProcessWithoutNullStreams;
  url: string;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

const started: Proxy[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

/** The proxy started as `npx conformance proxy …` starts it; resolves once it printed its URL. */
async function startCli(args: string[]): Promise<Proxy> {
  const child = spawn(process.execPath, [BIN, 'proxy', 'textmarketer', ...args], {
    cwd: ROOT,
    env: cleanEnv(),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const m = /Point the client at (\S+) /.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on('data', look);
    exited.then((code) => reject(new Error(`the proxy exited (${code}) before its URL: ${out}${err}`)));
  });
  const p = { child, url, out: () => out, err: () => err, exited };
  started.push(p);
  return p;
}

/** A clean or faulty TextMarketer mock, a config for it, and a report directory. */
async function setUp(faults: string[]) {
  const mock = await (vendor as NonNullable<typeof vendor>).startMock({ faults });
  const dir = tempDir('conformance-proxy-cli-');
  const config = join(dir, 'target.json');
  writeFileSync(config, JSON.stringify({ textmarketer: mock.targetConfig }));
  const password = (mock.targetConfig.credentials as { password: string }).password;
  return { mock, dir, config, password, reports: join(dir, 'reports'), har: join(dir, 'traffic.har') };
}

describe('conformance proxy, as a user runs it', () => {
  test('a port in use: exit 2, naming the port', async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', () => done()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = await run([
        'proxy',
        'textmarketer',
        '--target',
        'http://127.0.0.1:9/x',
        '--port',
        String(port),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} is in use`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
    }
  });

  for (const [name, faults, gate] of [
    ['the clean mock', [] as string[], 0],
    ['a faulty mock (wrong-public-id)', ['wrong-public-id'], 1],
  ] as const) {
    test(`${name}: the URL works; SIGINT writes every report and exits ${gate}`, async () => {
      const s = await setUp([...faults]);
      try {
        const p = await startCli([
          '--target',
          s.mock.url,
          '--config',
          s.config,
          '--report-dir',
          s.reports,
          '--har-out',
          s.har,
        ]);
        const section = { ...s.mock.targetConfig, baseUrl: p.url };
        await drive(p.url, section);
        const live = (await (
          await fetch(`${new URL(p.url).origin}/_conformance/report`)
        ).json()) as VendorReport;
        expect(live.traffic?.exchanges).toBeGreaterThan(10);

        p.child.kill('SIGINT');
        expect(await p.exited).toBe(gate);
        const out = p.out();
        const err = p.err();
        expect(err).toContain('SIGINT: writing the report');
        for (const file of Object.keys(RENDERERS))
          expect(existsSync(join(s.reports, 'textmarketer', file)), file).toBe(true);
        const report = JSON.parse(
          readFileSync(join(s.reports, 'textmarketer', 'report.json'), 'utf8'),
        ) as VendorReport;
        expect(schemaErrors(reportSchema, report)).toEqual([]);
        expect(report.exitCode).toBe(gate);
        expect(report.traffic?.source).toBe('proxy');
        expect(report.traffic?.exchanges).toBe(live.traffic?.exchanges);
        expect(report.checks.every((c) => c.origin === 'traffic')).toBe(true);

        // One console line per violation, each naming the requirement it broke; no other.
        const failed = report.requirements.filter((r) => r.outcome === 'failed').map((r) => r.id);
        const lines = out.split('\n').filter((l) => l.startsWith('traffic '));
        const named = lines.map((l) => /-> \d+: ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) /.exec(l)?.[1]);
        expect(named.every((id) => id !== undefined && failed.includes(id))).toBe(true);
        expect([...new Set(named)].sort()).toEqual([...failed].sort());
        const violating = Object.values(report.traffic?.violations ?? {}).reduce((a, b) => a + b, 0);
        expect(lines.length).toBeGreaterThanOrEqual(violating);
        if (gate === 0) expect(lines).toEqual([]);
        else expect(failed).toContain('TMR-SUCCESS-DOCTYPE');

        // The secret the client sent (in the query) never reaches the console or a report.
        expect(`${out}${err}`).not.toContain(s.password);
        for (const file of Object.keys(RENDERERS))
          expect(readFileSync(join(s.reports, 'textmarketer', file), 'utf8')).not.toContain(s.password);
        expect(`${out}${err}`).not.toMatch(/\n\s+at /);
        // --har-out keeps the traffic verbatim (credentials included), readable by the owner alone.
        expect(statSync(s.har).mode & 0o777).toBe(0o600);
        expect(readFileSync(s.har, 'utf8')).toContain(s.password);
      } finally {
        await s.mock.close();
      }
    });
  }

  test('a second signal exits at once with its code, the report not written', async () => {
    const s = await setUp([]);
    try {
      const p = await startCli(['--target', s.mock.url, '--config', s.config, '--report-dir', s.reports]);
      await drive(p.url, { ...s.mock.targetConfig, baseUrl: p.url });
      // Two signals at once (the same one twice may merge into one while pending): whichever the
      // process takes second exits at once, with its own code.
      p.child.kill('SIGTERM');
      p.child.kill('SIGINT');
      const code = await p.exited;
      const second = /(SIGINT|SIGTERM) again: exiting now, the report not written/.exec(p.err())?.[1];
      expect(second).toBeDefined();
      expect(code).toBe(second === 'SIGINT' ? 130 : 143);
      expect(existsSync(join(s.reports, 'textmarketer', 'report.json'))).toBe(false);
    } finally {
      await s.mock.close();
    }
  });
});
