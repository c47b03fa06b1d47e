import { describe, expect, it } from 'vitest';
import { parseManifests } from '../resources/index.ts';
import { trace } from '../trace/trace.ts';
import { resolve } from './resolve.ts';
import { createResolver } from './resolver.ts';

const BASE = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: shop, namespace: apps }
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`)
      middlewares: [{ name: buf }]
      services: [{ name: shop, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: shop, namespace: apps }
spec:
  ports: [{ name: http, port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: shop-1, namespace: apps, labels: { kubernetes.io/service-name: shop } }
addressType: IPv4
ports: [{ name: http, port: 8080 }]
endpoints: [{ addresses: [10.0.0.1] }]
`;

const buffering = (body: string) =>
  `${BASE}---\napiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: { name: buf, namespace: apps }\nspec:\n  buffering:\n${body}`;

const MW = 'apps-buf@kubernetescrd';

function run(text: string) {
  const parsed = parseManifests(text, 'case.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return { parsed, ...resolve(parsed.resources) };
}

describe('buffering settings Traefik refuses when it builds the middleware', () => {
  it('a bad retryExpression disables the middleware and drops the router, with the reason and column', () => {
    const { config, diagnostics } = run(
      buffering('    retryExpression: IsNetworkError() && Retries() < 2\n'),
    );
    const mw002 = diagnostics.filter((d) => d.code === 'MW002');
    expect(mw002).toHaveLength(1);
    expect(mw002[0]).toMatchObject({
      severity: 'error',
      message: `middleware "${MW}" cannot be built: retryExpression: unsupported function: Retries at column 21`,
      source: { file: 'case.yaml', length: 7 },
      object: { kind: 'Middleware', namespace: 'apps', name: 'buf' },
    });
    expect(config.http.middlewares[MW]).toMatchObject({
      status: 'disabled',
      error: ['retryExpression: unsupported function: Retries at column 21'],
    });
    const router = Object.values(config.http.routers)[0];
    expect(router?.status).toBe('disabled');
    expect(router?.errors?.join('\n')).toContain('unsupported function: Retries');
  });

  it('each negative size is an error at its field; the middleware keeps the first, as oxy stops there', () => {
    const text = buffering('    maxRequestBodyBytes: -5\n    memResponseBodyBytes: -1\n');
    const lineOf = (field: string) => text.split('\n').findIndex((l) => l.includes(field)) + 1;
    const { config, diagnostics } = run(text);
    expect(diagnostics.filter((d) => d.code === 'MW002').map((d) => [d.source.path, d.source.line])).toEqual([
      ['spec.buffering.maxRequestBodyBytes', lineOf('maxRequestBodyBytes')],
      ['spec.buffering.memResponseBodyBytes', lineOf('memResponseBodyBytes')],
    ]);
    expect(config.http.middlewares[MW]?.error).toEqual([
      'maxRequestBodyBytes: max bytes should be >= 0 got -5',
    ]);
    expect(Object.values(config.http.routers)[0]?.status).toBe('disabled');
  });

  it('valid settings, and an empty expression (no retry), keep everything enabled', () => {
    for (const body of [
      '    maxRequestBodyBytes: 0\n    retryExpression: IsNetworkError() && Attempts() < 2\n',
      '    retryExpression: ""\n',
    ]) {
      const { config, diagnostics } = run(buffering(body));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(Object.values(config.http.routers)[0]?.status).toBe('enabled');
    }
  });

  it('the tracer reports the router as failing, so the dashboard says what the proxy does', () => {
    const { config } = run(buffering('    retryExpression: "!IsNetworkError()"\n'));
    const result = trace(config, { method: 'GET', url: 'http://shop.example.com/', headers: {} });
    expect(JSON.stringify(result)).toContain('! is not supported at column 1');
  });

  it('the incremental resolver finds the same, and clears it when the expression is fixed', () => {
    const bad = parseManifests(buffering('    retryExpression: Attempts( < 2\n'), 'case.yaml').resources;
    const resolver = createResolver(bad);
    const first = resolver.current();
    expect(first.diagnostics.filter((d) => d.code === 'MW002')).toHaveLength(1);
    const good = parseManifests(buffering('    retryExpression: Attempts() < 2\n'), 'case.yaml').resources;
    const second = resolver.update(good);
    expect(second.diagnostics.filter((d) => d.code === 'MW002')).toEqual([]);
    expect(Object.values(second.config.http.routers)[0]?.status).toBe('enabled');
  });
});
