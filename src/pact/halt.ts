// A signal during a contract verification: the Pact verifier runs in a native thread and sends every
// request through this process (the recording proxy, the state handlers). Once halted, nothing more
// reaches the target (each request is answered at once, unsent), so the verifier runs out of
// interactions in milliseconds; the signal's handler waits for it before putting the target back
// and exiting. Without this, the exit waited for the native thread, whose requests to a proxy that
// no longer answered each ran to their timeout (91 s measured for `pact verify` killed 4 s in).
let halted = false;
const running = new Set<Promise<unknown>>();

/** Is the run stopping (no request may reach the target any more)? */
export const contractsHalted = (): boolean => halted;

/** The answer a halted proxy gives instead of sending a request. */
export const HALTED = 'not sent: the run is stopping (a signal)';

/** A verification under way, so a halt can wait for it. */
export function trackVerification<T>(p: Promise<T>): Promise<T> {
  running.add(p);
  const done = () => {
    running.delete(p);
  };
  p.then(done, done);
  return p;
}

/** Halts every verification of this process and waits until each has ended (bounded by the caller). */
export async function haltContracts(): Promise<void> {
  halted = true;
  await Promise.allSettled([...running]);
}
