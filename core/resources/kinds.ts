/** What Routeyard does with a recognised kind. */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  /** The `<apiVersion>/<kind>` key used by {@link jsonSchemas}. */
  key: string;
  /** True for `traefik.containo.us/v1alpha1`, read but flagged (API001). */
  legacy: boolean;
  /** True when the object is namespaced (Namespace and IngressClass are cluster-scoped). */
  namespaced: boolean;
}

const TRAEFIK_KINDS = [
  'IngressRoute',
  'Middleware',
  'TraefikService',
  'ServersTransport',
  'TLSOption',
  'TLSStore',
  'IngressRouteTCP',
  'IngressRouteUDP',
  'MiddlewareTCP',
] as const;

/** The group/version of Traefik's CRDs, and the legacy one Traefik v3 still reads. */
export const TRAEFIK_API_VERSION = 'traefik.io/v1alpha1';
export const LEGACY_TRAEFIK_API_VERSION = 'traefik.containo.us/v1alpha1';

const CLUSTER_SCOPED = new Set(['Namespace', 'IngressClass']);

function entries(apiVersion: string, kinds: readonly string[], legacy = false): KindInfo[] {
  return kinds.map((kind) => ({
    apiVersion,
    kind,
    key: `${apiVersion}/${kind}`,
    legacy,
    namespaced: !CLUSTER_SCOPED.has(kind),
  }));
}

/** Every kind Routeyard reads (DESIGN.md §1), keyed by `<apiVersion>/<kind>`. */
export const KINDS: Readonly<Record<string, KindInfo>> = Object.freeze(
  Object.fromEntries(
    [
      ...entries(TRAEFIK_API_VERSION, TRAEFIK_KINDS),
      ...entries(LEGACY_TRAEFIK_API_VERSION, TRAEFIK_KINDS, true),
      ...entries('v1', ['Service', 'Endpoints', 'Secret', 'Namespace']),
      ...entries('discovery.k8s.io/v1', ['EndpointSlice']),
      ...entries('networking.k8s.io/v1', ['Ingress', 'IngressClass']),
      ...entries('gateway.networking.k8s.io/v1', ['Gateway', 'HTTPRoute']),
    ].map((info) => [info.key, Object.freeze(info)]),
  ),
);

/**
 * Tells whether Routeyard recognises a kind; `undefined` for other objects (they are kept, not resolved).
 *
 * @example
 * kindInfo('traefik.io/v1alpha1', 'IngressRoute'); // { key: 'traefik.io/v1alpha1/IngressRoute', legacy: false, … }
 * kindInfo('apps/v1', 'Deployment'); // undefined
 */
export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  return KINDS[`${apiVersion}/${kind}`];
}
