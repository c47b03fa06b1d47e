import { describe, expect, it } from 'vitest';
import type { EntryPoint, RuntimeConfig } from '../config/types.ts';
import { normalizeName, REDIRECT_PRIORITY, withInternalRouters } from './internal-routers.ts';
import { makeConfig } from './test-config.ts';
import { trace } from './trace.ts';

function config(entryPoints: Record<string, EntryPoint>): RuntimeConfig {
  const c = makeConfig({
    routers: { 'r@file': { rule: 'Host(`a.com`)', entryPoints: ['web'], service: 's@file' } },
    services: { 's@file': { loadBalancer: { servers: [{ url: 'http://10.0.0.1:8080' }] } } },
  });
  c.entryPoints = entryPoints;
  return c;
}

const redirect = (entryPoint: Record<string, unknown>) => ({ redirections: { entryPoint } });

describe('normalizeName', () => {
  it.each([
    ['web-to-:443', 'web-to-443'],
    ['web-to-websecure', 'web-to-websecure'],
    ['web_1-to-web.secure', 'web-1-to-web-secure'],
    ['--a--', 'a'],
    ['häfen-to-ポート', 'häfen-to-ポート'],
  ])('%s becomes %s', (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized);
  });
});

describe('withInternalRouters', () => {
  it('returns the configuration itself when no entrypoint redirects', () => {
    const c = config({ web: { address: ':80' } });
    expect(withInternalRouters(c)).toBe(c);
  });

  it.each([
    {
      desc: 'a bare port, defaults https, permanent and MaxInt32-1',
      def: { to: ':443' },
      router: 'web-to-443@internal',
      priority: REDIRECT_PRIORITY,
      scheme: { scheme: 'https', port: '443', permanent: true },
    },
    {
      desc: "an entrypoint name: that entrypoint's port",
      def: { to: 'websecure', scheme: 'http', permanent: false, priority: 7 },
      router: 'web-to-websecure@internal',
      priority: 7,
      scheme: { scheme: 'http', port: '8443', permanent: false },
    },
    {
      desc: 'priority 0 set explicitly: the rule length decides, as for any router',
      def: { to: ':443', priority: 0 },
      router: 'web-to-443@internal',
      priority: 0,
      scheme: { scheme: 'https', port: '443', permanent: true },
    },
  ])('builds the router for $desc', ({ def, router, priority, scheme }) => {
    const c = withInternalRouters(
      config({ web: { address: ':80', http: redirect(def) }, websecure: { address: '0.0.0.0:8443' } }),
    );
    expect(c.http.routers[router]).toEqual({
      rule: 'HostRegexp(`^.+$`)',
      entryPoints: ['web'],
      middlewares: [`redirect-${router}`],
      service: 'noop@internal',
      priority,
    });
    expect(c.http.middlewares[`redirect-${router}`]).toEqual({ redirectScheme: scheme });
    expect(c.http.routers['r@file']).toBeDefined();
  });

  it.each([
    ['no target', {}],
    ['an unknown entrypoint', { to: 'nowhere' }],
    ['a port without its colon', { to: '443' }],
  ])('builds no router for %s, as Traefik refuses it', (_, def) => {
    const c = config({ web: { address: ':80', http: redirect(def) } });
    expect(withInternalRouters(c)).toBe(c);
  });

  it('builds no router towards a UDP entrypoint', () => {
    const c = config({
      web: { address: ':80', http: redirect({ to: 'dns' }) },
      dns: { address: ':53/udp' },
    });
    expect(withInternalRouters(c)).toBe(c);
  });
});

describe('trace of an entrypoint redirection', () => {
  const get = (url: string) => ({ method: 'GET', url, headers: {}, remoteAddr: '10.1.2.3:4000' });

  it('shows the redirection as a matching router step, then its redirectScheme middleware', () => {
    const c = config({
      web: { address: ':80', http: redirect({ to: ':443' }) },
      websecure: { address: ':443' },
    });
    const { steps, outcome } = trace(c, get('http://a.com/x'));
    expect(steps.filter((s) => s.kind === 'router')).toEqual([
      {
        kind: 'router',
        name: 'web-to-443@internal',
        rule: 'HostRegexp(`^.+$`)',
        priority: REDIRECT_PRIORITY,
        verdict: 'match',
      },
    ]);
    expect(steps.find((s) => s.kind === 'middleware')).toMatchObject({
      name: 'redirect-web-to-443@internal',
      type: 'redirectScheme',
      effect: 'respond',
    });
    expect(outcome).toMatchObject({
      status: 301,
      router: 'web-to-443@internal',
      redirect: 'https://a.com/x',
    });
  });

  it('competes by priority: a low-priority redirection only takes what no other router does', () => {
    const c = config({ web: { address: ':80', http: redirect({ to: ':443', priority: 1 }) } });
    const { steps, outcome } = trace(c, get('http://b.com/x'));
    // b.com misses r@file: the redirection, last in priority order, catches it.
    expect(steps.filter((s) => s.kind === 'router').map((s) => [s.name, s.verdict])).toEqual([
      ['web-to-443@internal', 'match'],
    ]);
    expect(outcome.status).toBe(301);
    const served = trace(c, get('http://a.com/x'));
    expect(served.outcome).toMatchObject({ status: 200, router: 'r@file' });
    // Ranked below the winner, the redirection is never tried, so no step names it.
    expect(served.steps.filter((s) => s.kind === 'router').map((s) => s.name)).toEqual(['r@file']);
  });

  it('answers 418 from noop@internal when the request already is at the target', () => {
    const c = config({ web: { address: ':80', http: redirect({ to: ':80', scheme: 'http' }) } });
    const { steps, outcome } = trace(c, get('http://a.com/x'));
    expect(outcome).toMatchObject({ status: 418, router: 'web-to-80@internal', service: 'noop@internal' });
    expect(steps.find((s) => s.kind === 'middleware')).toMatchObject({ effect: 'next' });
    expect(steps.at(-1)).toMatchObject({ kind: 'response', status: 418, from: 'service noop@internal' });
  });

  it('does not redirect HTTPS requests on an entrypoint without http.tls', () => {
    const c = config({ web: { address: ':80', http: redirect({ to: ':443' }) } });
    const { outcome } = trace(c, get('https://a.com:80/x'), { entryPoint: 'web' });
    expect(outcome.status).toBe(404);
  });
});
