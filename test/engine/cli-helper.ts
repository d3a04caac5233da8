// Runs the real CLI in a child process, as a user would, with vitest's own variables removed.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteRunner } from '../../src/runner.ts';
import { testRunner } from '../runner.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'conformance.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST' && k !== 'NODE_ENV') env[k] = v;
  }
  return env;
}

export function cli(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: opts.cwd ?? ROOT,
        env: cleanEnv(),
        timeout: opts.timeoutMs ?? 90_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(prefix = 'conformance-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The CLI's main() in this process, as `conformance <args>` would run it: exit code and output.
 * With a runner, the suites run in that vitest instance instead of one started for this run alone.
 */
export async function run(args: string[], runner?: SuiteRunner): Promise<CliResult> {
  const { main } = await import('../../src/cli.ts');
  const { VENDORS } = await import('../../vendors.ts');
  let stdout = '';
  let stderr = '';
  const io = {
    out: (s: string) => {
      stdout += `${s}\n`;
    },
    err: (s: string) => {
      stderr += `conformance: ${s}\n`;
    },
  };
  const code = await main(args, VENDORS, io, runner ? { runner } : {});
  return { code, stdout, stderr };
}

/** run() in the test process's shared vitest instance (test/runner.ts). */
export function sharedRun(): (args: string[]) => Promise<CliResult> {
  return async (args) => run(args, testRunner());
}
