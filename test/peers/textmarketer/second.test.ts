import { secondPeerTest } from '../second-peer.ts';

secondPeerTest('textmarketer');
