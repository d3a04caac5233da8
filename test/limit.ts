// Verifications of the contract tests, a few at a time in call order. The Rust verifier runs on one of
// libuv's threads (4 by default) for the whole of a verification and mostly waits on this process's
// proxy and the mock, so four at once keep both cores busy; a fifth would only wait for a thread.
// A sliding window, not batches: a slow run (Sociotoco's put-back waits for the next second) holds
// one slot, not the three runs beside it.

/** `run(fn)` starts `fn` once fewer than `slots` runs started by `run` are still under way. */
export function limited(slots: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  // A finished run hands its slot to the first waiting one (so no newcomer takes it in between).
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return async (fn) => {
    if (active < slots) active += 1;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
