import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';
import { labelText } from './metrics-render.ts';
import { requestKey, tlsKey } from './request-labels.ts';

function samples(text: string, family: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${family}{`) || l.startsWith(`${family} `));
}

describe('Metrics exposition (Traefik v3 names and labels)', () => {
  it('writes entrypoint, router and service series with sorted labels and the default buckets', () => {
    const m = new Metrics();
    const key = requestKey('GET', {}, 0);
    m.entryPoint('web').observe(key, 200, 0.2);
    m.router('shop@file', 'api@file').observe(key, 200, 0.2);
    m.service('api@file').observe(key, 200, 0.2);
    const text = m.render();
    expect(samples(text, 'traefik_entrypoint_requests_total')).toEqual([
      'traefik_entrypoint_requests_total{code="200",entrypoint="web",method="GET",protocol="http"} 1',
    ]);
    // Traefik's router series name the router and its service, never the entrypoint.
    expect(samples(text, 'traefik_router_requests_total')).toEqual([
      'traefik_router_requests_total{code="200",method="GET",protocol="http",router="shop@file",service="api@file"} 1',
    ]);
    expect(samples(text, 'traefik_service_requests_total')).toEqual([
      'traefik_service_requests_total{code="200",method="GET",protocol="http",service="api@file"} 1',
    ]);
    const l = 'code="200",method="GET",protocol="http",service="api@file"';
    expect(text).toContain(
      [
        `traefik_service_request_duration_seconds_bucket{${l},le="0.1"} 0`,
        `traefik_service_request_duration_seconds_bucket{${l},le="0.3"} 1`,
        `traefik_service_request_duration_seconds_bucket{${l},le="1.2"} 1`,
        `traefik_service_request_duration_seconds_bucket{${l},le="5"} 1`,
        `traefik_service_request_duration_seconds_bucket{${l},le="+Inf"} 1`,
        `traefik_service_request_duration_seconds_sum{${l}} 0.2`,
        `traefik_service_request_duration_seconds_count{${l}} 1`,
      ].join('\n'),
    );
    expect(text).toContain('# TYPE traefik_service_request_duration_seconds histogram');
    expect(text).toContain('# TYPE traefik_entrypoint_requests_total counter');
  });

  it('splits series by method, protocol and code, and counts TLS requests by version and cipher', () => {
    const m = new Metrics();
    const tls = tlsKey({
      getProtocol: () => 'TLSv1.3',
      getCipher: () => ({ standardName: 'TLS_AES_128_GCM_SHA256' }),
    });
    const ep = m.entryPoint('websecure');
    ep.observe(requestKey('PROPFIND', {}, tls), 207, 0.01);
    ep.observe(requestKey('GET', { connection: 'Upgrade', upgrade: 'websocket' }, tls), 101, 0.01);
    ep.observe(requestKey('POST', { 'content-type': 'application/grpc' }, tls), 14, 0.01);
    const text = m.render();
    expect(samples(text, 'traefik_entrypoint_requests_total').sort()).toEqual([
      'traefik_entrypoint_requests_total{code="101",entrypoint="websecure",method="GET",protocol="websocket"} 1',
      'traefik_entrypoint_requests_total{code="14",entrypoint="websecure",method="POST",protocol="grpc"} 1',
      'traefik_entrypoint_requests_total{code="207",entrypoint="websecure",method="EXTENSION_METHOD",protocol="http"} 1',
    ]);
    expect(samples(text, 'traefik_entrypoint_requests_tls_total')).toEqual([
      'traefik_entrypoint_requests_tls_total{entrypoint="websecure",tls_cipher="TLS_AES_128_GCM_SHA256",tls_version="1.3"} 3',
    ]);
  });

  it('writes the global, connection, retry and health families under Traefik names', () => {
    const m = new Metrics();
    m.reloads = 2;
    m.reloadFailures = 1;
    m.lastReloadSuccess = 1_700_000_000;
    m.connectionOpened('web');
    m.connectionOpened('web');
    m.connectionClosed('web');
    m.retried('api@file');
    m.serverStates = () => [
      { service: 'api@file', url: 'http://10.0.0.1:80', up: true },
      { service: 'api@file', url: 'http://10.0.0.2:80', up: false },
    ];
    const text = m.render();
    expect(text).toContain('traefik_config_reloads_total 2\n');
    expect(text).toContain('traefik_config_reloads_failure_total 1\n');
    expect(text).toContain('traefik_config_last_reload_success 1700000000\n');
    expect(text).toContain('traefik_open_connections{entrypoint="web",protocol="TCP"} 1\n');
    expect(text).toContain('traefik_service_retries_total{service="api@file"} 1\n');
    expect(text).toContain('traefik_service_server_up{service="api@file",url="http://10.0.0.1:80"} 1\n');
    expect(text).toContain('traefik_service_server_up{service="api@file",url="http://10.0.0.2:80"} 0\n');
    expect(text).not.toContain('routeyard_');
  });

  it('leaves out families without samples and sorts families by name, as Go client does', () => {
    const text = new Metrics().render();
    expect(text).not.toContain('traefik_entrypoint_requests_total');
    expect(text).not.toContain('traefik_service_server_up');
    const names = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual([
      'traefik_config_last_reload_success',
      'traefik_config_reloads_failure_total',
      'traefik_config_reloads_total',
    ]);
  });

  it('escapes label values and sorts label names', () => {
    expect(
      labelText([
        ['service', 'a"b\\c\nd'],
        ['code', '200'],
      ]),
    ).toBe('code="200",service="a\\"b\\\\c\\nd"');
  });

  it('sums request and response body bytes under the labels of the request counters', () => {
    const m = new Metrics();
    const post = requestKey('POST', {}, 0);
    const get = requestKey('GET', {}, 0);
    m.router('up@file', 'api@file').observe(post, 201, 0.01, 1000, 17);
    m.router('up@file', 'api@file').observe(post, 201, 0.01, 24, 3);
    m.service('api@file').observe(get, 404, 0.01);
    const text = m.render();
    const l = 'code="201",method="POST",protocol="http",router="up@file",service="api@file"';
    expect(samples(text, 'traefik_router_requests_bytes_total')).toEqual([
      `traefik_router_requests_bytes_total{${l}} 1024`,
    ]);
    expect(samples(text, 'traefik_router_responses_bytes_total')).toEqual([
      `traefik_router_responses_bytes_total{${l}} 20`,
    ]);
    // Traefik adds zero too, so a request without a body still has its sample.
    expect(samples(text, 'traefik_service_requests_bytes_total')).toEqual([
      'traefik_service_requests_bytes_total{code="404",method="GET",protocol="http",service="api@file"} 0',
    ]);
    expect(text).toContain('# TYPE traefik_service_responses_bytes_total counter');
    expect(text).not.toContain('traefik_entrypoint_requests_bytes_total');
    const names = text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2]);
    expect(names).toEqual([...names].sort());
  });

  it('counts the requests of every entrypoint for the cluster status', () => {
    const m = new Metrics();
    m.entryPoint('web').observe(8, 200, 0.01);
    m.entryPoint('web').observe(8, 404, 0.01);
    m.entryPoint('websecure').observe(8, 200, 0.01);
    m.service('api@file').observe(8, 200, 0.01);
    expect(m.entryPointRequests()).toBe(3);
  });
});
