import { drive } from '../../iservice/traffic-session.ts';
import { peerPassiveTest } from '../passive-test.ts';
import { startPeer } from './server.ts';
import { sectionFor } from './target.ts';

peerPassiveTest('iservice', {
  startPeer,
  sectionFor,
  drive: () => drive,
  judged: [
    'ISV-ACCESS-AGENT-ANY',
    'ISV-ACCESS-CUSTOMER-OTHER',
    'ISV-ACCESS-CUSTOMER-OWN',
    'ISV-ACCESS-NO-CHANGE',
    'ISV-CLIENT-PAYLOAD',
    'ISV-CLIENT-SESSION',
    'ISV-ERROR-SHAPE',
    'ISV-JSON-CHARSET',
    'ISV-LOGIN-FAIL',
    'ISV-LOGIN-ISLOGGEDIN',
    'ISV-LOGIN-OK',
    'ISV-LOGIN-TYPES',
    'ISV-MEDIA-TYPE',
    'ISV-PAGE-FORMS',
    'ISV-ROUNDTRIP-EMPTY',
    'ISV-ROUNDTRIP-LOGINS',
    'ISV-ROUNDTRIP-MEMBERSHIP',
    'ISV-ROUNDTRIP-MULTIVALUE',
    'ISV-ROUNDTRIP-PROPERTIES',
    'ISV-SETLOGINS-FALSE',
    'ISV-SUCCESS-SHAPE',
    'ISV-UNKNOWN-CONTACT',
  ],
});
