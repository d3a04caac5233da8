// The sociotoco suite proves itself on its reference mock (test/proof.ts).
import { proveVendor } from '../proof.ts';

proveVendor('sociotoco');
