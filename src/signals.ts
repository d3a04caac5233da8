// SIGINT, SIGTERM and SIGHUP during a run (a CI cancel, Ctrl+C, a closed terminal): the first one
// puts back what the restore journal holds for this process, bounded in time, then exits with the
// signal's code (128 + its number); a second one exits at once and leaves the journal to
// `conformance restore`.
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT;

export interface SignalGuard {
  /** Stops the run and puts back what it changed; lines to print (what could not be, and why). */
  restore: () => Promise<string[]>;
  /** At most this long for `restore`, then exit anyway (the journal keeps the rest). */
  boundMs: number;
  err: (line: string) => void;
  exit?: (code: number) => void;
}

/** Installs the handlers; answers the function that removes them. */
export function guardSignals(g: SignalGuard): () => void {
  const exit = g.exit ?? ((code: number) => process.exit(code));
  let caught = false;
  const handler = (signal: HandledSignal) => {
    const code = SIGNAL_EXIT[signal];
    if (caught) {
      g.err(
        `${signal} again: exiting now; the restore journal keeps what was not put back (npx conformance restore)`,
      );
      exit(code);
      return;
    }
    caught = true;
    g.err(
      `${signal}: stopping the run and putting back what it changed (at most ${Math.ceil(g.boundMs / 1000)} s; a second signal exits at once)`,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string[]>((done) => {
      timer = setTimeout(
        () => done([`putting back took longer than ${g.boundMs} ms: npx conformance restore finishes it`]),
        g.boundMs,
      );
    });
    Promise.race([g.restore(), late])
      .catch((e: unknown) => [`putting back failed: ${(e as Error)?.message ?? String(e)}`])
      .then((lines) => {
        clearTimeout(timer);
        for (const l of lines) g.err(l);
        exit(code);
      });
  };
  const signals = Object.keys(SIGNAL_EXIT) as HandledSignal[];
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

/**
 * The stop of a serving command (proxy, mock): the first SIGINT, SIGTERM or SIGHUP resolves
 * `stopped` (the report is then written, once); a second one exits at once with its code (128 + its
 * number), the report unwritten.
 */
export function stopOnSignal(
  err: (line: string) => void,
  exit: (code: number) => void = (code) => process.exit(code),
  o: { report: boolean } = { report: true },
): { stopped: Promise<HandledSignal>; dispose: () => void } {
  let first: HandledSignal | undefined;
  let resolve: (s: HandledSignal) => void = () => undefined;
  const stopped = new Promise<HandledSignal>((done) => {
    resolve = done;
  });
  const handler = (signal: HandledSignal) => {
    if (first) {
      err(`${signal} again: exiting now${o.report ? ', the report not written' : ''}`);
      exit(SIGNAL_EXIT[signal]);
      return;
    }
    first = signal;
    err(
      o.report
        ? `${signal}: writing the report (a second signal exits at once, without it)`
        : `${signal}: stopping (a second signal exits at once)`,
    );
    resolve(signal);
  };
  const signals = Object.keys(SIGNAL_EXIT) as HandledSignal[];
  for (const s of signals) process.on(s, handler);
  return {
    stopped,
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}
