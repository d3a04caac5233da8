// mock --check-client end to end, and the client catalogues held to the rule the server catalogues
// are held to (test/catalogue.test.ts): quotes verbatim from the page (inferred: or related.txt), a
// note on every inferred one, IDs unique and none shared with a server requirement.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { checksOf, oneLine, violationLine } from '../../src/client-check.ts';
import type { VendorReport } from '../../src/types.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { VENDORS } from '../../vendors.ts';
import { BIN, cleanEnv, ROOT, run, tempDir } from './cli-helper.ts';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('client catalogues trace to the page', () => {
  for (const vendor of VENDORS) {
    test(`${vendor.id}: quotes verbatim, inferred ones say why, IDs of their own`, async () => {
      expect(vendor.client, `${vendor.id} has client rules`).toBeDefined();
      const rules = await vendor.client?.();
      const dir = join(ROOT, 'schemas', vendor.id);
      const page = norm(readFileSync(join(dir, 'page.txt'), 'utf8'));
      const related = existsSync(join(dir, 'related.txt'))
        ? norm(readFileSync(join(dir, 'related.txt'), 'utf8'))
        : '';
      const ids = (rules?.requirements ?? []).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      const server = new Set(vendor.requirements.map((r) => r.id));
      expect(ids.filter((id) => server.has(id))).toEqual([]);
      for (const r of rules?.requirements ?? []) {
        expect(r.id).toMatch(/-CLIENT-/);
        expect(r.source).toBe(vendor.source);
        expect(r.reading, `${r.id}: a client following either reading breaks nothing`).toBeUndefined();
        for (const line of r.quote.split('\n').map(norm).filter(Boolean))
          expect(
            page.includes(line) || (r.basis === 'inferred' && related.includes(line)),
            `${r.id}: "${line}"`,
          ).toBe(true);
        if (r.basis === 'inferred') expect(r.note ?? '').not.toBe('');
        if (r.statement !== undefined) expect(page).toContain(norm(r.statement));
      }
    });
  }
});

describe('the pure parts', () => {
  test('a violation is one console line: method, path (no query), ID, level, quote, problem', () => {
    const line = violationLine(
      { method: 'POST', url: '/x/account/1?password=p' },
      { id: 'X-CLIENT-A', level: 'MUST', quote: 'first line\n  second' },
      'X-CLIENT-A',
      'wrong',
    );
    expect(line).toBe('client POST /x/account/1: X-CLIENT-A (MUST) "first line / second": wrong');
    expect(oneLine('a'.repeat(300), 10)).toHaveLength(10);
  });

  test('a judged request: one failed check per violation, one passed check for the rest, origin client', () => {
    const ex = { request: { method: 'GET', url: 'http://h/p?q', headers: {} }, durationMs: 0 };
    const checks = checksOf(
      3,
      ex,
      { judged: ['A', 'B', 'C'], violations: [{ requirement: 'B', problem: 'bad' }] },
      (id) => id,
    );
    expect(checks.map((c) => [c.id, c.outcome, c.requirements, c.origin])).toEqual([
      ['client-3-1', 'failed', ['B'], 'client'],
      ['client-3', 'passed', ['A', 'C'], 'client'],
    ]);
  });
});

test('the renderers mark a client check as such (HTML badge, console and Markdown prefix)', async () => {
  const { renderConsole, RENDERERS } = await import('../../reporters/index.ts');
  const { ClientCheck } = await import('../../src/client-check.ts');
  const vendor = VENDORS.find((v) => v.id === 'textmarks');
  const rules = await vendor?.client?.();
  if (!vendor || !rules) throw new Error('textmarks client rules');
  const check = new ClientCheck({ vendor, rules, tool: { name: 't', version: '0' }, log: () => {} });
  check.use({ url: 'http://127.0.0.1:1', sections: [] });
  check.observe(
    {
      method: 'POST',
      url: '/TextMarkManager/set_integration_config/',
      headers: {},
      body: Buffer.from('tm=X'),
    },
    { status: 200, headers: {}, body: Buffer.from('{}') },
  );
  const report = check.report();
  expect(report.verdict).toBe('not-conformant');
  expect(RENDERERS['index.html'](report)).toContain('<span class="badge client">client</span>');
  expect(RENDERERS['report.md'](report)).toContain('[client]');
  expect(renderConsole(report, {})).toContain('[client]');
});

describe('conformance mock --check-client', () => {
  test('an unwritable report dir is a usage error before the mock starts (exit 2)', async () => {
    const dir = tempDir();
    const file = join(dir, 'file');
    await import('node:fs').then((fs) => fs.writeFileSync(file, ''));
    const r = await run(['mock', 'textmarketer', '--check-client', '--report-dir', join(file, 'sub')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-dir/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('logs each violation, serves the report, and writes it on SIGTERM (exit 1: a MUST broken)', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [BIN, 'mock', 'textmarketer', '--check-client', '--report-dir', dir],
      {
        cwd: ROOT,
        env: cleanEnv(),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await expect
        .poll(() => /listening on (\S+)/.exec(stdout)?.[1], { timeout: 60_000, interval: 100 })
        .toBeDefined();
      const url = /listening on (\S+)/.exec(stdout)?.[1] as string;
      const section = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.indexOf('\n}') + 2)).textmarketer;
      const body = new URLSearchParams({ ...section.credentials, notifcation_email: 'nope' }).toString();
      const res = await fetch(`${url}/account/${section.accountId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status).toBe(400);
      await expect
        .poll(() => stdout, { timeout: 5000 })
        .toMatch(/TMR-CLIENT-EMAIL \(MUST\) "notifcation_email/);
      const served = (await (
        await fetch(`${new URL(url).origin}/_conformance/report`)
      ).json()) as VendorReport;
      expect(served.checks.some((c) => c.origin === 'client' && c.outcome === 'failed')).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(1);
      const report = JSON.parse(
        readFileSync(join(dir, 'textmarketer', 'report.json'), 'utf8'),
      ) as VendorReport;
      expect(schemaErrors(reportSchema, report)).toEqual([]);
      expect(report.requirements.find((r) => r.id === 'TMR-CLIENT-EMAIL')?.outcome).toBe('failed');
      for (const f of ['index.html', 'junit.xml', 'report.md'])
        expect(existsSync(join(dir, 'textmarketer', f))).toBe(true);
      const all = `${stdout}${stderr}${readFileSync(join(dir, 'textmarketer', 'index.html'), 'utf8')}`;
      // Once in each config the mock prints (its own, then each alternative), nowhere else.
      const configs = stdout.match(/^\{$/gm)?.length ?? 0;
      expect(configs).toBeGreaterThan(0);
      expect(
        all.split(section.credentials.password).length - 1,
        'the password only where the mock prints its config',
      ).toBe(configs);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  test('a plain mock stops on SIGHUP too (exit 0); a second signal while stopping exits at once', async () => {
    const start = () => {
      const child = spawn(process.execPath, [BIN, 'mock', 'textmarketer', '--port', '0'], {
        cwd: ROOT,
        env: cleanEnv(),
      });
      const out = { stdout: '', stderr: '' };
      child.stdout.on('data', (c: Buffer) => {
        out.stdout += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        out.stderr += c.toString();
      });
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      return { child, out, exited };
    };
    const a = start();
    try {
      await expect.poll(() => a.out.stdout, { timeout: 60_000, interval: 100 }).toMatch(/Press Ctrl\+C/);
      a.child.kill('SIGHUP');
      expect(await a.exited).toBe(0);
      expect(a.out.stderr).toMatch(/SIGHUP: stopping/);
      expect(a.out.stderr).not.toMatch(/report/);
    } finally {
      a.child.kill('SIGKILL');
    }
    const b = start();
    try {
      await expect.poll(() => b.out.stdout, { timeout: 60_000, interval: 100 }).toMatch(/Press Ctrl\+C/);
      // both at once: the second is handled while the first is still stopping. Either may come first
      // (the kernel hands pending signals over lowest number first), or the mock may be gone before
      // the second: it exits with the code of whichever came second, or 0; never killed by a signal.
      b.child.kill('SIGTERM');
      b.child.kill('SIGINT');
      const code = await b.exited;
      expect([0, 130, 143]).toContain(code);
      if (code === 130) expect(b.out.stderr).toMatch(/SIGINT again: exiting now/);
      if (code === 143) expect(b.out.stderr).toMatch(/SIGTERM again: exiting now/);
      expect(b.out.stderr).not.toMatch(/\n\s+at /);
    } finally {
      b.child.kill('SIGKILL');
    }
  }, 120_000);
});
