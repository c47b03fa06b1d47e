import { describe, expect, it } from 'vitest';
import { Metrics } from '../observability/metrics.ts';
import { mergeMetrics } from './merge-metrics.ts';

// GET without TLS, protocol http: method index 1 times 8.
const GET = 8;

describe('mergeMetrics', () => {
  it('sums the same series across workers and keeps each HELP/TYPE once', () => {
    const a = new Metrics();
    const b = new Metrics();
    a.entryPoint('web').observe(GET, 200, 0.01);
    a.entryPoint('web').observe(GET, 200, 0.5);
    b.entryPoint('web').observe(GET, 200, 0.02);
    b.entryPoint('web').observe(GET, 404, 0.02);
    a.connectionOpened('web');
    b.connectionOpened('web');
    a.reloads = 3;
    b.reloads = 3;
    const merged = mergeMetrics([a.render(), b.render()]);
    const labels = 'code="200",entrypoint="web",method="GET",protocol="http"';
    expect(merged).toContain(`traefik_entrypoint_requests_total{${labels}} 3`);
    expect(merged).toContain(
      'traefik_entrypoint_requests_total{code="404",entrypoint="web",method="GET",protocol="http"} 1',
    );
    expect(merged).toContain(`traefik_entrypoint_request_duration_seconds_bucket{${labels},le="0.1"} 2`);
    expect(merged).toContain(`traefik_entrypoint_request_duration_seconds_count{${labels}} 3`);
    expect(merged).toContain('traefik_open_connections{entrypoint="web",protocol="TCP"} 2');
    expect(merged.match(/# TYPE traefik_entrypoint_requests_total counter/g)).toHaveLength(1);
    // The workers' reload counters are left to the primary, which counts each configuration once.
    expect(merged).not.toContain('traefik_config_reloads_total');
  });

  it('sums the body byte counters of the workers', () => {
    const a = new Metrics();
    const b = new Metrics();
    a.service('api@file').observe(GET, 200, 0.01, 10, 100);
    b.service('api@file').observe(GET, 200, 0.01, 5, 50);
    const merged = mergeMetrics([a.render(), b.render()]);
    const labels = 'code="200",method="GET",protocol="http",service="api@file"';
    expect(merged).toContain(`traefik_service_requests_bytes_total{${labels}} 15`);
    expect(merged).toContain(`traefik_service_responses_bytes_total{${labels}} 150`);
    expect(merged.match(/# TYPE traefik_service_responses_bytes_total counter/g)).toHaveLength(1);
  });

  it('keeps a family together when only a later worker has it, and leaves server health to the primary', () => {
    const a = new Metrics();
    const b = new Metrics();
    a.entryPoint('web').observe(GET, 200, 0.01);
    b.entryPoint('web').observe(GET, 200, 0.01);
    b.retried('svc@file');
    b.serverStates = () => [{ service: 'svc@file', url: 'http://127.0.0.1:1', up: true }];
    const cert = { cn: 'a.example.com', serial: '1', sans: 'a.example.com', notAfter: 1_800_000_000 };
    a.certificates = [cert];
    b.certificates = [cert];
    const lines = mergeMetrics([a.render(), b.render()]).split('\n');
    const type = lines.indexOf('# TYPE traefik_service_retries_total counter');
    expect(lines[type + 1]).toBe('traefik_service_retries_total{service="svc@file"} 1');
    expect(lines.some((l) => l.includes('traefik_service_server_up'))).toBe(false);
    // Every worker serves the same certificates: their expiry is reported once, not summed.
    expect(lines).toContain(
      'traefik_tls_certs_not_after{cn="a.example.com",sans="a.example.com",serial="1"} 1800000000',
    );
  });
});
