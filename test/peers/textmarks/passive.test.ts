import { drive } from '../../textmarks/traffic-session.ts';
import { peerPassiveTest } from '../passive-test.ts';
import { startPeer } from './server.ts';
import { sectionFor } from './target.ts';

peerPassiveTest('textmarks', {
  startPeer,
  sectionFor,
  drive: () => drive,
  judged: [
    'TXM-API-KEY',
    'TXM-AUTH-PHONE',
    'TXM-AUTH-PHONE-FORMS',
    'TXM-AUTH-WRONG-PASS',
    'TXM-CLIENT-AUTH-PASS',
    'TXM-CLIENT-AUTH-USER',
    'TXM-CLIENT-TM',
    'TXM-ENVELOPE',
    'TXM-ERROR-COMBINED',
    'TXM-ERROR-HTTP-STATUS',
    'TXM-ERROR-PRECEDENCE',
    'TXM-FORM-CHARSET',
    'TXM-GET',
    'TXM-JSONP',
    'TXM-JSONP-BLANK',
    'TXM-JSONP-ERRORS',
    'TXM-MEDIA-TYPE',
    'TXM-NONE-CLEARS',
    'TXM-ONLY-SPECIFIED',
    'TXM-READBACK',
    'TXM-RESCODE-SUCCESS',
    'TXM-TEMPLATE-STORED',
    'TXM-TM-NOT-OWNED',
    'TXM-TM-NOT-OWNED-2011',
    'TXM-TM-TRI',
    'TXM-URL-VALIDATED',
  ],
});
