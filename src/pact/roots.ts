// The Rust verifier (pact-ffi 0.5.4) loads the system's root certificates each time it builds an HTTP
// client, several times per interaction (rustls-native-certs: the file and the directory named by
// SSL_CERT_FILE and SSL_CERT_DIR, else /etc/ssl/certs; strace: ~23,000 files opened for one ePrize
// verification), yet it never speaks TLS: pact-js points it at its own proxy on 127.0.0.1 for the
// requests and the state set-ups, and the proxy reaches the target with Node's TLS
// (src/pact/proxy.ts), which these variables do not change. So while a verification runs both name
// an empty file and directory: a verification then costs about a quarter of the CPU (ePrize 1.3 s ->
// 0.3 s, Sociotoco 1.1 s -> 0.25 s). The previous values are back when the last verification ends.
// Node reads them too under --use-openssl-ca, once, when it first builds its root store: that store
// is built before they change (createSecureContext), so it keeps the user's certificates.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

const VARS = ['SSL_CERT_FILE', 'SSL_CERT_DIR'] as const;

let running = 0;
let saved: Record<(typeof VARS)[number], string | undefined> | undefined;
let empty: { dir: string; file: string; certs: string } | undefined;

function emptyStore(): { file: string; certs: string } {
  if (!empty) {
    createSecureContext();
    const dir = mkdtempSync(join(tmpdir(), 'conformance-no-roots-'));
    const file = join(dir, 'none.pem');
    const certs = join(dir, 'certs');
    writeFileSync(file, '');
    mkdirSync(certs);
    empty = { dir, file, certs };
    process.once('exit', () => {
      if (empty) rmSync(empty.dir, { recursive: true, force: true });
    });
  }
  return empty;
}

/** Runs `verification` with the Rust verifier's root store empty (see above); overlapping runs share it. */
export async function withoutRootStore<T>(verification: () => Promise<T>): Promise<T> {
  if (running === 0) {
    const store = emptyStore();
    saved = { SSL_CERT_FILE: process.env.SSL_CERT_FILE, SSL_CERT_DIR: process.env.SSL_CERT_DIR };
    process.env.SSL_CERT_FILE = store.file;
    process.env.SSL_CERT_DIR = store.certs;
  }
  running += 1;
  try {
    return await verification();
  } finally {
    running -= 1;
    if (running === 0 && saved) {
      for (const name of VARS) {
        const value = saved[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      saved = undefined;
    }
  }
}
