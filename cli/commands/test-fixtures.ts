import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small shop: an IngressRoute with an API route behind stripPrefix and a web route, with their backends. */
export const SHOP_MANIFESTS = `
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: api-1, namespace: shop, labels: { kubernetes.io/service-name: api } }
addressType: IPv4
ports: [{ name: http, port: 8080 }]
endpoints: [{ addresses: [10.0.0.5], conditions: { ready: true } }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-1, namespace: shop, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
ports: [{ name: http, port: 8081 }]
endpoints: [{ addresses: [10.0.1.1], conditions: { ready: true } }]
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: { name: strip-api, namespace: shop }
spec: { stripPrefix: { prefixes: [/api] } }
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: storefront, namespace: shop }
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`) && PathPrefix(\`/api\`)
      kind: Rule
      middlewares: [{ name: strip-api }]
      services: [{ name: api, port: 80 }]
    - match: Host(\`shop.example.com\`)
      kind: Rule
      services: [{ name: web, port: 80 }]
    - match: Host(\`blog.example.com\`)
      kind: Rule
      services: [{ name: web, port: 80 }]
`;

/** Writes the shop manifests (and any extra files) into a fresh temporary folder and returns its path. */
export async function shopDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'routeyard-cli-'));
  await writeFile(join(dir, 'shop.yaml'), SHOP_MANIFESTS);
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text);
  return dir;
}

/** Captures what a command writes. */
export function capture() {
  let out = '';
  let err = '';
  return {
    io: { out: (s: string) => (out += s), err: (s: string) => (err += s), color: false },
    out: () => out,
    err: () => err,
  };
}
