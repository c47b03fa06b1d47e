import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from './check.ts';
import { runResolve } from './resolve.ts';

const ROUTE = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: shop
  namespace: apps
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`) && Bogus(\`x\`)
      kind: Rule
      middlewares:
        - name: gone
      services:
        - name: shop
          port: 80
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: shop, namespace: apps }
spec:
  ports: [{ name: http, port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: shop-1
  namespace: apps
  labels: { kubernetes.io/service-name: shop }
addressType: IPv4
ports: [{ name: http, port: 80 }]
endpoints: [{ addresses: [10.0.0.1] }]
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'routeyard-check-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function capture(): { out: string[]; io: { out: (s: string) => void; err: (s: string) => void } } {
  const out: string[] = [];
  return { out, io: { out: (s) => out.push(s), err: (s) => out.push(s) } };
}

describe('routeyard check', () => {
  it('prints file:line:col severity CODE message lines, a summary, and exits 1 on errors', async () => {
    const dir = folder({ 'apps/shop.yaml': ROUTE, 'apps/svc.yml': SERVICE, 'README.md': 'not yaml' });
    const { out, io } = capture();
    expect(await runCheck(dir, {}, io, 0)).toBe(1);
    const text = out.join('');
    expect(text).toContain(`${join(dir, 'apps/shop.yaml')}:9:42 error RULE001 unknown matcher Bogus`);
    expect(text).toContain(
      `${join(dir, 'apps/shop.yaml')}:12:17 error REF001 middleware "apps-gone@kubernetescrd" does not exist`,
    );
    expect(text).toMatch(/2 files checked: 2 errors, 0 warnings, 0 infos\n$/);
  });

  it('exits 0 when there are only warnings or nothing', async () => {
    const dir = folder({ 'svc.yaml': SERVICE });
    const { out, io } = capture();
    expect(await runCheck(dir, {}, io, 0)).toBe(0);
    expect(out.join('')).toBe('1 file checked: 0 errors, 0 warnings, 0 infos\n');
  });

  it('prints JSON with --format json and reads entrypoints from --config', async () => {
    const dir = folder({
      'shop.yaml': ROUTE.replace(' && Bogus(`x`)', '').replace(/ {6}middlewares:\n {8}- name: gone\n/, ''),
      'svc.yaml': SERVICE,
    });
    const config = join(dir, 'traefik.toml');
    writeFileSync(config, '[entryPoints.websecure]\naddress = ":443"\n');
    const { out, io } = capture();
    expect(await runCheck(dir, { config, format: 'json' }, io, 0)).toBe(1);
    const report = JSON.parse(out.join('')) as {
      diagnostics: { code: string }[];
      summary: { errors: number };
    };
    expect(report.diagnostics.map((d) => d.code)).toEqual(['EP001']);
    expect(report.summary.errors).toBe(1);
  });

  it('does not read the --config file as a manifest when it sits in the folder', async () => {
    const dir = folder({ 'svc.yaml': SERVICE, 'traefik.yml': 'entryPoints:\n  web:\n    address: ":80"\n' });
    const { out, io } = capture();
    expect(await runCheck(dir, { config: join(dir, 'traefik.yml') }, io, 0)).toBe(0);
    expect(out.join('')).toBe('1 file checked: 0 errors, 0 warnings, 0 infos\n');
  });
});

describe('routeyard resolve', () => {
  it('--json prints exactly the configuration object', async () => {
    const dir = folder({ 'svc.yaml': SERVICE, 'shop.yaml': ROUTE.replace(' && Bogus(`x`)', '') });
    const { out, io } = capture();
    expect(await runResolve(dir, { json: true }, io, 0)).toBe(0);
    const config = JSON.parse(out.join('')) as {
      http: { routers: Record<string, { status: string }> };
      version: string;
    };
    expect(Object.keys(config).sort()).toEqual(['entryPoints', 'http', 'tls', 'version']);
    expect(Object.values(config.http.routers).map((r) => r.status)).toEqual(['disabled']);
  });
});
