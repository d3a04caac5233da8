// ePrize's passive rules (conformance proxy, conformance check --har): what one exchange of a real
// client's traffic can judge, with the suite's own checks (checks.ts) and the client rules
// (client.ts). A create (POST /v1/{apikey}/profile or /profiles) is judged by its answer: a 2xx must
// be the documented 201 with a Location naming the body's id; 201, 409 and 400 bodies carry the
// documented ver, status and UTF-8 declaration and their documented shape. Across exchanges (a map
// capped at a few hundred profiles): a GET of a profile this traffic created is read back against the
// values the create sent, for the keys the read-back shows (every safe key when the section is the
// promotion's: the configured safeKeys).
import { checkStatus, listReading } from '../../src/check.ts';
import { asExchange, asRecorded, BoundedMap, Verdict } from '../../src/passive-kit.ts';
import type { ClientRequest, PassiveJudgement, PassiveRules, TrafficExchange } from '../../src/types.ts';
import { readingDefaults } from '../../src/vendor.ts';
import {
  checkConflictShape,
  checkCreated201,
  checkFieldErrorsShape,
  checkIdMatchesLocation,
  checkJsonOffered,
  checkMediaTypes,
  checkStatusOne,
  checkSuccessShape,
  checkUtf8,
  checkValues,
  checkVer,
  mediaTypeProblems,
  profileOf,
  uidFromLocation,
  WITH_FIELD_ERRORS,
} from './checks.ts';
import { CLIENT, decodePairs } from './client.ts';
import { READINGS, REQUIREMENTS } from './requirements.ts';

const CREATE = /^\/v1\/([^/?]+)\/profiles?\/?(?:\?|$)/;
const READ = /^\/v1\/([^/?]+)\/profile\/([^/?]+)\/?(?:\?|$)/;
const API = /^\/v1\/[^/?]+\/(?:profiles?|captcha)(?:[/?(]|$)/;

/** The path and query of a request URL (traffic may carry an absolute one). */
const pathOf = (url: string): string => (url.startsWith('/') ? url : url.replace(/^[a-z]+:\/\/[^/]+/i, ''));

/** Asked for JSON and answered JSON (related.txt: "an optional representation"): not the page's XML to judge. */
const jsonAnswer = (t: TrafficExchange): boolean =>
  /[/+]json\b/i.test(t.request.headers.accept ?? '') &&
  /[/+]json\b/i.test(t.response.headers['content-type'] ?? '');

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function matches(request: ClientRequest): boolean {
  return API.test(pathOf(request.url));
}

export function session(section: Record<string, unknown>): ReturnType<PassiveRules['session']> {
  const readings = { ...readingDefaults(READINGS), ...((section.readings as Record<string, unknown>) ?? {}) };
  const accept = listReading(String(readings.legacyMediaTypes ?? ''));
  const safeKeys = Array.isArray(section.safeKeys) ? section.safeKeys.map(String) : undefined;
  /** Per created uid (apikey/uid): the pairs its create sent. */
  const created = new BoundedMap<string, Record<string, string>>(256);

  function judge(t: TrafficExchange): PassiveJudgement {
    const v = new Verdict();
    v.add(CLIENT.judge({ ...t.request, url: pathOf(t.request.url) }, [section]));
    const recorded = [asRecorded(t)];
    if (mediaTypeProblems(recorded, accept).judged > 0)
      v.judge('EPZ-MEDIA-TYPE', () => {
        checkMediaTypes(recorded, accept);
      });
    if (t.response.truncated) return v.result();
    const ex = asExchange(t);
    const path = pathOf(t.request.url);
    const status = t.response.status;
    const create = t.request.method === 'POST' ? CREATE.exec(path) : null;
    // JSON the client asked for: its status is judged and that it parses, never the XML shapes.
    const json = jsonAnswer(t);
    if (json) v.judge('EPZ-JSON-OPTIONAL', () => checkJsonOffered(ex));
    if (create?.[1]) {
      const what = `the ${status} answer to a create`;
      if (status >= 200 && status < 300) {
        v.judge('EPZ-CREATE-201', () => checkCreated201(ex));
        if (!json) {
          v.judge('EPZ-SUCCESS-SHAPE', () => checkSuccessShape(ex));
          v.judge('EPZ-LOCATION-ID', () => checkIdMatchesLocation(ex));
        }
        const uid = uidFromLocation(ex);
        const pairs = decodePairs(t.request.body, t.request.headers['content-type'] ?? '');
        if (uid !== undefined && pairs) created.set(`${decode(create[1])}/${uid}`, Object.fromEntries(pairs));
      } else if (status === 409 && !json) v.judge('EPZ-CONFLICT-SHAPE', () => checkConflictShape(ex));
      // A 400 for the CAPTCHA carries terminal errors, not field errors: only the field errors' shape is judged.
      else if (status === 400 && !json && !t.response.body.includes('terminal_errors'))
        v.judge('EPZ-FIELD-ERRORS-SHAPE', () => checkFieldErrorsShape(ex));
      if (!json && ((status >= 200 && status < 300) || status === 409 || status === 400)) {
        v.judge('EPZ-RESULT-VER', () => checkVer(ex, what));
        v.judge('EPZ-STATUS-ONE', () => checkStatusOne(ex, what));
        v.judge('EPZ-UTF8', () => checkUtf8(ex, what));
      }
      return v.result();
    }
    const read = t.request.method === 'GET' ? READ.exec(path) : null;
    if (read?.[1] && read[2]) {
      const apikey = decode(read[1]);
      const uid = decode(read[2]);
      const sent = created.get(`${apikey}/${uid}`);
      // Only a profile this traffic created is known to exist (a 404 for another is no violation).
      if (sent && !json)
        v.judge('EPZ-READBACK', () => {
          checkStatus(ex, [200], 'reading the profile back was not answered 200', WITH_FIELD_ERRORS);
          const back = profileOf(ex, 'the read-back');
          const keys =
            apikey === section.apikey && safeKeys
              ? safeKeys.filter((k) => k in sent)
              : Object.keys(sent).filter((k) => k in back);
          const expected: Record<string, string> = { id: uid };
          // An empty value sent may read back empty or not at all: the page does not say which.
          for (const k of keys) if (sent[k] !== '' || k in back) expected[k] = sent[k] as string;
          checkValues(back, expected, 'the read-back does not show the profile created');
        });
    }
    return v.result();
  }
  return { judge };
}

export const PASSIVE: PassiveRules = {
  requirements: [...REQUIREMENTS, ...CLIENT.requirements],
  matches,
  session,
};
