import { secondPeerTest } from '../second-peer.ts';

secondPeerTest('iservice');
