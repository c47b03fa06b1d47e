import type { RuntimeConfig } from '../../../../core/index.ts';
import { parseJsonKeepingBigInts } from '../api/client.ts';
import type { ConfigResponse, DiagnosticsResponse } from '../api/types.ts';
import configRaw from './fixtures/config.json?raw';
import diagnosticsRaw from './fixtures/diagnostics.json?raw';

/** The shop fixture as the server sends it (`GET /api/v1/config`), parsed the way the client parses it. */
export function configFixture(): ConfigResponse {
  return parseJsonKeepingBigInts(configRaw) as ConfigResponse;
}

export function diagnosticsFixture(): DiagnosticsResponse {
  return parseJsonKeepingBigInts(diagnosticsRaw) as DiagnosticsResponse;
}

/** A generated configuration with `n` routers, each with a middleware and a service of two servers. */
export function generatedConfig(n: number): RuntimeConfig {
  const config: RuntimeConfig = {
    version: `gen-${n}`,
    entryPoints: { web: { address: ':8000' }, websecure: { address: ':8443' } },
    http: { routers: {}, middlewares: {}, services: {}, serversTransports: {} },
    tls: { certificates: [], options: {}, stores: {} },
  };
  const shared = ['ns0-headers@kubernetescrd', 'ns1-headers@kubernetescrd'];
  for (const name of shared) config.http.middlewares[name] = { headers: { frameDeny: true } };
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
      middlewares: [mw, shared[i % 2]!],
      service: svc,
      source: { kind: 'IngressRoute', namespace: ns, name: `route${i}`, path: 'spec.routes[0]' },
    };
  }
  return config;
}
