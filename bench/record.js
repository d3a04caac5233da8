// Preloaded by `npm run bench` (node --import ./bench/record.js bin/conformance.js run --all …): writes
// every request the embedded mocks of this process received (the suites' workers send them; the mocks
// answer on the main thread) to $BENCH_RECORD as JSON, so the floor (bench/floor.js) replays the
// requests a run sends, not only those its reports keep as evidence (generated checks keep a few).
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RECORD;
if (isMainThread && file) {
  const requests = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, ...rest) {
    if (event === 'request') {
      const entry = {
        port: this.address()?.port,
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: '',
      };
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        entry.body = Buffer.concat(chunks).toString('base64');
      });
      requests.push(entry);
    }
    return emit.call(this, event, req, ...rest);
  };
  process.on('exit', () => writeFileSync(file, JSON.stringify(requests)));
}
