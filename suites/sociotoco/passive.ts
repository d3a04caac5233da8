// Sociotoco's passive rules (conformance proxy, conformance check --har): what one exchange of a real
// client's traffic can judge, with the suite's own checks (checks.ts) and the client rules
// (client.ts). The request is read for what the page's error table makes of it: each argument is
// "fine" (the configured key, set and profiles, a signature valid under the readings), "wrong" in a
// way the page gives a code for (the readings' invalid values, the configured unknown ones, a
// signature no reading accepts), or unknown; only a request whose every argument is known has its
// error code judged (one error: that code; several: SOC-ERROR-COMBINED and, under the reading,
// SOC-ERROR-PRECEDENCE). Across exchanges, per set (a map capped at a few hundred sets): the profiles
// and version last read or set, so an addedProfiles list, a version and a later sociotoco.sets.get
// are judged against them, as the suite does with its own reads.
import { checkStatus, listReading } from '../../src/check.ts';
import { asExchange, asRecorded, BoundedMap, Verdict } from '../../src/passive-kit.ts';
import type { ClientRequest, PassiveJudgement, PassiveRules, TrafficExchange } from '../../src/types.ts';
import { readingDefaults } from '../../src/vendor.ts';
import {
  type AddedRule,
  checkAddedProfiles,
  checkErrorCode,
  checkErrorEnvelope,
  checkFormat,
  checkMediaTypes,
  checkNameAsExample,
  checkOneOfCodes,
  checkReadback,
  checkSetId,
  checkSuccessShape,
  checkVersionIncreased,
  errorCodeOf,
  evidence,
  type Format,
  isErrorAnswer,
  mediaTypeProblems,
  type SetView,
  setOf,
} from './checks.ts';
import { CLIENT, queryParams, signatureProblem } from './client.ts';
import type { Readings } from './config.ts';
import { type ErrorCode, errorRequirementId, READINGS, REQUIREMENTS } from './requirements.ts';
import { type Algorithm, DIGEST_HEX_LENGTH, type Param, sign } from './sign.ts';
import { UUID } from './values.ts';

const SET_PROFILES = 'sociotoco.sets.setprofiles';
const GET = 'sociotoco.sets.get';
/** What holds under every reading: the profiles new to the set are listed, nothing that was not sent. */
const LENIENT: AddedRule = { semantics: 'add', listing: 'sent' };
const BY_LENGTH = new Map(Object.entries(DIGEST_HEX_LENGTH).map(([a, n]) => [n, a as Algorithm]));

/** The vendor section as the rules read it: every field optional (a proxy may run without a config). */
export interface PassiveSection {
  apiKey?: string;
  secret?: string;
  sid?: string;
  profileIds?: string[];
  unknownKey?: string;
  unknownSid?: string;
  readings: Readings;
}

export function sectionOf(section: Record<string, unknown>): PassiveSection {
  const str = (k: string) => (typeof section[k] === 'string' ? (section[k] as string) : undefined);
  const readings = { ...readingDefaults(READINGS), ...((section.readings as Partial<Readings>) ?? {}) };
  const out: PassiveSection = { readings };
  for (const k of ['apiKey', 'secret', 'sid', 'unknownKey', 'unknownSid'] as const) {
    const v = str(k);
    if (v !== undefined) out[k] = v;
  }
  if (Array.isArray(section.profileIds))
    out.profileIds = section.profileIds.filter((p): p is string => typeof p === 'string');
  return out;
}

/** undefined: the rules cannot tell; [] the argument is fine; else the codes it brings. */
type Status = readonly ErrorCode[] | undefined;

/** Is sig the signature of these parameters under the configured readings (undefined: cannot tell)? */
export function signatureStatus(
  params: readonly Param[],
  rawCommas: readonly string[],
  sig: string,
  s: PassiveSection,
): Status {
  if (s.secret === undefined) return undefined;
  if (signatureProblem(params, rawCommas, sig, s.secret)) return [210];
  const algorithm = BY_LENGTH.get(sig.length);
  if (!algorithm) return undefined;
  const r = s.readings;
  const caseOk =
    r.sigHexCase === 'either' ||
    (r.sigHexCase === 'upper' ? sig === sig.toUpperCase() : sig === sig.toLowerCase());
  const want = sign(params, {
    secret: s.secret,
    algorithm,
    encodeValues: r.signedValues === 'encoded',
    exclude: r.signFormat ? [] : ['format'],
    rawCommas,
  });
  return caseOk && want === sig.toLowerCase() ? [] : undefined;
}

/** The method a request names, whatever its spelling (undefined: another method of the API). */
export function methodOf(name: string | undefined): 'setprofiles' | 'get' | undefined {
  const lower = name?.toLowerCase();
  return lower === SET_PROFILES ? 'setprofiles' : lower === GET ? 'get' : undefined;
}

/**
 * Is the method spelled as the target is configured to take it (readings.methodName, or either
 * spelling under readings.methodNames "both")? The suite sends its error requests so; the example's
 * own spelling is SOC-METHOD-EXAMPLE's business.
 */
export function configuredSpelling(name: string | undefined, r: Readings): boolean {
  if (name === GET || name === r.methodName) return true;
  return r.methodNames === 'both' && methodOf(name) === 'setprofiles';
}

/**
 * Every error the page's table gives for this request, in the page's order, or undefined when some
 * argument's status cannot be told from the request and the config (then no code is judged).
 */
export function applicableErrors(
  get: (name: string) => string | undefined,
  params: readonly Param[],
  rawCommas: readonly string[],
  s: PassiveSection,
): ErrorCode[] | undefined {
  const r = s.readings;
  const method = methodOf(get('method'));
  // No code covers a missing time (SOC-O12), and another method's arguments are not this page's.
  if (method === undefined || get('time') === undefined) return undefined;
  // A name given twice is open: the page says neither which value counts nor how it is signed.
  if (new Set(params.map(([n]) => n)).size !== params.length) return undefined;
  const key = get('key');
  const sig = get('sig');
  const sid = get('sid');
  const profiles = get('profiles');
  const parts: Status[] = [];
  if (key === undefined) parts.push([100]);
  if (sig === undefined) parts.push([101]);
  if (key !== undefined) {
    if (key === r.invalidKey) parts.push([200]);
    else if (s.unknownKey !== undefined && key === s.unknownKey) parts.push([201]);
    else if (key !== s.apiKey) parts.push(undefined);
    else if (sig !== undefined) parts.push(signatureStatus(params, rawCommas, sig, s));
  }
  if (sid === undefined) parts.push([304]);
  else if (sid === r.invalidSid) parts.push([402]);
  else if (s.unknownSid !== undefined && sid === s.unknownSid) parts.push([403]);
  else if (sid !== s.sid) parts.push(undefined);
  if (method === 'setprofiles') {
    if (profiles === undefined) parts.push([305]);
    else {
      const items = profiles.split(',').map((p) => p.trim());
      const known = new Set((s.profileIds ?? []).map((p) => p.toUpperCase()));
      if (profiles === r.invalidProfiles || items.includes(r.invalidProfiles)) parts.push([406]);
      else if (!items.every((p) => known.has(p.toUpperCase()))) parts.push(undefined);
    }
  }
  if (parts.some((p) => p === undefined)) return undefined;
  return [...new Set(parts.flatMap((p) => p ?? []))].sort((a, b) => a - b);
}

/** What the session knows of one set: its profiles (upper case) and version, and the last setProfiles. */
interface Known {
  profiles?: string[];
  version?: number;
  pending?: { sent: string[]; version?: number; before?: string[] };
}

const setKey = (sid: string) => (UUID.test(sid) ? sid.toLowerCase() : sid);
const upper = (ids: readonly string[]) => ids.map((i) => i.toUpperCase());

export function matches(request: ClientRequest): boolean {
  const { params } = queryParams(request.url);
  return params.some(([n, v]) => n === 'method' && v.toLowerCase().startsWith('sociotoco.'));
}

export function session(section: Record<string, unknown>): ReturnType<PassiveRules['session']> {
  const s = sectionOf(section);
  const r = s.readings;
  const clientSections = s.apiKey !== undefined && s.secret !== undefined ? [section] : [];
  const sets = new BoundedMap<string, Known>(256);
  const accept = listReading(r.legacyMediaTypes);

  function judge(t: TrafficExchange): PassiveJudgement {
    const v = new Verdict();
    v.add(CLIENT.judge(t.request, clientSections));
    const { params, rawCommas } = queryParams(t.request.url);
    const get = (n: string) => params.find(([k]) => k === n)?.[1];
    const ex = asExchange(t);

    // The suite's closing check, on this one answer (when it has an XML or JSON body to judge).
    const recorded = [asRecorded(t)];
    if (mediaTypeProblems(recorded, accept).judged > 0)
      v.judge('SOC-MEDIA-TYPE', () => checkMediaTypes(recorded, accept));
    // The rest reads the whole body.
    if (t.response.truncated) return v.result();

    const fmt = get('format')?.toLowerCase();
    const asked: Format | undefined =
      fmt === undefined ? 'xml' : fmt === 'xml' || fmt === 'json' ? fmt : undefined;
    if (asked !== undefined) {
      const id =
        fmt === undefined
          ? 'SOC-FORMAT-XML-DEFAULT'
          : fmt === 'xml'
            ? 'SOC-FORMAT-XML-EXPLICIT'
            : 'SOC-FORMAT-JSON';
      v.judge(id, () => checkFormat(ex, asked, `the answer to ${get('method')}`));
    }

    const code = errorCodeOf(ex);
    if (isErrorAnswer(ex)) {
      if (asked !== undefined)
        v.judge(asked === 'xml' ? 'SOC-ERROR-ENVELOPE-XML' : 'SOC-ERROR-ENVELOPE-JSON', () =>
          checkErrorEnvelope(ex, asked, `the answer to ${get('method')}`),
        );
    }
    if (code !== undefined && r.errorStatus !== 'any') {
      const allowed = r.errorStatus.split(',').map(Number);
      v.judge('SOC-ERROR-STATUS', () =>
        checkStatus(ex, allowed, `the error ${code} answer: unexpected HTTP status`, {
          received: evidence,
          documented: `HTTP ${allowed.join(' or ')} (readings.errorStatus)`,
        }),
      );
    }

    // The errors the request brings if its method is served; codes are judged on the configured spelling.
    const errors = applicableErrors(get, params, rawCommas, s);
    const spelled = configuredSpelling(get('method'), r);
    const what = `${get('method')} (${asked ?? fmt})`;
    if (spelled && errors !== undefined && errors.length === 1) {
      const only = errors[0] as ErrorCode;
      v.judge(errorRequirementId(only), () => checkErrorCode(ex, only, what));
    } else if (spelled && errors !== undefined && errors.length > 1) {
      v.judge('SOC-ERROR-COMBINED', () => checkOneOfCodes(ex, errors, what));
      if (r.errorPrecedence === 'page-order')
        v.judge('SOC-ERROR-PRECEDENCE', () => checkOneOfCodes(ex, errors.slice(0, 1), what));
    }

    const method = methodOf(get('method'));
    const sid = get('sid');
    // A setProfiles the rules cannot judge (a profile the config does not name, which the target may
    // skip: "profiles which where succesfully added") may still change the set: forget what was known.
    if (errors === undefined && method === 'setprofiles' && sid !== undefined) sets.delete(setKey(sid));
    if (errors === undefined || errors.length > 0 || method === undefined || sid === undefined)
      return v.result();

    // A request the page accepts: the method as spelled must be served.
    const name = get('method') as string;
    if (name === SET_PROFILES) v.judge('SOC-METHOD-EXAMPLE', () => setOf(ex, `method=${name}`));
    else if (method === 'setprofiles' && r.methodNames === 'both')
      v.judge('SOC-METHOD-CASE', () => setOf(ex, `method=${name}`));
    let view: SetView;
    try {
      view = setOf(ex, name, method === 'get' ? 'profiles' : 'addedProfiles');
    } catch {
      return v.result(); // refused or unreadable: judged above (codes, format, envelope)
    }
    const known = sets.get(setKey(sid)) ?? {};
    if (method === 'get') {
      const p = known.pending;
      if (p) {
        v.judge('SOC-READBACK', () => checkReadback(view, p.sent, p.version, 'add'));
        if (r.setSemantics === 'replace')
          v.judge('SOC-SET-SEMANTICS', () => checkReadback(view, p.sent, p.version, 'replace'));
        else if (r.setSemantics === 'add' && p.before) {
          const all = [...p.before, ...p.sent];
          v.judge('SOC-SET-SEMANTICS', () => checkReadback(view, all, p.version, 'replace'));
        }
      }
      sets.set(setKey(sid), {
        profiles: upper(view.profiles),
        ...(view.version !== undefined ? { version: view.version } : {}),
      });
      return v.result();
    }

    const sent = (get('profiles') ?? '').split(',').flatMap((p) => (p.trim() ? [p.trim()] : []));
    const before = known.profiles;
    if (asked !== undefined)
      v.judge(asked === 'xml' ? 'SOC-SUCCESS-XML' : 'SOC-SUCCESS-JSON', () => checkSuccessShape(ex, asked));
    v.judge('SOC-SET-ID', () => checkSetId(view, sid, what));
    if (r.setName === 'unnamed' && asked !== undefined)
      v.judge('SOC-NAME-EXAMPLE', () => checkNameAsExample(ex, asked));
    // Without the set as it was, only "nothing that was not sent" can be judged (before = sent).
    v.judge('SOC-ADDED-PROFILES', () => checkAddedProfiles(view, sent, before ?? sent, LENIENT, what));
    if (r.addedProfilesListing !== 'any' && before)
      v.judge('SOC-ADDED-LISTING', () =>
        checkAddedProfiles(
          view,
          sent,
          before,
          { semantics: 'replace', listing: r.addedProfilesListing as 'sent' | 'newly-added' },
          what,
        ),
      );
    const changes = before !== undefined && upper(sent).some((p) => !before.includes(p));
    if (changes && known.version !== undefined)
      v.judge('SOC-VERSION-INCREMENTS', () =>
        checkVersionIncreased({ profiles: [], version: known.version as number }, view),
      );
    const after =
      r.setSemantics === 'replace'
        ? upper(sent)
        : r.setSemantics === 'add' && before
          ? [...new Set([...before, ...upper(sent)])]
          : undefined;
    sets.set(setKey(sid), {
      ...(after ? { profiles: after } : {}),
      ...(view.version !== undefined ? { version: view.version } : {}),
      pending: {
        sent,
        ...(view.version !== undefined ? { version: view.version } : {}),
        ...(before ? { before } : {}),
      },
    });
    return v.result();
  }
  return { judge };
}

export const PASSIVE: PassiveRules = {
  requirements: [...REQUIREMENTS, ...CLIENT.requirements],
  matches,
  session,
};
