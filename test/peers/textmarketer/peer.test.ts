import { peerTest } from '../peer-test.ts';
import { startPeer } from './server.ts';
import { sectionFor } from './target.ts';

peerTest('textmarketer', startPeer, sectionFor);
