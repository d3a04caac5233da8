// ePrize's passive rules (suites/eprize/passive.ts) on a client session recorded through the traffic
// proxy: the clean mock's session breaks nothing and judges the requirements listed below; a session
// recorded against a faulty mock fails exactly the fault's breaks that the session could judge.
import { expect, test } from 'vitest';
import type { TrafficExchange } from '../../src/types.ts';
import { PASSIVE } from '../../suites/eprize/passive.ts';
import { recordSession } from '../traffic.ts';
import { proveSessions } from '../traffic-proof.ts';
import { drive } from './traffic-session.ts';

const JUDGED = [
  'EPZ-CLIENT-KEY-NAME',
  'EPZ-CONFLICT-SHAPE',
  'EPZ-CREATE-201',
  'EPZ-FIELD-ERRORS-SHAPE',
  'EPZ-LOCATION-ID',
  'EPZ-MEDIA-TYPE',
  'EPZ-READBACK',
  'EPZ-RESULT-VER',
  'EPZ-STATUS-ONE',
  'EPZ-SUCCESS-SHAPE',
  'EPZ-UTF8',
].sort();

test('the clean mock: a correct session breaks nothing, and judges the passive requirements', async () => {
  const s = await recordSession('eprize', {}, drive);
  expect(s.failed, s.lines.join('\n')).toEqual([]);
  expect(s.judged).toEqual(JUDGED);
});

const PROVEN = [
  'created-200',
  'id-not-location-uid',
  'ver-2',
  'declares-latin1',
  'xml-labelled-html',
  'conflict-flat',
  'field-errors-unwrapped',
];

proveSessions('eprize', drive, { faults: PROVEN });

// readback-missing-unique is not judgeable by this session (its promotion is not the section's, so its
// safe keys are unknown): the read-back rule is proven on two recorded exchanges instead.
test('a read-back that shows another value than the create sent fails EPZ-READBACK', () => {
  const xml = (id: string, name: string) =>
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><result ver="ePrize Web Services 1.0"><result><profile><id>${id}</id><first_name>${name}</first_name></profile></result><status>1</status></result>`,
    );
  const headers = { 'content-type': 'application/xml; charset=UTF-8' };
  const create: TrafficExchange = {
    request: {
      method: 'POST',
      url: '/v1/promo/profile',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('email=a%40example.com&first_name=Zoe'),
    },
    response: {
      status: 201,
      headers: { ...headers, location: '/v1/promo/profile/u1' },
      body: xml('u1', 'Zoe'),
    },
  };
  const read = (name: string): TrafficExchange => ({
    request: { method: 'GET', url: '/v1/promo/profile/u1', headers: {}, body: Buffer.alloc(0) },
    response: { status: 200, headers, body: xml('u1', name) },
  });
  const judge = PASSIVE.session({}).judge;
  expect(judge(create).violations).toEqual([]);
  expect(judge(read('Zoe'))).toMatchObject({ violations: [] });
  expect(judge(read('Zoe')).judged).toContain('EPZ-READBACK');
  expect(judge(read('Other')).violations.map((v) => v.requirement)).toEqual(['EPZ-READBACK']);
});
