import type { EntryPoint } from './types.ts';

/**
 * The static options of Traefik's Kubernetes CRD provider (`providers.kubernetesCRD`) that change what it builds.
 * Defaults are Traefik's.
 */
export interface KubernetesCRDOptions {
  /** Allow references to objects in other namespaces. Default: false. */
  allowCrossNamespace?: boolean;
  /** Allow services of type ExternalName. Default: false. */
  allowExternalNameServices?: boolean;
  /** Keep services that have no endpoints (their load balancer has no servers). Default: false. */
  allowEmptyServices?: boolean;
  /** Only objects whose `kubernetes.io/ingress.class` annotation equals this are read. Default: empty. */
  ingressClass?: string;
  /** Use the Service's cluster IP instead of its endpoints unless a reference says otherwise. Default: false. */
  nativeLBByDefault?: boolean;
  /** Only objects in these namespaces are read. Default: all namespaces. */
  namespaces?: string[];
  /** Kubernetes label selector the Traefik CRD objects must match. Default: empty (all). */
  labelSelector?: string;
}

/** The options of Traefik's Kubernetes Ingress provider (`providers.kubernetesIngress`) Routeyard applies. */
export interface KubernetesIngressOptions {
  /** Allow services of type ExternalName. Default: false. */
  allowExternalNameServices?: boolean;
  /** Keep services that have no endpoints. Default: false. */
  allowEmptyServices?: boolean;
  /** The IngressClass name or `kubernetes.io/ingress.class` annotation to watch. Default: empty. */
  ingressClass?: string;
  /** Only Ingresses in these namespaces are read. Default: all namespaces. */
  namespaces?: string[];
  /** Label selector the Ingresses must match. Default: empty (all). */
  labelSelector?: string;
}

/** Options of {@link resolve}. */
export interface ResolveOptions {
  /** The static entrypoints. Default: Routeyard's own `web` (":8000") and `websecure` (":8443"). */
  entryPoints?: Record<string, EntryPoint>;
  kubernetesCRD?: KubernetesCRDOptions;
  /**
   * Resolve plain Ingresses as Traefik's kubernetesIngress provider does (`@kubernetes` names). Default: on, with
   * Traefik's defaults; `false` turns it off.
   */
  kubernetesIngress?: KubernetesIngressOptions | false;
  /** The current time in milliseconds since the epoch, for certificate expiry (TLS002); unset skips that check. */
  now?: number;
}

/** The options with every default applied. */
export interface EffectiveOptions {
  entryPoints: Record<string, EntryPoint>;
  /** Entrypoints a router without `entryPoints` attaches to (Traefik's default entrypoints), sorted. */
  defaultEntryPoints: string[];
  allowCrossNamespace: boolean;
  allowExternalNameServices: boolean;
  allowEmptyServices: boolean;
  ingressClass: string;
  nativeLBByDefault: boolean;
  namespaces: string[];
  labelSelector: string;
  /** `undefined` when Ingresses are not resolved. */
  ingress: Required<KubernetesIngressOptions> | undefined;
  now: number | undefined;
}

/** Routeyard's entrypoints when no static configuration names any (DESIGN.md §6). */
export const DEFAULT_ENTRY_POINTS: Readonly<Record<string, EntryPoint>> = Object.freeze({
  web: { address: ':8000' },
  websecure: { address: ':8443' },
});

/**
 * Traefik's default entrypoints: those marked `asDefault`, or every entrypoint when none is, UDP ones excepted,
 * sorted by name (as its `getDefaultsEntrypoints`).
 */
export function defaultEntryPointNames(entryPoints: Record<string, EntryPoint>): string[] {
  const names = Object.keys(entryPoints).sort();
  const flagged = names.some((n) => entryPoints[n]?.asDefault === true);
  return names.filter((n) => {
    const ep = entryPoints[n];
    if (ep === undefined) return false;
    if (flagged && ep.asDefault !== true) return false;
    return !ep.address.toLowerCase().endsWith('/udp');
  });
}

/** Applies Traefik's defaults to {@link ResolveOptions}. */
export function effectiveOptions(options: ResolveOptions = {}): EffectiveOptions {
  const crd = options.kubernetesCRD ?? {};
  const given = options.entryPoints;
  const entryPoints =
    given !== undefined && Object.keys(given).length > 0 ? given : { ...DEFAULT_ENTRY_POINTS };
  const sorted: Record<string, EntryPoint> = {};
  for (const name of Object.keys(entryPoints).sort()) {
    const ep = entryPoints[name];
    if (ep !== undefined) sorted[name] = ep;
  }
  return {
    entryPoints: sorted,
    defaultEntryPoints: defaultEntryPointNames(sorted),
    allowCrossNamespace: crd.allowCrossNamespace ?? false,
    allowExternalNameServices: crd.allowExternalNameServices ?? false,
    allowEmptyServices: crd.allowEmptyServices ?? false,
    ingressClass: crd.ingressClass ?? '',
    nativeLBByDefault: crd.nativeLBByDefault ?? false,
    namespaces: [...(crd.namespaces ?? [])].sort(),
    labelSelector: crd.labelSelector ?? '',
    ingress:
      options.kubernetesIngress === false
        ? undefined
        : {
            allowExternalNameServices: options.kubernetesIngress?.allowExternalNameServices ?? false,
            allowEmptyServices: options.kubernetesIngress?.allowEmptyServices ?? false,
            ingressClass: options.kubernetesIngress?.ingressClass ?? '',
            namespaces: [...(options.kubernetesIngress?.namespaces ?? [])].sort(),
            labelSelector: options.kubernetesIngress?.labelSelector ?? '',
          },
    now: options.now,
  };
}
