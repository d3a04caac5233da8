// The CI examples a user copies (examples/): each parses, and every `conformance` command it runs
// exists with the flags it passes; the shards it runs are the shards it merges.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/cli.ts';
import { ROOT } from './cli-helper.ts';

/** Every `npx conformance …` invocation in a shell line, as [command, flags]. */
function invocations(lines: readonly string[]): { command: string; flags: string[]; line: string }[] {
  return lines.flatMap((line) =>
    [...line.matchAll(/npx conformance ([a-z]+)([^|;&]*)/g)].map((m) => ({
      command: m[1] ?? '',
      flags: [...(m[2] ?? '').matchAll(/(?:^|\s)--([a-z-]+)/g)].map((f) => f[1] ?? ''),
      line,
    })),
  );
}

function checkCommands(lines: readonly string[]): void {
  const found = invocations(lines);
  expect(found.length).toBeGreaterThanOrEqual(2);
  for (const { command, flags, line } of found) {
    const cmd = COMMANDS[command];
    expect(cmd, `unknown command in: ${line}`).toBeDefined();
    for (const f of flags) expect(Object.keys(cmd?.options ?? {}), `--${f} in: ${line}`).toContain(f);
  }
  const run = found.find((i) => i.command === 'run');
  expect(run?.flags).toEqual(expect.arrayContaining(['shard', 'baseline', 'report-dir']));
}

const read = (name: string) => parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));

describe('examples/ for CI', () => {
  test('GitHub Actions: a shard matrix, artefacts, and a merge of exactly the matrix shards', () => {
    const wf = read('github-actions.yml');
    const steps = Object.values(
      wf.jobs as Record<string, { steps: { run?: string; uses?: string }[] }>,
    ).flatMap((j) => j.steps);
    const runs = steps.flatMap((s) => (s.run ? [s.run] : []));
    checkCommands(runs);
    const shards: number[] = wf.jobs.shard.strategy.matrix.shard;
    const merge = runs.find((r) => r.includes('conformance merge')) ?? '';
    expect(merge.match(/reports-\d+/g)).toEqual(shards.map((n) => `reports-${n}`));
    expect(runs.join('\n')).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).length).toBeGreaterThanOrEqual(
      2,
    );
  });

  test('GitLab CI: parallel shards, artefacts with JUnit, and a merge of every shard', () => {
    const ci = read('gitlab-ci.yml');
    const lines = [...ci.conformance.script, ...ci.gate.script] as string[];
    checkCommands(lines);
    const merge = lines.find((r) => r.includes('conformance merge')) ?? '';
    expect(merge.match(/reports-\d+/g)).toEqual(
      Array.from({ length: ci.conformance.parallel }, (_, i) => `reports-${i + 1}`),
    );
    expect(ci.gate.artifacts.reports.junit).toBe('reports/*/junit.xml');
  });
});
