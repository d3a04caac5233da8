import { expect } from 'vitest';
import { secondPeerTest } from '../second-peer.ts';

// Its configured set starts empty and it refuses profiles= (305, an empty value counts as missing):
// the run changes nothing there and says why; its named set is judged in full.
secondPeerTest('sociotoco', {
  emptySet: (r) => {
    const q = r.requirements.find((x) => x.id === 'SOC-READBACK');
    expect([q?.outcome, q?.needs]).toEqual(['not-applicable', ['sid']]);
  },
  namedSet: (r) => expect(r.requirements.find((x) => x.id === 'SOC-READBACK')?.outcome).toBe('passed'),
});
