// Serves the built dashboard with a fixture API (apps/dashboard/src/test/fixtures), for screenshots and manual
// checks before the real server runs. Usage: node apps/dashboard/dev/fixture-server.mjs [port] [--routers N]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = process.env.DASH_DIR ?? join(here, '../../../dist/dashboard');
const fixtures = join(here, '../src/test/fixtures');
const args = process.argv.slice(2);
const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 0);
const generate = args.includes('--routers') ? Number(args[args.indexOf('--routers') + 1]) : 0;

let configText = readFileSync(join(fixtures, 'config.json'), 'utf8');
if (generate > 0) configText = JSON.stringify({ version: `gen-${generate}`, config: generated(generate) });
const diagnosticsText =
  generate > 0 ? '{"version":"gen","items":[]}' : readFileSync(join(fixtures, 'diagnostics.json'), 'utf8');
let storefront = `# The shop's public entry: the web front and its API.
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: storefront
  namespace: shop
spec:
  entryPoints:
    - websecure
  routes:
    - match: Host(\`shop.localhost\`) && PathPrefix(\`/\`)
      kind: Rule
      middlewares:
        - name: security-headers
      services:
        - name: web-canary
          kind: TraefikService
    # The API loses its /api prefix before it reaches the backend.
    - match: Host(\`shop.localhost\`) && PathPrefix(\`/api\`)
      kind: Rule
      middlewares:
        - name: strip-api
        - name: security-headers
      services:
        - name: api-mirror
          kind: TraefikService
  tls:
    secretName: shop-tls
`;
let version = 'v1';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const p = url.pathname;
    if (p === '/api/v1/config') return send(200, configText);
    if (p === '/api/v1/diagnostics') return send(200, diagnosticsText);
    if (p === '/api/v1/proxy/status')
      return send(200, {
        state: 'applied',
        servedVersion: 'c0ffee12',
        configVersion: 'c0ffee12',
        entryPoints: { web: ':8000', websecure: ':8443' },
      });
    if (p === '/api/v1/schemas') return send(200, { schemas: {} });
    if (p === '/api/v1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      return;
    }
    if (p === '/api/v1/trace') return send(200, readFileSync(join(fixtures, 'trace.json'), 'utf8'));
    if (p === '/api/v1/proxy/send')
      return send(200, { status: 200, headers: {}, body: '{"backend":"shop-web"}' });
    if (p.startsWith('/api/v1/resources/')) {
      if (req.method === 'GET')
        return send(200, {
          object: {},
          yaml: storefront,
          resourceVersion: version,
          origin: { file: 'shop/storefront.yaml', line: 2 },
        });
      const input = JSON.parse(body || '{}');
      if (url.searchParams.get('dryRun')) {
        return send(200, {
          dryRun: true,
          file: 'shop/storefront.yaml',
          diff: `--- a/shop/storefront.yaml\n+++ b/shop/storefront.yaml\n@@ -18,3 +18,3 @@\n     # The API loses its /api prefix before it reaches the backend.\n-    - match: Host(\`shop.localhost\`) && PathPrefix(\`/api\`)\n+    - match: Host(\`shop.localhost\`) && PathPrefix(\`/v2\`)\n       kind: Rule\n`,
          diagnostics: [],
          impact: [
            {
              request: { method: 'GET', url: 'https://shop.localhost/api/cart' },
              before: { router: 'shop-storefront-api', status: 200 },
              after: { router: 'shop-storefront', status: 200 },
            },
          ],
        });
      }
      if (input.resourceVersion !== version)
        return send(409, {
          error: {
            code: 'conflict',
            message: 'changed',
            details: { resourceVersion: version, yaml: storefront },
          },
        });
      storefront = input.yaml;
      version = `v${Number(version.slice(1)) + 1}`;
      return send(200, { resourceVersion: version });
    }
    if (p === '/api/v1/resources') return send(200, { items: [] });
    const file = normalize(join(root, p === '/' ? 'index.html' : p));
    if (!file.startsWith(root)) return send(404, {});
    try {
      const data = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      send(404, { error: { code: 'not-found', message: p } });
    }
  });
}).listen(port, '127.0.0.1', function () {
  console.log(`http://127.0.0.1:${this.address().port}/`);
});

function generated(n) {
  const config = {
    version: `gen-${n}`,
    entryPoints: { web: { address: ':8000' }, websecure: { address: ':8443' } },
    http: { routers: {}, middlewares: {}, services: {}, serversTransports: {} },
    tls: { certificates: [], options: {}, stores: {} },
  };
  for (let i = 0; i < n; i++) {
    const ns = `ns${i % 20}`;
    const svc = `${ns}-app${i}-80@kubernetescrd`;
    const mw = `${ns}-strip${i}@kubernetescrd`;
    config.http.middlewares[mw] = { stripPrefix: { prefixes: [`/app${i}`] } };
    config.http.services[svc] = {
      loadBalancer: {
        servers: [
          { url: `http://10.0.${i % 250}.${i % 200}:80` },
          { url: `http://10.1.${i % 250}.${i % 200}:80` },
        ],
      },
    };
    config.http.routers[`${ns}-route${i}-${i.toString(16).padStart(20, '0')}@kubernetescrd`] = {
      entryPoints: [i % 2 === 0 ? 'web' : 'websecure'],
      rule: `Host(\`app${i}.example.com\`) && PathPrefix(\`/app${i}\`)`,
      middlewares: [mw],
      service: svc,
      source: { kind: 'IngressRoute', namespace: ns, name: `route${i}`, path: 'spec.routes[0]' },
    };
  }
  return config;
}
