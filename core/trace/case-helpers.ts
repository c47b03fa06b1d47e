// Builders shared by the rows of the trace conformance table (cases*.ts); test data only.
import type { Router, RuntimeConfig, Service } from '../config/types.ts';
import type { HttpRequest } from '../request.ts';
import { makeConfig } from './test-config.ts';

/** The client address every row uses; the proxy side reads 127.0.0.1 instead. */
export const ROW_CLIENT = '10.1.2.3';

/** A request from the row client; `extra` overrides any field (method, entryPoint...). */
export const get = (
  url: string,
  headers: Record<string, string> = {},
  extra: Partial<HttpRequest> = {},
): HttpRequest => ({
  method: 'GET',
  url,
  headers,
  remoteAddr: `${ROW_CLIENT}:40000`,
  ...extra,
});

/** One server at `url`. */
export const server = (url: string): Service => ({ loadBalancer: { servers: [{ url }] } });

/** Servers `s1`..`s3` on 10.0.0.1..3:8080, enough for the routing rows. */
export const THREE: Record<string, Service> = {
  's1@file': server('http://10.0.0.1:8080'),
  's2@file': server('http://10.0.0.2:8080'),
  's3@file': server('http://10.0.0.3:8080'),
};

/** Routers (on `web` unless they say otherwise) to the three servers. */
export function routers(rs: Record<string, Partial<Router> & { rule: string }>): () => RuntimeConfig {
  return () =>
    makeConfig({
      routers: Object.fromEntries(
        Object.entries(rs).map(([name, r]) => [
          name,
          { entryPoints: ['web'], service: 's1@file', ...r } as Router,
        ]),
      ),
      services: THREE,
    });
}

/** One router on `web` for `a.com` with `middlewares` (outermost first), to one server. */
export function withMiddlewares(
  middlewares: RuntimeConfig['http']['middlewares'],
  names: string[] = Object.keys(middlewares),
): () => RuntimeConfig {
  return () =>
    makeConfig({
      routers: {
        'r@file': { rule: 'Host(`a.com`)', entryPoints: ['web'], service: 's@file', middlewares: names },
      },
      middlewares,
      services: { 's@file': server('http://10.0.0.1:8080') },
    });
}

/** One router on `web` for `a.com` to the service `s@file` (plus any others in `services`). */
export function withServices(services: Record<string, Service>): () => RuntimeConfig {
  return () =>
    makeConfig({
      routers: { 'r@file': { rule: 'Host(`a.com`)', entryPoints: ['web'], service: 's@file' } },
      services,
    });
}
