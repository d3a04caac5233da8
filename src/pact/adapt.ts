// Pure helpers a vendor's `ContractProvider.adapt` composes: the contract's expectation on one
// interaction relaxed to what a reading accepts, in the pact's own terms (V4 matching rules the
// Rust verifier honours), never stricter than as written.
import type { PactJsonObject } from '../types.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function response(i: PactJsonObject): Obj {
  return obj(i.response);
}

function withRules(i: PactJsonObject, category: string, path: string, rule: Obj): PactJsonObject {
  const res = response(i);
  const rules = obj(res.matchingRules);
  return {
    ...i,
    response: { ...res, matchingRules: { ...rules, [category]: { ...obj(rules[category]), [path]: rule } } },
  };
}

/** The HTTP status the interaction expects, as written. */
export function statusOf(i: PactJsonObject): number {
  const s = response(i).status;
  return typeof s === 'number' ? s : 200;
}

/**
 * Any of these statuses (a list of codes, or 'any' for every status a server may answer) instead
 * of the one written; the example keeps the written one.
 */
export function withStatus(i: PactJsonObject, statuses: readonly number[] | 'any'): PactJsonObject {
  const matchers =
    statuses === 'any'
      ? [
          { match: 'statusCode', status: 'nonError' },
          { match: 'statusCode', status: 'error' },
        ]
      : [{ match: 'statusCode', status: [...statuses] }];
  const res = response(i);
  return {
    ...i,
    response: { ...res, matchingRules: { ...obj(res.matchingRules), status: { combine: 'OR', matchers } } },
  };
}

/** A response header matched by a regular expression instead of its written value. */
export function withHeaderPattern(i: PactJsonObject, name: string, regex: string): PactJsonObject {
  return withRules(i, 'header', name, { combine: 'AND', matchers: [{ match: 'regex', regex }] });
}

/** The name a response header is written under in the interaction (any case), if it has one. */
export function headerName(i: PactJsonObject, name: string): string | undefined {
  return Object.keys(obj(response(i).headers)).find((k) => k.toLowerCase() === name.toLowerCase());
}

/**
 * The JSON body one level down, under `key` (`{"head":…}` becomes `{"key":{"head":…}}`), its body
 * rules moved along. Undefined when the body is not JSON content.
 */
export function withBodyUnder(i: PactJsonObject, key: string): PactJsonObject | undefined {
  const res = response(i);
  const body = obj(res.body);
  if (!body.content || typeof body.content !== 'object' || body.encoded) return undefined;
  const rules = obj(res.matchingRules);
  const moved = Object.fromEntries(
    Object.entries(obj(rules.body)).map(([path, rule]) => [path.replace(/^\$/, `$.${key}`), rule]),
  );
  return {
    ...i,
    response: {
      ...res,
      body: { ...body, content: { [key]: body.content } },
      matchingRules: { ...rules, ...(rules.body ? { body: moved } : {}) },
    },
  };
}

/** The body rules at `path` without the matchers of one kind (e.g. a contentType pin pact-js adds). */
export function withoutBodyMatcher(
  i: PactJsonObject,
  path: string,
  kind: string,
): PactJsonObject | undefined {
  const res = response(i);
  const rules = obj(res.matchingRules);
  const body = obj(rules.body);
  const rule = obj(body[path]);
  const matchers = Array.isArray(rule.matchers) ? (rule.matchers as Obj[]) : [];
  const kept = matchers.filter((m) => m.match !== kind);
  if (kept.length === matchers.length) return undefined;
  return {
    ...i,
    response: { ...res, matchingRules: { ...rules, body: { ...body, [path]: { ...rule, matchers: kept } } } },
  };
}

/**
 * `as` (with the label's parameters, e.g. its charset) when `contentType`'s media type is one of the
 * legacy types a reading accepts; else undefined.
 */
export function relabelLegacy(
  contentType: string | undefined,
  legacy: readonly string[],
  as: string,
): string | undefined {
  if (!contentType || legacy.length === 0) return undefined;
  const [type = '', ...params] = contentType.split(';');
  if (!legacy.some((l) => l.trim().toLowerCase() === type.trim().toLowerCase())) return undefined;
  return [as, ...params.map((p) => p.trim())].join('; ');
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The response's Content-Type matched as one of the documented types (regex alternatives) or one of
 * the legacy labels a reading accepts (literal), parameters free. Undefined when there are no legacy
 * labels or the interaction writes no Content-Type.
 */
export function withLegacyLabels(
  i: PactJsonObject,
  documented: readonly string[],
  legacy: readonly string[],
): PactJsonObject | undefined {
  const name = headerName(i, 'content-type');
  if (legacy.length === 0 || !name) return undefined;
  const types = [...documented, ...legacy.map(escapeRegex)];
  return withHeaderPattern(i, name, `^(?:${types.join('|')})\\s*(?:;.*)?$`);
}

/** The Content-Type the interaction writes, as text ('' when none). */
export function writtenContentType(i: PactJsonObject): string {
  const name = headerName(i, 'content-type');
  return name ? JSON.stringify(obj(response(i).headers)[name] ?? '') : '';
}
