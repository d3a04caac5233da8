// Preloaded by `npm run bench` (node --import ./bench/record.js bin/conformance.js run --all …): appends
// every request the embedded mocks received, in whichever thread they ran (a suite's worker starts its
// own instance), to $BENCH_RECORD as JSON lines, so the floor (bench/floor.js) replays the requests a
// run sends, not only those its reports keep as evidence (generated checks keep a few).
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import threads from 'node:worker_threads';

const file = process.env.BENCH_RECORD;
if (file) {
  // vitest starts its workers with execArgv of its own: this file joins them.
  const Worker = threads.Worker;
  threads.Worker = class extends Worker {
    constructor(path, options = {}) {
      const execArgv = [...(options.execArgv ?? process.execArgv), '--import', import.meta.url];
      super(path, { ...options, execArgv });
    }
  };
  syncBuiltinESMExports();

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, ...rest) {
    if (event === 'request') {
      const port = this.address()?.port;
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('base64');
        const line = { port, method: req.method, url: req.url, headers: req.headers, body };
        appendFileSync(file, `${JSON.stringify(line)}\n`);
      });
    }
    return emit.call(this, event, req, ...rest);
  };
}
