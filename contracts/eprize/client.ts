// The consumer of the ePrize contract: a minimal client of "create profile" and the calls around it
// (a CAPTCHA challenge, the read-back), written the way the live API's
// clients use it: form POST variables to /v1/{apikey}/profile, the CAPTCHA as the two request
// headers the wiki names, the Location found by name (never by position), the XML read leniently
// (the order of the profile keys carries no meaning). 409 and 400 answers become an EprizeError
// with the terminal and field errors of the body; any other unexpected status one with the raw body.
import { XMLParser } from 'fast-xml-parser';

export interface Captcha {
  /** The challenge's path, /v1/{apikey}/captcha/{challenge-id} (its Location). */
  challenge: string;
  /** The answer the user gave. */
  response: string;
}

export interface FieldError {
  name: string;
  /** NULL (no value) or VALIDATION (a value the promotion refuses). */
  error: string;
}

export interface CreatedProfile {
  /** The Location header, as sent. */
  location: string;
  /** The last segment of the Location: /v1/{apikey}/profile/{uid}. */
  uid: string;
  /** <profile>: id and the safe keys, by name. */
  profile: Record<string, string>;
  ver: string;
  status: number;
}

export class EprizeError extends Error {
  override name = 'EprizeError';
  constructor(
    readonly status: number,
    readonly terminalErrors: string[],
    readonly fieldErrors: FieldError[],
    readonly body: string,
  ) {
    super(
      terminalErrors.length + fieldErrors.length > 0
        ? `ePrize refused the request (HTTP ${status}): ${[
            ...terminalErrors,
            ...fieldErrors.map((f) => `${f.name} ${f.error}`),
          ].join('; ')}`
        : `ePrize answered HTTP ${status}`,
    );
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'field' || name === 'error',
});

type Node = Record<string, unknown>;

const obj = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

function parse(body: string): { ver: string; status: number; result: Node } {
  const root = obj(obj(parser.parse(body)).result);
  return { ver: text(root['@ver']), status: Number(text(root.status)), result: obj(root.result) };
}

function refusal(status: number, body: string): EprizeError {
  let terminal: string[] = [];
  let fields: FieldError[] = [];
  try {
    const errors = obj(parse(body).result.errors);
    terminal = ((obj(errors.terminal_errors).error ?? []) as unknown[]).map(text);
    fields = ((obj(errors.field_errors).field ?? []) as unknown[]).map((f) => ({
      name: text(obj(f).name),
      error: text(obj(f).error),
    }));
  } catch {
    // Not the documented envelope: the status and the raw body say what there is to say.
  }
  return new EprizeError(status, terminal, fields, body);
}

function profileOf(result: Node): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(result.profile)).map(([k, v]) => [k, text(v)]));
}

export class EprizeClient {
  private readonly root: string;

  constructor(baseUrl: string, apikey: string) {
    this.root = `${baseUrl.replace(/\/+$/, '')}/v1/${encodeURIComponent(apikey)}`;
  }

  /** POST /v1/{apikey}/profile: the unique key and the other pairs as form fields. */
  async createProfile(fields: Record<string, string>, captcha?: Captcha): Promise<CreatedProfile> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (captcha) {
      headers['X-CAPTCHA-Challenge'] = captcha.challenge;
      headers['X-CAPTCHA-Response'] = captcha.response;
    }
    const res = await fetch(`${this.root}/profile`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(fields).toString(),
    });
    const body = await res.text();
    if (res.status !== 201) throw refusal(res.status, body);
    const location = res.headers.get('location');
    if (!location) throw new Error('the 201 has no Location');
    const { ver, status, result } = parse(body);
    return {
      location,
      uid: decodeURIComponent(location.split('/').pop() ?? ''),
      profile: profileOf(result),
      ver,
      status,
    };
  }

  /** POST /v1/{apikey}/captcha: a new challenge, as the path a create request names it by. */
  async newChallenge(): Promise<string> {
    const res = await fetch(`${this.root}/captcha`, { method: 'POST' });
    const body = await res.text();
    const location = res.headers.get('location');
    if (res.status !== 201 || !location) throw refusal(res.status, body);
    return location.replace(/^https?:\/\/[^/]+/, '');
  }

  /** GET /v1/{apikey}/profile/{uid}: the id and the safe keys. */
  async readProfile(uid: string): Promise<Record<string, string>> {
    const res = await fetch(`${this.root}/profile/${encodeURIComponent(uid)}`);
    const body = await res.text();
    if (res.status !== 200) throw refusal(res.status, body);
    return profileOf(parse(body).result);
  }
}
