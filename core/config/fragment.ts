import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ParsedResource } from '../resources/types.ts';
import type {
  CertificateInfo,
  Middleware,
  Router,
  Service,
  ServersTransport,
  TLSOptions,
  TLSStore,
} from './types.ts';

/** Where a router came from, for the checks that run on the whole configuration. */
export interface RouteOrigin {
  resource: ParsedResource;
  /** Index of the route in `spec.routes`. */
  index: number;
  match: string;
  /** Hosts the IngressRoute's certificate must cover (from `spec.tls.secretName`), when it has one. */
  tlsSecret?: string;
}

/**
 * Everything one object contributes to the configuration, keyed by qualified name, with its findings and the
 * catalog keys it read. Fragments are merged in a fixed order; the incremental resolver caches them.
 */
export interface Fragment {
  routers: [string, Router][];
  services: [string, Service][];
  middlewares: [string, Middleware][];
  serversTransports: [string, ServersTransport][];
  tlsOptions: [string, TLSOptions][];
  tlsStores: [string, TLSStore][];
  /** Certificates keyed `namespace/secret`, as Traefik's `tlsConfigs`. */
  certificates: [string, CertificateInfo][];
  origins: [string, RouteOrigin][];
  diagnostics: Diagnostic[];
  deps: Set<string>;
  /** The object the fragment was built from. */
  owner?: ParsedResource;
}

export function emptyFragment(): Fragment {
  return {
    routers: [],
    services: [],
    middlewares: [],
    serversTransports: [],
    tlsOptions: [],
    tlsStores: [],
    certificates: [],
    origins: [],
    diagnostics: [],
    deps: new Set(),
  };
}
