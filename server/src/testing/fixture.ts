import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway manifests folder with the given files. */
export async function tempFolder(
  files: Record<string, string>,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'routeyard-server-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const SHOP = `# The shop's routing.
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: storefront
  namespace: shop
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`) # the storefront
      kind: Rule
      services:
        - name: web
          port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
  namespace: shop
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
ports: [{port: 8080}]
endpoints:
  - addresses: [10.0.0.1]
    conditions: {ready: true}
`;

/** A TLS secret with the given certificate (base64 PEM) and a recognisable fake key. */
export const TLS_SECRET = (crtBase64: string) => `apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: shop-tls
  namespace: shop
data:
  tls.crt: ${crtBase64}
  tls.key: U1VQRVItU0VDUkVULUtFWS1NQVRFUklBTA==
`;
