// The peer's other promotion: CAPTCHA off (a trusted-caller configuration, "normal" per related.txt)
// and email as the unique key. The suite must pass a promotion of either kind.
import { peerTest } from '../peer-test.ts';
import { startPeer } from './server.ts';
import { openSectionFor } from './target.ts';

peerTest('eprize', startPeer, openSectionFor);
