// A well-behaved iService client session, for the passive proof (test/traffic-proof.ts): the logins
// through the consumer client the Pact tests drive (contracts/iservice/client.ts), the contact-details
// form sent as the service's web client sends it (plain fetch: the whole form, built on the contact as
// last read, with the session's cookie), each save followed by a details read of the contact. The
// success path (values with diacritics, an emptied property, a multi-valued property grown and
// shrunk, membership, logins of every listed type, setLogins false, a form labelled charset=utf-8,
// both page forms under readings.pageForms = both), and the documented errors a client may provoke:
// a mistyped password, a customer's update of another contact, an update of a contact that does not
// exist. Never a malformed request. Both contacts are put back as first read, at the end.
import { IServiceClient, IServiceError } from '../../contracts/iservice/client.ts';
import type { HttpRequest } from '../../src/http.ts';
import { detailsCall, setdetailsCall, withSession } from '../../suites/iservice/api.ts';
import { type Contact, toPayload } from '../../suites/iservice/checks.ts';
import { type IServiceConfig, withDefaults } from '../../suites/iservice/config.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The contact a details answer carries, read as the web form reads it (undefined: no form to build). */
function contactOf(answer: unknown): Contact | undefined {
  if (!isObj(answer)) return undefined;
  const d = Array.isArray(answer.details) ? answer.details[0] : answer.details;
  if (!isObj(d) || !Array.isArray(d.properties)) return undefined;
  const text = (v: unknown) => (isObj(v) ? String(v.value) : String(v));
  return {
    properties: d.properties.filter(isObj).map((p) => ({
      propertyID: String(p.propertyID),
      propertyName: String(p.propertyName ?? ''),
      values: Array.isArray(p.values) ? p.values.map(text) : [],
    })),
    ...(Array.isArray(d.logins)
      ? { logins: d.logins.filter(isObj).map((l) => ({ name: String(l.name), type: String(l.type) })) }
      : {}),
    ...(Array.isArray(answer.membership) ? { membership: answer.membership.map(String) } : {}),
  };
}

export async function drive(baseUrl: string, section: Record<string, unknown>): Promise<void> {
  const s = section as unknown as IServiceConfig & { unknownContactID: number };
  const r = withDefaults(s).readings;
  const base = baseUrl.replace(/\/+$/, '');
  let n = 0;
  const tag = () => `${Date.now().toString(36)}${++n}`;

  /** Logs in through the consumer client; its session cookie, or undefined when refused. */
  const login = async (emailAddress: string, password: string) => {
    const client = new IServiceClient(base);
    try {
      await client.login(emailAddress, password);
    } catch (e) {
      if (!(e instanceof IServiceError)) throw e;
    }
    return client.cookie;
  };
  const send = async (req: HttpRequest) => {
    const res = await fetch(req.url, {
      method: req.method,
      ...(req.headers ? { headers: req.headers } : {}),
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const read = async (cookie: string, id: number) =>
    contactOf(await send(withSession(detailsCall(base, id, r.detailsContactId), cookie)));
  const save = (cookie: string, payload: Obj, contentType?: string) =>
    send(withSession(setdetailsCall(base, payload, contentType), cookie));

  // A user mistyping the customer's password (one try, on an account that has a web login).
  await login(s.customer.emailAddress, `${s.customer.password}-typo`);
  const agent = await login(s.agent.emailAddress, s.agent.password);
  const customer = await login(s.customer.emailAddress, s.customer.password);
  if (!agent || !customer) return; // a client cannot go on without a session

  const [P0, P1] = s.textProperties as [
    { propertyID: string; propertyName: string },
    (typeof s.textProperties)[0],
  ];
  const MULTI = s.multiValueProperty;
  const segs = s.membershipSegments;
  const other = s.otherContactID;
  const own = s.customerContactID;
  const originals = new Map<number, Contact>();
  for (const id of [other, own]) {
    const c = await read(agent, id);
    if (c) originals.set(id, c);
  }
  if (originals.size < 2) return; // nothing to build a form on, nothing to put back

  type Options = Omit<Parameters<typeof toPayload>[2], 'detailsShape' | 'setLogins'> & {
    setLogins?: boolean;
    detailsShape?: 'object' | 'array';
  };
  /** The form on the contact as last read, with these changes; then the contact read again. */
  const edit = async (cookie: string, id: number, o: Options, contentType?: string) => {
    const current = await read(agent, id);
    if (!current) return;
    const payload = toPayload(id, current, {
      detailsShape: r.detailsShape,
      setLogins: false,
      ...o,
    });
    await save(cookie, payload, contentType);
    await read(agent, id);
  };
  const prop = (p: { propertyID: string; propertyName: string }, values: string[]) => ({
    [p.propertyID]: { propertyName: p.propertyName, values },
  });
  const email = (label: string) => `passive.${label}.${tag()}@example.com`;

  // The agent edits the other contact, one concern per save.
  await edit(agent, other, { set: { ...prop(P0, [`Zoë Łukasz ${tag()}`]), ...prop(P1, ['Q']) } });
  await edit(agent, other, { set: prop(P1, []) });
  const [a = 'Baking', b = 'Cycling'] = MULTI.options;
  await edit(agent, other, { set: prop(MULTI, [a, b]) });
  await edit(agent, other, { set: prop(MULTI, [b]) });
  const now = (await read(agent, other))?.membership ?? [];
  const grown = [...new Set([...now, ...segs.slice(0, 2)])];
  await edit(agent, other, { membership: grown });
  await edit(agent, other, { membership: grown.filter((m) => m !== segs[0]) });
  const logins = (await read(agent, other))?.logins ?? [];
  await edit(agent, other, {
    setLogins: true,
    logins: [...logins, { name: `passive+tag.${tag()}@example.com`, type: r.loginType }],
  });
  const withTag = (await read(agent, other))?.logins ?? [];
  await edit(agent, other, {
    setLogins: true,
    logins: [...withTag, ...['', 'bounced', 'Google'].map((type) => ({ name: email('type'), type }))],
  });
  await edit(agent, other, { setLogins: false, logins: [{ name: email('ignored'), type: r.loginType }] });
  await edit(agent, other, { set: prop(P0, [`Charset ${tag()}`]) }, 'application/json; charset=utf-8');
  if (r.pageForms === 'both') {
    const otherShape = r.detailsShape === 'object' ? 'array' : 'object';
    await edit(agent, other, { detailsShape: otherShape, set: prop(P0, [`Shape ${tag()}`]) });
    const current = (await read(agent, other))?.logins ?? [];
    const otherType = r.loginType === 'Email' ? 'email' : 'Email';
    await edit(agent, other, {
      setLogins: true,
      logins: [...current, { name: email('spelling'), type: otherType }],
    });
  }

  // The customer edits their own contact; the agent edits the customer's.
  await edit(customer, own, { set: prop(P0, [`Own ${tag()}`]) });
  await edit(agent, own, { set: prop(P0, [`Agent ${tag()}`]) });

  // Documented refusals: the customer on another contact, the agent on a contact that does not exist.
  await edit(customer, other, { set: prop(P0, [`Intruder ${tag()}`]) });
  const ghost = await read(agent, other);
  if (ghost)
    await save(
      agent,
      toPayload(
        s.unknownContactID,
        { properties: ghost.properties, logins: [], membership: [] },
        {
          detailsShape: r.detailsShape,
          setLogins: false,
          set: prop(P0, [`Ghost ${tag()}`]),
        },
      ),
    );

  // Put both contacts back as first read (the customer's logins were never changed: left as they are).
  for (const [id, c] of originals) {
    const current = await read(agent, id);
    const set = Object.fromEntries(
      (current?.properties ?? [])
        .filter((p) => !c.properties.some((q) => q.propertyID === p.propertyID))
        .map((p) => [p.propertyID, { propertyName: p.propertyName, values: [] }]),
    );
    await save(
      agent,
      toPayload(id, c, {
        detailsShape: r.detailsShape,
        setLogins: id === other && c.logins !== undefined,
        set,
      }),
    );
    await read(agent, id);
  }
}
