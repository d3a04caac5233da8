// How the sociotoco contract is verified against a target as it is, from its target config alone (the
// verifier's state handlers and request filter; see ContractProvider in src/types.ts).
//
// Sociotoco signs every request over all its parameters, `time` included, with the API secret: a
// signature recorded in the pact would be over the example time and secret. So the provider states
// give the values only this target's config knows (the configured profiles, the readings, a key and
// a set that do not exist, a fresh time), and the filter signs each request whose state carries
// params.sign as the suite signs it (suites/sociotoco/requests.ts), over the query as it is sent.
// Requests the contract leaves unsigned or signs wrongly on purpose (101, 210) go as they are.
// A successful setProfiles changes the set: it is read first and its profiles put back at the end.
import { listReading, uniqueValues } from '../../src/check.ts';
import { withLegacyLabels, withStatus, writtenContentType } from '../../src/pact/adapt.ts';
import { requirementsOf } from '../../src/pact/files.ts';
import type { ContractProvider, ContractRequest, PactJsonObject, ProviderContext } from '../../src/types.ts';
import { setOf } from '../../suites/sociotoco/checks.ts';
import { type ResolvedConfig, type SociotocoConfig, withDefaults } from '../../suites/sociotoco/config.ts';
import {
  endpoint,
  nextSecond,
  noRepeats,
  notIn,
  putBackSet,
  readSet,
  type Send,
  setProfilesParams,
  setTo,
  signOptions,
  unixTime,
} from '../../suites/sociotoco/requests.ts';
import { type Param, sign } from '../../suites/sociotoco/sign.ts';
import { UUID, unknownKeyFor, unknownSidFor } from '../../suites/sociotoco/values.ts';

// The provider states of contracts/pacts/legacy-api-conformance-sociotoco.json.
export const SET = 'a set the API key may change';
export const ADDABLE = 'a set the API key may change, and a configured profile it does not hold yet';
export const UNKNOWN_KEY = 'a set the API key may change, and a well-formed API key that is not registered';
export const UNKNOWN_SET = 'a set the API key may change, and a well-formed SociotocoId of no set';

const configOf = (section: Record<string, unknown>): ResolvedConfig =>
  withDefaults(section as unknown as SociotocoConfig);

// The driver's requests (reading the set, making room, putting it back) and the interactions the
// filter signs are never the same signed request twice, nor one the suite's sent in this thread: a
// target may refuse a replayed signature (requests.ts noRepeats, shared by every sender of a thread).
const once = noRepeats();

/** A signed GET of the target, as the suite sends one (without the suite's recording). */
function sender(ctx: ProviderContext, cfg: ResolvedConfig): Send {
  return (params) => {
    const all = once(params, (p) => sign(p, signOptions(cfg)));
    return ctx.http.send({ method: 'GET', url: endpoint(ctx.baseUrl, all) });
  };
}

/**
 * Under readings.setSemantics "add" a profile is never taken out of a set: a successful setProfiles
 * would leave it changed for good, which this project never does to a target.
 */
function addableUnavailable(section: Record<string, unknown>) {
  if (configOf(section).readings.setSemantics !== 'add') return undefined;
  return {
    reason:
      'readings.setSemantics is "add": a successful setProfiles adds profiles for good (none can be taken out again), so replaying it would leave the set changed',
  };
}

/**
 * The profiles a successful setProfiles sends. It must list at least one (the contract expects a
 * profile in addedProfiles), and a target may list only those new to the set
 * (readings.addedProfilesListing "any" or "newly-added"): then one configured profile the set does not
 * hold. As the suite does (mixedSet), a set that holds them all gets the first alone first; one
 * that still holds them all then only ever adds, and the config has no profile left to add.
 */
async function profilesToAdd(ctx: ProviderContext, cfg: ResolvedConfig): Promise<string> {
  if (cfg.readings.addedProfilesListing === 'sent') return cfg.profileIds.join(','); // all are listed
  const send = sender(ctx, cfg);
  const missing = async () =>
    notIn(cfg, (await readSet(send, cfg, 'reading the set before a setProfiles')).profiles);
  let out = await missing();
  if (out.length === 0) {
    const first = cfg.profileIds[0] as string;
    setOf(await send(setProfilesParams(cfg, { profiles: first }, unixTime())), `setting ${first} alone`);
    out = await missing();
  }
  if (out[0] === undefined) {
    throw new Error(
      `the set holds every configured profile even after setting ${cfg.profileIds[0]} alone (a target that adds rather than replaces): configure profileIds it does not hold, or readings.setSemantics "add"`,
    );
  }
  return out[0];
}

/** The same profiles, in any order and letter case. */

/** What every state gives: the configured profiles as the suite joins them, the readings (defaults filled), a fresh time. */
function theSet(cfg: ResolvedConfig): Record<string, unknown> {
  const readings = Object.entries(cfg.readings).map(([k, v]) => [`readings.${k}`, v]);
  return {
    ...Object.fromEntries(readings),
    profiles: cfg.profileIds.join(','),
    // Set up just before the request is replayed: the filter signs it with this time.
    time: unixTime(),
  };
}

/**
 * A configured "unknown" value that is the known one (a UUID sid in any letter case) cannot put the
 * target in the state: the key is registered, the set exists. Generated ones never are.
 */
function sameAs(section: Record<string, unknown>, unknown: string, known: string) {
  const [u, k] = [section[unknown], section[known]];
  if (typeof u !== 'string' || typeof k !== 'string') return undefined;
  const same = UUID.test(k) ? u.toLowerCase() === k.toLowerCase() : u === k;
  return same
    ? { reason: `the configured ${unknown} is the configured ${known} itself`, needs: unknown }
    : undefined;
}

/** The query as this target must get it: a fresh time, and sig over the query as sent, signed as the suite signs. */
function signed(request: ContractRequest, cfg: ResolvedConfig, time: string): ContractRequest {
  const at = request.path.indexOf('?');
  const path = at < 0 ? request.path : request.path.slice(0, at);
  const query = at < 0 ? '' : request.path.slice(at + 1);
  const params: Param[] = [...new URLSearchParams(query)]
    .filter(([name]) => name !== 'sig')
    .map(([name, value]): Param => [name, name === 'time' ? time : value]);
  // Sent as the suite sends a query (its queryString): the form its signer signs under readings.signedValues
  // "encoded" (the verifier's own form encoding writes a space as '+', the suite as %20). Never the
  // same signed request as one this thread sent (the driver's reads and put-back): time moves on.
  return {
    ...request,
    path: endpoint(
      path,
      once(params, (p) => sign(p, signOptions(cfg))),
    ),
  };
}

/**
 * The contract under this target's readings (pure). Two of its expectations rest on open points:
 * an error's HTTP status (SOC-O1: "The HTTP status of an error is not documented"), written as 200 or
 * any 4xx, becomes the statuses readings.errorStatus names, or any status under "any"; and the
 * Content-Type, written as any XML (JSON) type, also takes the legacy labels the user accepts in
 * readings.legacyMediaTypes (SOC-O11: no page says which media types label the answers).
 */
export function adapt(
  i: PactJsonObject,
  section: Record<string, unknown>,
): { interaction: PactJsonObject; note: string } | undefined {
  const r = configOf(section).readings;
  const notes: string[] = [];
  let out = i;
  if (requirementsOf(i.description).some((id) => /^SOC-ERR-\d+$/.test(id))) {
    if (r.errorStatus === 'any') {
      out = withStatus(out, 'any');
      notes.push('any HTTP status for an error (readings.errorStatus any: the page does not document it)');
    } else {
      const statuses = r.errorStatus.split(',').map(Number);
      out = withStatus(out, statuses);
      notes.push(`HTTP ${statuses.join(' or ')} for an error (readings.errorStatus)`);
    }
  }
  const legacy = listReading(r.legacyMediaTypes);
  const kind = /json/i.test(writtenContentType(out)) ? 'json' : 'xml';
  const labelled = withLegacyLabels(out, [`(?:text|application)/(?:[a-z0-9.+-]+\\+)?${kind}`], legacy);
  if (labelled) {
    out = labelled;
    notes.push(
      `${kind.toUpperCase()} labelled ${legacy.join(' or ')} accepted too (readings.legacyMediaTypes)`,
    );
  }
  return notes.length > 0 ? { interaction: out, note: notes.join('; ') } : undefined;
}

export const provider: ContractProvider = {
  adapt,
  states: {
    [SET]: { setup: async (ctx) => theSet(configOf(ctx.section)) },
    [ADDABLE]: {
      unavailable: addableUnavailable,
      setup: async (ctx) => {
        const cfg = configOf(ctx.section);
        return { ...theSet(cfg), profiles: await profilesToAdd(ctx, cfg) };
      },
    },
    [UNKNOWN_KEY]: {
      unavailable: (section) => sameAs(section, 'unknownKey', 'apiKey'),
      setup: async (ctx) => {
        const cfg = configOf(ctx.section);
        return { ...theSet(cfg), unknownKey: unknownKeyFor(cfg, uniqueValues(ctx.runId)) };
      },
    },
    [UNKNOWN_SET]: {
      unavailable: (section) => sameAs(section, 'unknownSid', 'sid'),
      setup: async (ctx) => {
        const cfg = configOf(ctx.section);
        return { ...theSet(cfg), unknownSid: unknownSidFor(cfg, uniqueValues(ctx.runId)) };
      },
    },
  },

  filter(request, { section, states, values }) {
    const signing = states.find((s) => s.params.sign !== undefined);
    if (!signing) return request; // no sig, or a wrong one on purpose: as the contract has it
    const time = values.time;
    if (typeof time !== 'string' && typeof time !== 'number')
      throw new Error('no time from the provider state to sign with');
    return signed(request, configOf(section), String(time));
  },

  async preserve(ctx) {
    // A successful setProfiles changes the set's profiles: they are read first and put back after
    // (putBackSet, shared with the suite and the journal), by the driver's own sender. Every signed
    // request of this thread is unrepeated (requests.ts noRepeats: the reads, the put-back and the
    // interactions the filter signs), so nothing here waits for a new second, but where this run's
    // suite has just signed requests to the same target from its worker: then the first one does.
    if (ctx.afterSuite) await nextSecond();
    const cfg = configOf(ctx.section);
    const send = sender(ctx, cfg);
    const saved = await readSet(send, cfg, 'reading the set before the contract');
    // An empty set is put back with profiles=, which the page neither allows nor forbids: asked
    // first, on the empty set (no change either way); refused, the contract sends nothing.
    if (saved.profiles.length === 0 && cfg.readings.setSemantics !== 'add') {
      const put = await setTo(send, cfg, [], 'an empty list, on the empty set');
      if ('why' in put)
        throw new Error(
          `the set ${cfg.sid} holds no profile and the target refuses an empty profiles list (${put.why}): a profile set there could not be taken out again. Configure a sid whose set holds at least one profile`,
        );
    }
    const rctx = { http: ctx.http, section: ctx.section, baseUrl: ctx.baseUrl, when: 'the contract' };
    return () => putBackSet(rctx, saved, undefined, send);
  },
};
