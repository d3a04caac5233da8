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
