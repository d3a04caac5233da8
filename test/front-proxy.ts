// A proxy in front of a mock, reached by URL like any target: the tests' "another client" (it
// writes before a read is forwarded) and a held request (a signal lands while the run waits on it).
// `before` runs on each request, with its body, before it is forwarded; `after` sees each answer.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningMock } from '../src/types.ts';

export interface FrontProxy {
  /** The mock's base URL on the proxy's port. */
  url: string;
  close: () => Promise<void>;
}

export async function frontProxy(
  mock: RunningMock,
  hooks: {
    before?: (req: IncomingMessage, body: Buffer) => Promise<void> | void;
    after?: (req: IncomingMessage, status: number, body: Buffer) => void;
  },
): Promise<FrontProxy> {
  const path = new URL(mock.url).pathname;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      await hooks.before?.(req, body);
      // The same path on the mock's origin (the proxy serves the mock's base path).
      const upstream = await fetch(`${new URL(mock.url).origin}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
        ) as Record<string, string>,
        ...(body.length ? { body } : {}),
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      hooks.after?.(req, upstream.status, answer);
      const headers: Record<string, string | string[]> = Object.fromEntries(upstream.headers);
      delete headers['set-cookie'];
      const cookies = upstream.headers.getSetCookie();
      res.writeHead(upstream.status, cookies.length ? { ...headers, 'set-cookie': cookies } : headers);
      res.end(answer);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
