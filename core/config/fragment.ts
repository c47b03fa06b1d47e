import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ParsedResource } from '../resources/types.ts';
import type {
  CertificateInfo,
  Middleware,
  Router,
  ServersTransport,
  Service,
  TLSOptions,
  TLSStore,
} from './types.ts';

/** What the checks find about an element: Traefik's runtime `Status`, `Err` and `UsedBy`. */
export interface Info {
  status?: 'enabled' | 'warning' | 'disabled';
  errors?: string[];
  usedBy?: string[];
}

/** Traefik's `AddError(err, critical)`: critical disables, anything else warns. */
export function addError(info: Info, message: string, critical: boolean): void {
  if (info.errors === undefined) info.errors = [message];
  else if (!info.errors.includes(message)) info.errors.push(message);
  if (critical) info.status = 'disabled';
  else if (info.status !== 'disabled') info.status = 'warning';
}

/** Where a router came from, for the checks that run on the whole configuration. */
export interface RouteOrigin {
  resource: ParsedResource;
  /** Index of the route in `spec.routes`. */
  index: number;
  match: string;
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
  /** What the checks of a single router found (rule syntax, entrypoints). */
  routerInfo: [string, Info][];
  diagnostics: Diagnostic[];
  deps: Set<string>;
  /** The object the fragment was built from. */
  owner?: ParsedResource;
}

/** A fragment with nothing in it yet; `deps` and `diagnostics` may be the build context's own, to share them. */
export function emptyFragment(deps: Set<string> = new Set(), diagnostics: Diagnostic[] = []): Fragment {
  return {
    routers: [],
    services: [],
    middlewares: [],
    serversTransports: [],
    tlsOptions: [],
    tlsStores: [],
    certificates: [],
    origins: [],
    routerInfo: [],
    diagnostics,
    deps,
  };
}
