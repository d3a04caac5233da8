// The consumer of the TextMarketer contract: a minimal client of "modify account details", written
// the way the official SDKs use the API (form-encoded POST to account/{account_id}, the credentials
// as `username`/`password` fields, <errors><error code> parsed on HTTP 400, any other non-200
// status an exception carrying the raw body). The consumer tests drive it against Pact's mock.
import { XMLParser } from 'fast-xml-parser';

export interface Credentials {
  username: string;
  password: string;
}

/** The POST arguments of the page (the notification fields spelled as the page spells them). */
export interface AccountChanges {
  account_api_password?: string;
  account_api_username?: string;
  account_password?: string;
  account_username?: string;
  company_name?: string;
  notifcation_email?: string;
  notifcation_mobile?: string;
}

export interface Account {
  processedDate: string;
  accountId: string;
  apiUsername: string;
  apiPassword: string;
  companyName?: string;
  createDate: string;
  credits: number;
  notificationEmail?: string;
  notificationMobile?: string;
  username: string;
  password: string;
}

export interface ApiError {
  code: number;
  message: string;
}

/** HTTP 400 with the errors envelope: `errors` holds each <error code>. Other statuses: `errors` is empty. */
export class TextMarketerError extends Error {
  override name = 'TextMarketerError';
  constructor(
    readonly status: number,
    readonly errors: ApiError[],
    readonly body: string,
  ) {
    super(
      errors.length > 0
        ? `TextMarketer refused the request: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`
        : `TextMarketer answered HTTP ${status}`,
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
  isArray: (name) => name === 'error',
});

type Node = Record<string, unknown>;

function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in (node as Node)) return String((node as Node)['#text']);
  return '';
}

function required(account: Node, name: string): string {
  const v = text(account[name]);
  if (v === undefined) throw new Error(`the response has no <${name}>`);
  return v;
}

function decode(bytes: ArrayBuffer): string {
  const buf = Buffer.from(bytes);
  const head = buf.subarray(0, 100).toString('latin1');
  const latin1 = /encoding\s*=\s*["'](iso-8859-1|latin1)["']/i.test(head);
  return latin1 ? buf.toString('latin1') : buf.toString('utf8');
}

export class TextMarketerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials,
  ) {}

  async modifyAccount(accountId: string, changes: AccountChanges): Promise<Account> {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(changes)) if (v !== undefined) form.set(k, v);
    form.set('username', this.credentials.username);
    form.set('password', this.credentials.password);
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/account/${encodeURIComponent(accountId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const body = decode(await res.arrayBuffer());
    if (res.status === 400) {
      const parsed = parser.parse(body) as Node;
      const errors = (
        (((parsed.response as Node | undefined)?.errors as Node | undefined)?.error ?? []) as unknown[]
      ).map((e) => ({
        code: Number((e as Node)['@code']),
        message: text(e) ?? '',
      }));
      throw new TextMarketerError(res.status, errors, body);
    }
    if (res.status !== 200) throw new TextMarketerError(res.status, [], body);
    const response = (parser.parse(body) as Node).response as Node | undefined;
    const account = response?.account as Node | undefined;
    if (!response || !account) throw new Error('the response is not <response><account>');
    const credits = Number(required(account, 'credits'));
    if (!Number.isFinite(credits)) throw new Error('<credits> is not a number');
    const out: Account = {
      processedDate: String(response['@processed_date'] ?? ''),
      accountId: required(account, 'account_id'),
      apiUsername: required(account, 'api_username'),
      apiPassword: required(account, 'api_password'),
      createDate: required(account, 'create_date'),
      credits,
      username: required(account, 'username'),
      password: required(account, 'password'),
    };
    const optional = {
      companyName: text(account.company_name),
      notificationEmail: text(account.notification_email),
      notificationMobile: text(account.notification_mobile),
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) (out as unknown as Node)[k] = v;
    return out;
  }
}
