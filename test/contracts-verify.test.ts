// Every contract proves itself with the Pact verifier: it verifies against its clean reference
// mock; each fault listed in contracts/<vendor>/proof.ts fails exactly the interactions it names,
// and the report names the interaction and the mismatch; an unreachable target is exit 3, like the
// suite. For TextMarketer also the real-target paths: a state-change URL (values, teardown, a
// secret header), a state that cannot be set up, and `run --pact` in one report. (The config alone,
// every vendor, twice, no secret in the report: test/contracts-real.test.ts.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ContractProof } from '../contracts/pact.ts';
import { renderConsole } from '../reporters/console.ts';
import { mdCell } from '../reporters/escape.ts';
import { renderMarkdown } from '../reporters/markdown.ts';
import { worstExit } from '../src/gate.ts';
import { findPactFiles, readPact } from '../src/pact/verify.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { type RunOptions, runConformance } from '../src/runner.ts';
import type { CheckResult, ContractProvider, VendorDefinition, VendorReport } from '../src/types.ts';
import { loadProvider } from '../src/vendor.ts';
import { VENDORS } from '../vendors.ts';
import { limited } from './limit.ts';
import { testRunner } from './runner.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

async function verify(vendor: string, extra: Partial<RunOptions> = {}): Promise<VendorReport> {
  const { reports } = await runConformance({
    allVendors: VENDORS,
    vendors: [vendor],
    suite: false,
    pact: true,
    ...extra,
  });
  const report = reports[0];
  if (!report) throw new Error('no report');
  return report;
}

const contract = (r: VendorReport): CheckResult[] => r.checks.filter((c) => c.origin === 'contract');
const stripIds = (d: string) => d.replace(/^\[[^\]]*\]\s*/, '');

// Every vendor's clean and fault verifications start together before the first test, four at a time
// (test/limit.ts); each test awaits its own. Tests that build their own target verify beside them.
const queued = limited(4);
const starters: (() => void)[] = [];
beforeAll(() => {
  for (const start of starters) start();
});

test('every vendor has a contract (a vendor without one would be skipped silently)', () => {
  expect(VENDORS.filter((v) => findPactFiles(v.id).length === 0).map((v) => v.id)).toEqual([]);
});

for (const vendor of VENDORS.filter((v) => findPactFiles(v.id).length > 0)) {
  const interactions = findPactFiles(vendor.id).flatMap((f) => readPact(f).interactions);
  const proofFile = join(PROJECT_ROOT, 'contracts', vendor.id, 'proof.ts');
  const proofs = ((await import(pathToFileURL(proofFile).href)) as { CONTRACT_PROOF: ContractProof[] })
    .CONTRACT_PROOF;

  describe(`${vendor.id}: the contract proves itself with the Pact verifier`, () => {
    // The clean mock and every proof fault (a mock each): the Rust verifier runs off the event loop,
    // so verifications overlap.
    const runs = new Map<string, Promise<VendorReport>>();
    const verified = (fault?: string): Promise<VendorReport> => {
      const key = fault ?? '';
      let r = runs.get(key);
      if (!r) {
        const readings = proofs.find((p) => p.fault === fault)?.readings;
        r = queued(() =>
          verify(vendor.id, {
            ...(fault ? { faults: [fault] } : {}),
            ...(readings ? { config: { [vendor.id]: { readings } } } : {}),
          }),
        );
        runs.set(key, r);
        // Awaited by its test; until then a failure is not an unhandled rejection.
        r.catch(() => undefined);
      }
      return r;
    };
    starters.push(() => {
      for (const fault of [undefined, ...proofs.map((p) => p.fault)]) verified(fault);
    });

    test('verifies against the clean reference mock: every interaction passed, exit 0', async () => {
      const r = await verified();
      expect(r.errors).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.verdict).toBe('conformant');
      expect(r.contract?.interactions).toBe(interactions.length);
      expect(r.contract?.providerStates).toBe('target-config');
      const checks = contract(r);
      expect(checks.length).toBe(interactions.length);
      expect(checks.length).toBe(r.checks.length);
      // Not applicable only with the reason (an open point the mock's default config leaves open).
      expect(
        checks
          .filter(
            (c) =>
              c.outcome !== 'passed' &&
              !(c.outcome === 'not-applicable' && /^not replayed: /.test(c.message ?? '')),
          )
          .map((c) => `${c.title}: ${c.message}`),
      ).toEqual([]);
      for (const c of checks.filter((k) => k.outcome === 'passed')) {
        expect(c.requirements.length).toBeGreaterThan(0);
        expect(c.exchanges[0]?.response?.status, c.title).toBeTypeOf('number');
      }
    });

    test('declares the faults the contract must catch (contracts/<vendor>/proof.ts)', () => {
      expect(proofs.length).toBeGreaterThan(0);
      const known = new Set(vendor.faults.map((f) => f.id));
      expect(proofs.map((p) => p.fault).filter((f) => !known.has(f))).toEqual([]);
    });

    for (const proof of proofs) {
      test(`fault ${proof.fault} fails exactly ${proof.fails}, and the report names the mismatch`, async () => {
        const r = await verified(proof.fault);
        expect(r.errors).toEqual([]);
        // The gate fails the run when a broken requirement gates: a MUST, or one switched on by
        // the reading the fault is proven under. A SHOULD-only fault is caught and reported, exit 0.
        const fault = vendor.faults.find((f) => f.id === proof.fault);
        const gates = r.requirements.some(
          (q) =>
            (q.outcome === 'failed' || q.outcome === 'errored') &&
            (q.level === 'MUST' || (q.reading !== undefined && fault?.readings?.[q.reading] !== undefined)),
        );
        expect(r.exitCode).toBe(gates ? 1 : 0);
        const failed = contract(r).filter((c) => c.outcome !== 'passed' && c.outcome !== 'not-applicable');
        expect(failed.filter((c) => c.outcome !== 'failed').map((c) => `${c.title}: ${c.message}`)).toEqual(
          [],
        );
        // An interaction this run does not replay (not applicable under the run's readings) cannot catch it.
        const replayed = new Set(
          contract(r)
            .filter((c) => c.outcome !== 'not-applicable')
            .map((c) => c.id.replace(/^contract › /, '')),
        );
        const expected = interactions
          .filter((i) => proof.fails.test(i.description) && replayed.has(i.description))
          .map((i) => i.description);
        expect(expected.length).toBeGreaterThan(0);
        expect(failed.map((c) => c.id.replace(/^contract › /, '')).sort()).toEqual(expected.sort());
        const markdown = renderMarkdown(r);
        const summary = renderConsole(r);
        for (const c of failed) {
          const name = stripIds(c.id.replace(/^contract › /, ''));
          expect(c.failure?.title).toContain(`Pact interaction "${name}" failed`);
          expect(
            c.failure?.messages?.some((m) => proof.mismatch.test(m)),
            c.failure?.messages?.join('\n'),
          ).toBe(true);
          expect(markdown).toContain(name.replace(/\|/g, '\\|'));
        }
        const firstMismatch = failed[0]?.failure?.messages?.find((m) => proof.mismatch.test(m)) ?? '';
        expect(markdown).toContain(mdCell(firstMismatch));
        expect(summary).toContain('[contract] Pact interaction');
      });
    }

    test('a target that cannot be reached: errored, exit 3, like the suite', async () => {
      const mock = await vendor.startMock({});
      const { url, targetConfig } = mock;
      await mock.close();
      const r = await verify(vendor.id, { baseUrl: url, config: { [vendor.id]: targetConfig } });
      expect(r.exitCode).toBe(3);
      expect(r.verdict).toBe('errored');
      expect(r.errors.join('\n')).toMatch(/cannot connect/);
    });
  });
}

describe('textmarketer: a real target (the mock served on its own, reached by URL)', () => {
  async function served(faults: string[] = []) {
    const tm = VENDORS.find((v) => v.id === 'textmarketer');
    if (!tm) throw new Error('no textmarketer');
    return tm.startMock({ faults });
  }

  function stateServer(answer: (body: { state: string; action: string }) => [number, unknown]) {
    const calls: { body: { state: string; action: string; params: unknown }; token: string | undefined }[] =
      [];
    const server: Server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        const body = JSON.parse(text);
        calls.push({ body, token: req.headers['x-state-token'] as string | undefined });
        const [status, json] = answer(body);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    return new Promise<{ url: string; calls: typeof calls; close: () => Promise<void> }>((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as AddressInfo).port;
        resolve({
          url: `http://127.0.0.1:${port}/pact/state`,
          calls,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
    });
  }

  /** TextMarketer with its provider driver changed by `change` (the engine's paths, on a real vendor). */
  function withProvider(change: (p: ContractProvider) => ContractProvider): VendorDefinition[] {
    return VENDORS.map((v) =>
      v.id === 'textmarketer'
        ? { ...v, provider: async () => change((await loadProvider(v)) as ContractProvider) }
        : v,
    );
  }

  test('a state this target cannot be in: its interactions are not applicable, with the reason and the key; never failed', async () => {
    const mock = await served();
    const foreign = 'an existing account the API credentials may not access';
    try {
      const r = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          states: {
            ...p.states,
            [foreign]: { unavailable: () => ({ reason: 'no such account here', needs: 'foreignAccountId' }) },
          },
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      const na = contract(r).filter((c) => c.outcome === 'not-applicable');
      expect(na.map((c) => c.requirements)).toEqual([['TMR-403-FOREIGN']]);
      expect(na[0]?.message).toBe(`not replayed: given '${foreign}', no such account here`);
      expect(na[0]?.needs).toBe('foreignAccountId');
      expect(na[0]?.exchanges).toEqual([]);
      expect(r.contract?.notApplicable).toBe(1);
      expect(contract(r).filter((c) => c.outcome !== 'passed' && c.outcome !== 'not-applicable')).toEqual([]);
      expect(r.requirements.find((q) => q.id === 'TMR-403-FOREIGN')?.outcome).toBe('not-applicable');
      expect(r.exitCode).toBe(0);
      expect(renderConsole(r)).toContain('foreignAccountId');
    } finally {
      await mock.close();
    }
  });

  test("the request filter: the target gets the filtered request, the evidence shows it as sent beside the contract's expectation", async () => {
    const mock = await served();
    try {
      const r = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          filter: (req, ctx) => {
            const base = p.filter ? p.filter(req, ctx) : req;
            return ctx.states.some((s) => s.name === 'an account ID that does not exist')
              ? { ...base, headers: { ...base.headers, 'x-filtered': 'yes' } }
              : base;
          },
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      expect(r.exitCode).toBe(0);
      const notFound = contract(r).find((c) => c.requirements.includes('TMR-404-UNKNOWN'));
      expect(notFound?.exchanges[0]?.request.headers['x-filtered']).toBe('yes');
      expect(notFound?.notes.some((n) => /^the contract expects HTTP 404/.test(n))).toBe(true);
      const other = contract(r).find((c) => c.requirements.includes('TMR-403-FOREIGN'));
      expect(other?.exchanges[0]?.request.headers['x-filtered']).toBeUndefined();
    } finally {
      await mock.close();
    }
  });

  test("adapt: the contract under the target's readings is what is verified (a status rule the Rust verifier honours), and the check says so", async () => {
    const mock = await served();
    const isNotFound = (i: { description: string }) => i.description.startsWith('[TMR-404-UNKNOWN]');
    try {
      // The written status replaced by one the mock never answers, then a status rule that accepts 404.
      const strict = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          adapt: (i) =>
            isNotFound(i)
              ? {
                  interaction: { ...i, response: { ...(i.response as object), status: 410 } },
                  note: 'expects 410',
                }
              : undefined,
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      const failed = contract(strict).filter((c) => c.outcome === 'failed');
      expect(failed.map((c) => c.requirements)).toEqual([['TMR-404-UNKNOWN']]);
      expect(failed[0]?.notes).toContain('the contract as verified against this target: expects 410');
      const relaxed = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          adapt: (i) =>
            isNotFound(i)
              ? {
                  interaction: {
                    ...i,
                    response: {
                      ...(i.response as object),
                      status: 410,
                      matchingRules: {
                        status: { combine: 'OR', matchers: [{ match: 'statusCode', status: [404, 410] }] },
                      },
                    },
                  },
                  note: 'HTTP 404 or 410',
                }
              : undefined,
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      expect(
        contract(relaxed)
          .filter((c) => c.outcome !== 'passed')
          .map((c) => c.message),
      ).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  test('a filter that throws errors that interaction only, saying why', async () => {
    const mock = await served();
    try {
      const r = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          filter: (req, ctx) => {
            if (ctx.states.some((s) => s.name === 'an account ID that does not exist'))
              throw new Error('no signer');
            return p.filter ? p.filter(req, ctx) : req;
          },
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      const errored = contract(r).filter((c) => c.outcome === 'errored');
      expect(errored.map((c) => c.requirements)).toEqual([['TMR-404-UNKNOWN']]);
      expect(errored[0]?.message).toContain('the request filter failed: no signer');
      expect(r.exitCode).toBe(1);
    } finally {
      await mock.close();
    }
  });

  test('what the contract changes is read first and put back; what could not be is a warning; unreadable, nothing is sent', async () => {
    const mock = await served();
    try {
      const calls: string[] = [];
      const r = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          preserve: async () => {
            calls.push('read');
            return async () => {
              calls.push('restore');
              return ['company_name kept a test value'];
            };
          },
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      expect(calls).toEqual(['read', 'restore']);
      expect(r.warnings).toContain('company_name kept a test value');
      const unread = await verify('textmarketer', {
        allVendors: withProvider((p) => ({
          ...p,
          preserve: async () => {
            throw new Error('HTTP 500');
          },
        })),
        baseUrl: mock.url,
        config: { textmarketer: mock.targetConfig },
      });
      expect(unread.errors.join('\n')).toMatch(
        /the contract was not verified: .*could not be read first.*HTTP 500/,
      );
      expect(contract(unread).every((c) => c.exchanges.length === 0)).toBe(true);
      expect(unread.exitCode).toBe(1);
    } finally {
      await mock.close();
    }
  });

  test('a state-change URL: called to set up and tear down each state, its values win, its header stays secret', async () => {
    const mock = await served();
    const states = await stateServer((b) => [
      200,
      b.action === 'setup' && b.state === 'an account ID that does not exist'
        ? { unknownAccountId: 'zz99fromthestateurl99zz0' }
        : {},
    ]);
    try {
      const r = await verify('textmarketer', {
        baseUrl: mock.url,
        config: {
          textmarketer: {
            ...mock.targetConfig,
            pact: {
              stateChangeUrl: states.url,
              stateChangeHeaders: { 'x-state-token': 'token-s3cr3t-value' },
            },
          },
        },
      });
      expect(r.contract?.providerStates).toBe('state-change-url');
      expect(contract(r).filter((c) => c.outcome !== 'passed')).toEqual([]);
      const setups = states.calls.filter((c) => c.body.action === 'setup');
      expect(setups.length).toBe(r.contract?.interactions);
      expect(states.calls.filter((c) => c.body.action === 'teardown').length).toBe(setups.length);
      expect(states.calls.every((c) => c.token === 'token-s3cr3t-value')).toBe(true);
      const notFound = contract(r).find((c) => c.requirements.includes('TMR-404-UNKNOWN'));
      expect(notFound?.exchanges[0]?.request.url).toMatch(/\/account\/zz99fromthestateurl99zz0$/);
      expect(JSON.stringify(r)).not.toContain('token-s3cr3t-value');
    } finally {
      await states.close();
      await mock.close();
    }
  });

  test('a state that cannot be set up errors its interactions, naming the state', async () => {
    const mock = await served();
    const broken = 'an existing account the API credentials may not access';
    const states = await stateServer((b) => (b.state === broken ? [500, { error: 'no' }] : [200, {}]));
    try {
      const r = await verify('textmarketer', {
        baseUrl: mock.url,
        config: { textmarketer: { ...mock.targetConfig, pact: { stateChangeUrl: states.url } } },
      });
      const errored = contract(r).filter((c) => c.outcome === 'errored');
      expect(errored.map((c) => c.requirements)).toEqual([['TMR-403-FOREIGN']]);
      expect(errored[0]?.message).toContain(`provider state '${broken}' could not be set up`);
      expect(r.exitCode).toBe(1);
    } finally {
      await states.close();
      await mock.close();
    }
  });

  test('run --pact: suite and contract in one report, the contract checks marked as such', async () => {
    const { reports } = await runConformance(
      {
        allVendors: VENDORS,
        vendors: ['textmarketer'],
        pact: true,
        // One report of both is the point, not the generated inputs (test/textmarketer/proof.test.ts).
        examples: 0,
      },
      testRunner(),
    );
    const r = reports[0] as VendorReport;
    expect(worstExit(reports)).toBe(0);
    expect(r.contract?.interactions).toBeGreaterThan(0);
    const fromContract = contract(r);
    expect(fromContract.length).toBe(r.contract?.interactions);
    expect(r.checks.length).toBeGreaterThan(fromContract.length);
    const envelope = r.requirements.find((q) => q.id === 'TMR-ERROR-ENVELOPE');
    expect(envelope?.checks.some((id) => id.startsWith('contract › '))).toBe(true);
    expect(envelope?.checks.some((id) => !id.startsWith('contract › '))).toBe(true);
  });
});
