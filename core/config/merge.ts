import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { copyOrigin, makeDiagnostic } from './context.ts';
import type { Fragment, RouteOrigin } from './fragment.ts';
import { DEFAULT_TLS_NAME } from './tls.ts';
import type { CertificateInfo, Middleware, Router, Service, ServersTransport, TLSOptions, TLSStore } from './types.ts';

/** All fragments merged: mutable copies of their elements, ready for the whole-configuration checks. */
export interface Merged {
  routers: Map<string, Router>;
  services: Map<string, Service>;
  middlewares: Map<string, Middleware>;
  serversTransports: Map<string, ServersTransport>;
  tlsOptions: Map<string, TLSOptions>;
  tlsStores: Map<string, TLSStore>;
  certificates: Map<string, CertificateInfo>;
  origins: Map<string, RouteOrigin>;
  diagnostics: Diagnostic[];
}

function copy<T extends object>(element: T): T {
  const out = { ...element };
  copyOrigin(element, out);
  return out;
}

function setAll<T extends object>(target: Map<string, T>, entries: [string, T][]): void {
  for (const [key, value] of entries) target.set(key, copy(value));
}

/**
 * Merges fragments given in Traefik's order (TLS stores, IngressRoutes, Middlewares, TraefikServices,
 * ServersTransports, TLSOptions; each by namespace and name). A later service of the same name replaces an earlier
 * one, as Traefik's map assignments do; the first certificate of a secret wins, as its `tlsConfigs` check does.
 */
export function mergeFragments(fragments: Fragment[]): Merged {
  const m: Merged = {
    routers: new Map(),
    services: new Map(),
    middlewares: new Map(),
    serversTransports: new Map(),
    tlsOptions: new Map(),
    tlsStores: new Map(),
    certificates: new Map(),
    origins: new Map(),
    diagnostics: [],
  };
  const defaults: { options: Fragment[]; stores: Fragment[] } = { options: [], stores: [] };
  for (const f of fragments) {
    setAll(m.routers, f.routers);
    setAll(m.services, f.services);
    setAll(m.middlewares, f.middlewares);
    setAll(m.serversTransports, f.serversTransports);
    setAll(m.tlsOptions, f.tlsOptions);
    setAll(m.tlsStores, f.tlsStores);
    for (const [key, cert] of f.certificates) if (!m.certificates.has(key)) m.certificates.set(key, copy(cert));
    for (const [key, origin] of f.origins) m.origins.set(key, origin);
    for (const d of f.diagnostics) m.diagnostics.push(d);
    if (f.tlsOptions.some(([k]) => k === DEFAULT_TLS_NAME)) defaults.options.push(f);
    if (f.tlsStores.some(([k]) => k === DEFAULT_TLS_NAME)) defaults.stores.push(f);
  }
  dropAmbiguousDefaults(m, defaults.options, 'TLSOption', m.tlsOptions);
  dropAmbiguousDefaults(m, defaults.stores, 'TLSStore', m.tlsStores);
  return m;
}

function dropAmbiguousDefaults(m: Merged, defining: Fragment[], kind: string, target: Map<string, unknown>): void {
  if (defining.length < 2) return;
  // Traefik: "Default TLS Options defined in multiple namespaces", and then uses none of them.
  target.delete(DEFAULT_TLS_NAME);
  const namespaces = defining.map((f) => f.owner?.object.metadata.namespace ?? 'default');
  for (const f of defining) {
    if (f.owner === undefined) continue;
    m.diagnostics.push(
      makeDiagnostic(f.owner, 'TLS004', ['metadata', 'name'], `default ${kind} defined in several namespaces (${namespaces.join(', ')}): Traefik ignores all of them`),
    );
  }
}
