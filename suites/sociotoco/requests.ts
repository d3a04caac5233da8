// Requests to the Sociotoco API that the suite and the contract's provider driver
// (contracts/sociotoco/provider.ts) both send: how a request is signed for this target, the
// setProfiles and sets.get parameters, reading the set and putting its profiles back. One code path,
// so the contract replays requests signed exactly as the suite signs them.
import { CheckFailure } from '../../src/check.ts';
import { leftToAnother } from '../../src/concurrent.ts';
import type { Exchange } from '../../src/http.ts';
import type { Json, RestoreContext, Restorer } from '../../src/types.ts';
import { errorCodeOf, type SetView, setOf } from './checks.ts';
import { type ResolvedConfig, type SociotocoConfig, withDefaults } from './config.ts';
import { anothersIn, restoreSetStep, type SetOwn } from './ownership.ts';
import { ERROR_CODES } from './requirements.ts';
import { type Param, queryString, type SignOptions, sign } from './sign.ts';

/** Now, in Unix seconds, as the time parameter carries it. */
export const unixTime = (): string => String(Math.floor(Date.now() / 1000));

/** The configured signing (secret, algorithm) as the readings say this target checks it, with overrides. */
export function signOptions(cfg: ResolvedConfig, over: Partial<SignOptions> = {}): SignOptions {
  const r = cfg.readings;
  return {
    secret: cfg.secret,
    algorithm: cfg.algorithm,
    hexCase: r.sigHexCase === 'upper' ? 'upper' : 'lower',
    encodeValues: r.signedValues === 'encoded',
    ...over,
    exclude: [...(r.signFormat ? [] : ['format']), ...(over.exclude ?? [])],
  };
}

/** The parameters with sig appended: the signature of exactly these (sent with the suite's queryString). */
export function withSig(
  cfg: ResolvedConfig,
  params: readonly Param[],
  over: Partial<SignOptions> = {},
): Param[] {
  return [...params, ['sig', sign(params, signOptions(cfg, over))]];
}

/** The endpoint with a query: the base URL is the endpoint itself (…/services/1.1/rest). */
export function endpoint(
  baseUrl: string,
  params: readonly Param[],
  rawCommas: readonly string[] = [],
): string {
  return `${baseUrl}?${queryString(params, rawCommas)}`;
}

/** Signs the parameters (undefined: no sig) and answers them as they go out, sig last. */
export type Unrepeated = (params: readonly Param[], signed: (p: Param[]) => string | undefined) => Param[];

/**
 * The signed requests this thread sent lately, by every sender of it (the suite's, each restorer
 * call's, the contract driver's and its filter), with the time each carries: no sender of a thread
 * repeats another's, so none waits for a new second for another of the same thread. Kept a minute.
 */
const sent = new Map<string, number>();
const KEPT_SECONDS = 60;
let pruned = 0;
function remember(key: string, time: number): void {
  sent.set(key, time);
  const now = Math.floor(Date.now() / 1000);
  if (now === pruned) return;
  pruned = now;
  for (const [k, t] of sent) if (t < now - KEPT_SECONDS) sent.delete(k);
}

/**
 * No two requests of a thread are the same signed request: a target with replay protection would
 * refuse the second. Where the same query (or, time being signed, the same sig) was already sent,
 * time moves on a second: a few seconds ahead at most, as often as one request repeats in a second.
 * One per sender (the suite's, the contract driver's); every one of a thread shares what was sent.
 */
export function noRepeats(): Unrepeated {
  return (params, signed) => {
    const withSig = (p: Param[]) => {
      const sig = signed(p);
      return {
        all: sig === undefined ? p : [...p, ['sig', sig] as Param],
        sigKey: `sig ${sig?.toLowerCase()}`,
      };
    };
    const at = params.findIndex(([name]) => name === 'time');
    const time = params[at]?.[1];
    let out = withSig([...params]);
    let stamp = Math.floor(Date.now() / 1000);
    if (time !== undefined && /^\d+$/.test(time)) {
      const atTime = (t: number) =>
        withSig(params.map((p, i): Param => (i === at ? ['time', String(t)] : p)));
      let t = Number(time);
      // A signature that leaves time out is the same whatever the time: only the query can differ.
      const timeSigned = out.all.length > params.length && out.sigKey !== atTime(t + 1).sigKey;
      while (sent.has(queryString(out.all)) || (timeSigned && sent.has(out.sigKey))) {
        t += 1;
        out = atTime(t);
      }
      stamp = t;
    }
    remember(queryString(out.all), stamp);
    if (out.all.length > params.length) remember(out.sigKey, stamp);
    return out.all;
  };
}

export interface SetProfilesArgs {
  method?: string;
  /** null leaves the argument out. */
  key?: string | null;
  sid?: string | null;
  profiles?: string | null;
}

/** method, key, sid, profiles, time: deliberately not sorted, so the order of the query never signs by luck. */
export function setProfilesParams(cfg: ResolvedConfig, a: SetProfilesArgs, time: string): Param[] {
  const p: Param[] = [['method', a.method ?? cfg.readings.methodName]];
  if (a.key !== null) p.push(['key', a.key ?? cfg.apiKey]);
  if (a.sid !== null) p.push(['sid', a.sid ?? cfg.sid]);
  if (a.profiles !== null) p.push(['profiles', a.profiles ?? cfg.profileIds.join(',')]);
  p.push(['time', time]);
  return p;
}

export function getSetParams(cfg: ResolvedConfig, time: string): Param[] {
  return [
    ['method', 'sociotoco.sets.get'],
    ['key', cfg.apiKey],
    ['sid', cfg.sid],
    ['time', time],
  ];
}

/** Sends the parameters, signed: the suite's call (which keeps a run's requests unrepeated) or the driver's. */
export type Send = (params: Param[]) => Promise<Exchange>;

/** The configured set as sociotoco.sets.get reads it (throws CheckFailure when it is not read). */
export async function readSet(send: Send, cfg: ResolvedConfig, what: string): Promise<SetView> {
  return setOf(await send(getSetParams(cfg, unixTime())), what, 'profiles');
}

/** The configured profiles that are not in `profiles` (a set as read back), in the configured order. */
export function notIn(cfg: ResolvedConfig, profiles: readonly string[]): string[] {
  const had = new Set(profiles.map((p) => p.toUpperCase()));
  return cfg.profileIds.filter((p) => !had.has(p.toUpperCase()));
}

/**
 * Sets the set's profiles to `profiles` (an empty list too: the page does not say whether profiles=
 * empties a set or is refused). Answers the version, or why the target refused it.
 */
export async function setTo(
  send: Send,
  cfg: ResolvedConfig,
  profiles: readonly string[],
  what: string,
): Promise<{ why: string } | { version: number | undefined }> {
  let ex: Exchange | undefined;
  try {
    ex = await send(setProfilesParams(cfg, { profiles: profiles.join(',') }, unixTime()));
    return { version: setOf(ex, what).version };
  } catch (e) {
    const code = ex && errorCodeOf(ex);
    const known = ERROR_CODES.find((c) => c.code === code);
    if (code !== undefined) return { why: `answered error ${code}${known ? ` ${known.name}` : ''}` };
    return { why: e instanceof CheckFailure ? e.message.replace(/\n/g, '; ') : String(e) };
  }
}

/**
 * Puts the set's profiles back as `before` read them (its version moves on: putting back is a change).
 * Answers why it could not, or the version of the put-back.
 */
export async function putBack(
  send: Send,
  cfg: ResolvedConfig,
  before: SetView | undefined,
): Promise<{ why: string } | { version: number | undefined }> {
  if (cfg.readings.setSemantics === 'add')
    return { why: 'under readings.setSemantics "add" nothing can be taken out again' };
  if (!before) return { why: 'sociotoco.sets.get could not read it before the run' };
  const put = await setTo(
    send,
    cfg,
    before.profiles,
    `putting back its profiles ${JSON.stringify(before.profiles)}`,
  );
  if ('why' in put && before.profiles.length === 0)
    return { why: `it was empty, and the target refused an empty profiles list (${put.why})` };
  return put;
}

/** The warning for a set not put back. */
export function notRestored(cfg: ResolvedConfig, why: string): string {
  return `sociotoco: the set ${cfg.sid} was not put back as it was before the run: ${why}`;
}

/** The same profiles, in any order and case. */
export const sameProfiles = (a: readonly string[], b: readonly string[]): boolean =>
  JSON.stringify(a.map((p) => p.toUpperCase()).sort()) ===
  JSON.stringify(b.map((p) => p.toUpperCase()).sort());

/**
 * Waits for the next second: a request signed over `time` by this restorer is then never the same
 * signed request as one another process (the engine's read, the suite's worker) sent in the same
 * second, which a target with replay protection would refuse.
 */
export const nextSecond = (): Promise<void> =>
  new Promise((done) => setTimeout(done, 1000 - (Date.now() % 1000) + 5));

/** A signed GET of the target, its own requests never repeated (one sender per call of the restorer). */
function restoreSender(ctx: RestoreContext, cfg: ResolvedConfig): Send {
  const once = noRepeats();
  return (params) =>
    ctx.http.send({
      method: 'GET',
      url: endpoint(
        ctx.baseUrl,
        once(params, (p) => sign(p, signOptions(cfg))),
      ),
    });
}

/**
 * Puts the set's profiles back as `saved` read them where they read otherwise (then reads it again: a
 * target may accept the put-back and still hold what was added). With `own` (the suite knows what it
 * changed), a set that now shows another client's write is left as that client wrote it, and said
 * (ownership.ts restoreSetStep); without it (the restore journal after a kill, the contract driver),
 * whatever changed is put back. The version moves on: putting back is a change.
 */
export async function putBackSet(
  ctx: RestoreContext,
  saved: SetView,
  own?: SetOwn,
  sender?: Send,
): Promise<string[]> {
  const cfg = withDefaults(ctx.section as unknown as SociotocoConfig);
  // The suite's own sender never repeats its own requests; a sender of its own waits for the next
  // second, so none of its requests is one another sender signed in this second.
  if (!sender) await nextSecond();
  const send = sender ?? restoreSender(ctx, cfg);
  const before = saved;
  const now = await readSet(send, cfg, `reading the set after ${ctx.when ?? 'the run'}`).catch(
    () => undefined,
  );
  const step = now ? restoreSetStep(now, before, own) : 'put-back';
  if (step === 'unchanged') return [];
  if (step === 'another-client') return [leftToAnother('sociotoco', `the set ${cfg.sid}`)];
  const put = await putBack(send, cfg, before);
  if ('why' in put) return [notRestored(cfg, put.why)];
  const after = await readSet(send, cfg, 'reading the set after putting it back').catch(
    (e: unknown) => (e as Error).message,
  );
  if (typeof after === 'string')
    return [notRestored(cfg, `it could not be read after putting it back (${after})`)];
  if (sameProfiles(before.profiles, after.profiles)) return [];
  // Another client wrote between the put-back and this read (a version newer than the put-back's
  // answer, or a profile this run never sent): its set is left, as before the put-back.
  if (own && anothersIn(after, own.own, put.version).length > 0)
    return [leftToAnother('sociotoco', `the set ${cfg.sid}`)];
  return [
    notRestored(
      cfg,
      `its profiles read back as ${JSON.stringify(after.profiles)} after putting back ${JSON.stringify(before.profiles)}`,
    ),
  ];
}

/**
 * Sociotoco's restorer: the set's profiles read first, and put back at the end (putBackSet). The
 * suite, the contract driver's preserve and the restore journal use it.
 */
export const restorer: Restorer = {
  async read(ctx) {
    const cfg = withDefaults(ctx.section as unknown as SociotocoConfig);
    const set = await readSet(
      restoreSender(ctx, cfg),
      cfg,
      `reading the set before ${ctx.when ?? 'the run'}`,
    );
    await nextSecond();
    return set as unknown as Json;
  },
  putBack: (ctx, saved) => putBackSet(ctx, saved as unknown as SetView),
};
