// The reference Node proxy of bench/proxy: node:http in front of an undici Pool with dispatch(), nothing else
// (no routing, no forwarded headers, no metrics or logs). Routeyard's distance to it is what its features cost.
import { createServer } from 'node:http';
import { type Dispatcher, Pool } from 'undici';

const port = Number(process.argv[2]);
const origins = (process.argv[3] ?? '').split(',');
const pools = origins.map((o) => new Pool(o, { connections: 128, pipelining: 1 }));
let next = 0;
createServer((req, res) => {
  const i = next;
  next = (next + 1) % pools.length;
  const headers = { ...req.headers } as Record<string, string>;
  delete headers.connection;
  (pools[i] as Pool).dispatch(
    {
      origin: origins[i] as string,
      path: req.url ?? '/',
      method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body: null,
    },
    {
      // undici recognises its new handler interface by this method.
      onRequestStart() {},
      onResponseStart(_c, status, h) {
        delete h.connection;
        delete h['keep-alive'];
        delete h['transfer-encoding'];
        res.writeHead(status, h as Record<string, string>);
      },
      onResponseData(c, chunk) {
        if (!res.write(chunk)) {
          c.pause();
          res.once('drain', () => c.resume());
        }
      },
      onResponseEnd() {
        res.end();
      },
      onResponseError() {
        res.statusCode = 502;
        res.end();
      },
    },
  );
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));

process.on('SIGTERM', () => process.exit(0));
