// The committed contracts never drift from the code: the consumer tests are run again into a temp
// dir and every pact file must come out as committed in contracts/pacts/. Also the rules every
// contract keeps: spec V4, provider = a known vendor, each interaction with a provider state and
// requirement IDs of that vendor, and no XML example left empty by a number matcher.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';
import { startVitest } from 'vitest/node';
import { CONSUMER } from '../contracts/pact.ts';
import { PACT_DIR, PROJECT_ROOT, readPact, requirementsOf } from '../src/pact/verify.ts';
import { VENDORS } from '../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const committed = readdirSync(PACT_DIR)
  .filter((n) => n.endsWith('.json'))
  .sort();

/** Metadata naming the versions of the pact tools: not contract content, so not compared. */
function comparable(path: string): unknown {
  const pact = JSON.parse(readFileSync(path, 'utf8')) as { metadata?: Record<string, unknown> };
  const { 'pact-js': _js, pactRust: _rust, ...metadata } = pact.metadata ?? {};
  return { ...pact, metadata };
}

class Outcome implements Reporter {
  failed: string[] = [];
  ran = 0;
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    for (const m of modules) {
      for (const e of m.errors()) this.failed.push(`${m.moduleId}: ${e.message}`);
      for (const t of m.children.allTests()) {
        this.ran += 1;
        if (t.result().state === 'failed') this.failed.push(t.fullName);
      }
    }
  }
}

const temp = mkdtempSync(join(tmpdir(), 'pacts-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('contracts/pacts/', () => {
  test('holds at least one contract', () => {
    expect(committed.length).toBeGreaterThan(0);
  });

  test('is exactly what the consumer tests generate (regenerate: npx vitest run --project contracts)', async () => {
    const outcome = new Outcome();
    const before = process.exitCode;
    const vitest = await startVitest(
      'test',
      [],
      {
        root: PROJECT_ROOT,
        config: false,
        watch: false,
        include: ['contracts/**/*.pact.test.ts'],
        reporters: [outcome],
        env: { PACT_OUTPUT_DIR: temp, PACT_DO_NOT_TRACK: 'true' },
        testTimeout: 60_000,
        // One worker that keeps its modules: pact-js is loaded once, not once per consumer file.
        maxWorkers: 1,
        isolate: false,
      } as Parameters<typeof startVitest>[2],
      { logLevel: 'error', cacheDir: join(PROJECT_ROOT, 'node_modules', '.vite-contracts') },
    );
    await vitest.close();
    process.exitCode = before;
    expect(outcome.failed).toEqual([]);
    expect(outcome.ran).toBeGreaterThan(0);
    const generated = readdirSync(temp)
      .filter((n) => n.endsWith('.json'))
      .sort();
    expect(generated, 'the consumer tests write other pact files than contracts/pacts/ holds').toEqual(
      committed,
    );
    for (const name of committed) {
      expect(
        comparable(join(temp, name)),
        `contracts/pacts/${name} is not what contracts/ generates: run npx vitest run --project contracts and commit the file`,
      ).toEqual(comparable(join(PACT_DIR, name)));
    }
  });

  for (const name of committed) {
    test(`${name}: V4, a known vendor, every interaction with a state and its requirement IDs`, () => {
      const raw = JSON.parse(readFileSync(join(PACT_DIR, name), 'utf8')) as {
        metadata: { pactSpecification: { version: string } };
      };
      expect(raw.metadata.pactSpecification.version).toBe('4.0');
      const pact = readPact(join(PACT_DIR, name));
      expect(pact.consumer.name).toBe(CONSUMER);
      const vendor = VENDORS.find((v) => v.id === pact.provider.name);
      expect(vendor, `provider ${pact.provider.name} is not a vendor id`).toBeDefined();
      expect(name).toBe(`${CONSUMER}-${pact.provider.name}.json`);
      const known = new Set(vendor?.requirements.map((r) => r.id));
      const problems: string[] = [];
      const descriptions = new Set<string>();
      for (const i of pact.interactions) {
        if (descriptions.has(i.description)) problems.push(`duplicate description: ${i.description}`);
        descriptions.add(i.description);
        if (!i.providerStates?.length) problems.push(`no provider state: ${i.description}`);
        const ids = requirementsOf(i.description);
        if (ids.length === 0) problems.push(`no requirement ID: ${i.description}`);
        for (const id of ids)
          if (!known.has(id)) problems.push(`unknown requirement ${id}: ${i.description}`);
      }
      expect(problems).toEqual([]);
    });

    test(`${name}: no XML example is emptied by a number matcher (pact-js 16.5: use xmlInteger/xmlNumber)`, () => {
      type Side = {
        body?: { content?: string; contentType?: string };
        matchingRules?: { body?: Record<string, { matchers: { match: string }[] }> };
      };
      const pact = JSON.parse(readFileSync(join(PACT_DIR, name), 'utf8')) as {
        interactions: { description: string; request?: Side; response?: Side }[];
      };
      const problems: string[] = [];
      for (const i of pact.interactions) {
        for (const side of [i.request, i.response]) {
          if (!side?.body?.contentType?.includes('xml')) continue;
          for (const [path, rule] of Object.entries(side.matchingRules?.body ?? {})) {
            const numeric = rule.matchers.some((m) => ['integer', 'decimal', 'number'].includes(m.match));
            const element = /\.([^.[\]]+)\.#text$/.exec(path)?.[1];
            if (numeric && element && side.body.content?.includes(`<${element}></${element}>`)) {
              problems.push(`${i.description}: <${element}> is empty (${path})`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
