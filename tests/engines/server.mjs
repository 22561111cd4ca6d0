// The static server of the Firefox and WebKit tests: the built page (www/dist) at /, and for the
// golden-run harness the page's wasm bindings (www/pkg) at /pkg/, the harness at /harness/ and the
// core's golden file at /goldens.json. Plain files with their types, no special headers, as a
// course site serves them. usage: node tests/engines/server.mjs PORT
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.argv[2] ?? 4175);
const mounts = [
  ['/pkg/', path.join(root, 'www/pkg')],
  ['/harness/', path.join(root, 'tests/engines/harness')],
  ['/goldens.json', path.join(root, 'crates/rnn-core/tests/goldens/goldens.json')],
  ['/', path.join(root, process.env.E2E_DIST ? path.join('www', process.env.E2E_DIST) : 'www/dist')],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm', // instantiateStreaming needs it
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

http
  .createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const [prefix, dir] = mounts.find(([prefix]) => pathname.startsWith(prefix)) ?? mounts[mounts.length - 1];
    let file = prefix.endsWith('/') ? path.join(dir, pathname.slice(prefix.length)) : dir;
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (error, body) => {
      if (error) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
        return;
      }
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`serving on http://127.0.0.1:${port}/`));
