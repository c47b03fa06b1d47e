import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RuntimeConfig } from '../../../core/index.ts';
import { generateDefaultCertificate, type KeyPair } from '../entrypoints/tls.ts';
import { RouteyardProxy } from '../proxy.ts';

/** What an echo backend answers: who it is and what it received. */
export interface Echo {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP backend on 127.0.0.1 port 0. */
export interface Backend {
  name: string;
  url: string;
  port: number;
  server: Server;
  hits: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** Starts a backend that echoes the request as JSON, unless `handler` answers instead. */
export async function startBackend(name: string, handler?: Handler): Promise<Backend> {
  const backend = { name, hits: 0 } as Backend;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      backend.hits += 1;
      const body = Buffer.concat(chunks).toString();
      if (handler !== undefined) {
        handler(req, res, body);
        return;
      }
      const echo: Echo = { name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      const text = JSON.stringify(echo);
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  Object.assign(backend, {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
  return backend;
}

let cert: Promise<KeyPair> | undefined;

/** One generated default certificate per test file. */
export function testCertificate(): Promise<KeyPair> {
  cert ??= generateDefaultCertificate();
  return cert;
}

/** A proxy for tests, sharing the file's default certificate. */
export async function testProxy(opts: { accessLog?: string } = {}): Promise<RouteyardProxy> {
  return RouteyardProxy.create({
    ...opts,
    defaultCertificate: await testCertificate(),
    drainTimeoutMs: 2_000,
  });
}

let versions = 0;

/** A configuration with one `web` entrypoint on an ephemeral loopback port, filled by `http`. */
export function config(
  http: Partial<RuntimeConfig['http']>,
  extra: Partial<RuntimeConfig> = {},
): RuntimeConfig {
  versions += 1;
  return {
    http: { routers: {}, middlewares: {}, services: {}, serversTransports: {}, ...http },
    tls: { certificates: [], options: {}, stores: {} },
    entryPoints: { web: { address: '127.0.0.1:0' } },
    version: `v${versions}`,
    ...extra,
  };
}

/** The base URL of an entrypoint of a running proxy. */
export function entryUrl(proxy: RouteyardProxy, name = 'web', scheme = 'http'): string {
  const addr = proxy.addresses()[name];
  if (addr === undefined) throw new Error(`entrypoint ${name} is not listening`);
  return `${scheme}://${addr}`;
}

/** A plain GET (or other) through the proxy with a chosen Host header; returns status, headers and text. */
export async function send(
  base: string,
  path: string,
  init: { host?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { request } = await import('undici');
  const res = await request(`${base}${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: { ...(init.host !== undefined ? { host: init.host } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}
