import { describe, expect, it } from 'vitest';
import { parseStaticConfig } from './static-config.ts';

describe('parseStaticConfig', () => {
  it('reads entryPoints and providers.kubernetesCRD from YAML, keys case-insensitively', () => {
    const text = `entryPoints:
  web:
    address: ":80"
  websecure:
    address: ":443"
    asDefault: true
providers:
  kubernetescrd:
    allowCrossNamespace: true
    namespaces: [apps]
    ingressClass: traefik-internal
`;
    expect(parseStaticConfig(text, 'traefik.yml')).toEqual({
      entryPoints: { web: { address: ':80' }, websecure: { address: ':443', asDefault: true } },
      kubernetesCRD: { allowCrossNamespace: true, ingressClass: 'traefik-internal', namespaces: ['apps'] },
      kubernetesIngress: undefined,
      diagnostics: [],
    });
  });

  it('reads TOML', () => {
    const text =
      '[entryPoints.web]\naddress = ":8080"\n\n[providers.kubernetesCRD]\nallowEmptyServices = true\n';
    const parsed = parseStaticConfig(text, 'traefik.toml');
    expect(parsed.entryPoints).toEqual({ web: { address: ':8080' } });
    expect(parsed.kubernetesCRD).toEqual({ allowEmptyServices: true });
  });

  it('says where a value has the wrong type', () => {
    const text = 'providers:\n  kubernetesCRD:\n    allowCrossNamespace: "yes"\n';
    expect(parseStaticConfig(text, 'traefik.yml').diagnostics).toEqual([
      {
        code: 'SCHEMA001',
        severity: 'error',
        message: 'providers.kubernetesCRD.allowCrossNamespace must be a boolean',
        source: {
          file: 'traefik.yml',
          line: 3,
          column: 5,
          path: 'providers.kubernetesCRD.allowCrossNamespace',
        },
      },
    ]);
  });

  it('reports syntax errors with their place, for YAML and TOML', () => {
    expect(parseStaticConfig('entryPoints: [\n', 'traefik.yml').diagnostics[0]).toMatchObject({
      code: 'YAML001',
      source: { file: 'traefik.yml', line: 2 },
    });
    expect(parseStaticConfig('a = [', 'traefik.toml').diagnostics[0]).toMatchObject({
      code: 'YAML001',
      source: { file: 'traefik.toml', line: 1, column: 5 },
    });
  });

  it('leaves kubernetesCRD undefined when the provider is not configured', () => {
    expect(parseStaticConfig('log:\n  level: DEBUG\n', 'traefik.yml').kubernetesCRD).toBeUndefined();
  });
});
