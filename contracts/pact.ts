// What every vendor's consumer tests share: where pact files go, how interactions name the
// requirements they cover, and the workarounds pact-js 16.5 needs for XML and form bodies.
// One file per API: contracts/pacts/<CONSUMER>-<vendor id>.json, provider name = vendor id (that is
// how `conformance pact verify <vendor>` finds it).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Matcher,
  MatchersV3,
  PactV4,
  SpecificationVersion,
  type V3RegexMatcher,
  type XmlAttributes,
} from '@pact-foundation/pact';

// Otherwise pact's core tries to send usage data over the network (read when a mock server starts).
process.env.PACT_DO_NOT_TRACK = 'true';

export const CONSUMER = 'legacy-api-conformance';

/** contracts/pacts/, or PACT_OUTPUT_DIR (the drift test regenerates into a temp dir). */
export const PACT_DIR = process.env.PACT_OUTPUT_DIR ?? fileURLToPath(new URL('./pacts/', import.meta.url));

export function pactFile(provider: string, dir = PACT_DIR): string {
  return join(dir, `${CONSUMER}-${provider}.json`);
}

/**
 * The V4 pact of one API. Its old file is removed first: pact-js merges new interactions into an
 * existing file, so an interaction deleted from the tests would otherwise stay in the contract.
 * (Generate with the whole file: a run filtered with -t writes only the interactions it ran.)
 */
export function pactFor(provider: string): PactV4 {
  rmSync(pactFile(provider), { force: true });
  return new PactV4({
    consumer: CONSUMER,
    provider,
    dir: PACT_DIR,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'error',
  });
}

/**
 * A provider-state expression, `${path}`: `path` is a dotted path of the vendor's target-config
 * section (`accountId`, `credentials.username`). The verifier fills it from the config's fixtures and
 * the vendor's provider driver (contracts/<vendor>/provider.ts), or a state-change URL (src/pact/).
 */
export function fixture(path: string): string {
  return `\${${path}}`;
}

/**
 * `[ID, ID] what the interaction shows`: the verifier reports each interaction by its description,
 * and src/pact/verify.ts files the outcome under these requirement IDs.
 */
export function covers(ids: string[], title: string): string {
  return `[${ids.join(', ')}] ${title}`;
}

/**
 * XML attributes for XmlBuilder. pact-js 16.5 types them as Map<string, string>, but the builder
 * serialises with JSON.stringify, which turns a Map into {}: the attributes silently vanish from
 * the contract. A plain object (values may be matchers) survives; the cast only quiets the type.
 */
export function attrs(attributes: Record<string, string | Matcher<string>>): XmlAttributes {
  return attributes as unknown as XmlAttributes;
}

/**
 * A number as XML text. In 16.5 `integer()` (and `decimal()`, `number()`) inside XML text writes an
 * empty element: the builder keeps only string examples, so the contract's example body and what a
 * consumer test receives would be `<credits></credits>`. A regex matcher keeps the example and
 * still matches any value of the kind.
 */
export function xmlInteger(example: number): V3RegexMatcher {
  return MatchersV3.regex('^-?[0-9]+$', String(example));
}

/** An integer or a decimal as XML text (see xmlInteger). */
export function xmlNumber(example: number): V3RegexMatcher {
  return MatchersV3.regex('^-?[0-9]+(\\.[0-9]+)?$', String(example));
}

/** A regex matcher anchored at both ends (pact's regex matcher searches: unanchored, "a" matches "xay"). */
export function anchored(pattern: string, example: string): V3RegexMatcher {
  return MatchersV3.regex(`^(?:${pattern})$`, example);
}

/**
 * A form-encoded request body whose fields may be matchers or provider-state values.
 * pact-js 16.5 has no form builder: `body(type, buffer)` stores raw bytes and pins a content-type
 * check that a form never passes (its bytes are detected as text/plain). The FFI underneath takes
 * a JSON object for application/x-www-form-urlencoded and writes the form with its matching rules
 * and generators, so this calls it directly.
 */
export function formBody(builder: object, fields: Record<string, unknown>): void {
  const interaction = (builder as { interaction?: { withRequestBody?: (b: string, ct: string) => void } })
    .interaction;
  if (typeof interaction?.withRequestBody !== 'function') {
    throw new Error('pact-js changed: the request builder no longer exposes its interaction (see formBody)');
  }
  interaction.withRequestBody(JSON.stringify(fields), 'application/x-www-form-urlencoded');
}

/**
 * pact-js 16.5's mock server can answer a request before it has recorded the match, so under CPU
 * load executeTest may check too early and report an answered request as "expected but not
 * received" (pact-reference#535). Every consumer test ends with this short wait.
 */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

/**
 * The contract proves itself on the reference mock (test/contracts-verify.test.ts): each fault of a
 * vendor's contracts/<v>/proof.ts makes verification fail exactly the interactions whose
 * description matches `fails`, and the report names the mismatch.
 */
export interface ContractProof {
  fault: string;
  /** Matches the descriptions of exactly the interactions that must fail. */
  fails: RegExp;
  /** What the report must say about the mismatch. */
  mismatch: RegExp;
  /** Readings the proof run chooses, when the interaction is replayed only under them. */
  readings?: Record<string, string | number | boolean>;
}
