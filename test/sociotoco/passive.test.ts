// Sociotoco's passive rules (suites/sociotoco/passive.ts) on a recorded client session: the clean
// mock's session breaks nothing and judges the requirements listed below; a session recorded
// against a faulty mock fails exactly the fault's breaks that the session could judge.
import { expect, test } from 'vitest';
import { VARIANTS } from '../../mocks/sociotoco/index.ts';
import { recordSession } from '../traffic.ts';
import { proveSessions } from '../traffic-proof.ts';
import { drive } from './traffic-session.ts';

/** What the clean session judges (the passive requirements this session exercises). */
const JUDGED = [
  'SOC-CLIENT-REQUIRED',
  'SOC-CLIENT-SIG',
  'SOC-CLIENT-SIG-ALGORITHM',
  'SOC-CLIENT-SIG-ALL-PARAMS',
  'SOC-CLIENT-SIG-SECRET',
  'SOC-CLIENT-SIG-SORTED',
  'SOC-CLIENT-TIME',
  'SOC-ERR-402',
  'SOC-ERR-406',
  'SOC-ERROR-ENVELOPE-JSON',
  'SOC-ERROR-ENVELOPE-XML',
  'SOC-FORMAT-JSON',
  'SOC-FORMAT-XML-DEFAULT',
  'SOC-MEDIA-TYPE',
  'SOC-METHOD-EXAMPLE',
  'SOC-ADDED-PROFILES',
  'SOC-READBACK',
  'SOC-SET-ID',
  'SOC-SUCCESS-JSON',
  'SOC-SUCCESS-XML',
  'SOC-VERSION-INCREMENTS',
].sort();

test('the clean mock: a correct session breaks nothing, and judges the passive requirements', async () => {
  const s = await recordSession('sociotoco', {}, drive);
  expect(s.lines).toEqual([]);
  expect(s.failed).toEqual([]);
  expect(s.judged).toEqual(JUDGED);
});

test('under every reading the clean mock behaves by, the reading-gated rules judge too and pass', async () => {
  const readings = VARIANTS.find((v) => v.id === 'explicit-readings')?.readings ?? {};
  const s = await recordSession('sociotoco', { readings }, drive);
  expect(s.failed, s.lines.join('\n')).toEqual([]);
  for (const id of ['SOC-ERROR-STATUS', 'SOC-NAME-EXAMPLE', 'SOC-SET-SEMANTICS', 'SOC-ADDED-LISTING'])
    expect(s.judged, id).toContain(id);
});

const PROVEN = [
  'xml-charset-latin1',
  'json-as-text-plain',
  'json-version-string',
  'json-name-missing',
  'profile-id-element',
  'malformed-sid-as-not-found',
  'invalid-profiles-ignored',
  'xml-error-code-element',
  'json-error-code-string',
  'xml-when-json-asked',
  'json-when-xml-asked',
  'wrong-sociotoco-id',
  'added-profiles-drops-one',
  'version-not-incremented',
  'get-stale',
  'error-status-400',
  'json-name-empty-string',
  'adds-instead-of-replacing',
  'lists-only-new-profiles',
  'method-case-sensitive',
];

proveSessions('sociotoco', drive, { faults: PROVEN, variants: VARIANTS.map((v) => v.id) });
