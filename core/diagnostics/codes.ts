import type { Severity } from './diagnostic.ts';

/** A catalogue entry: the default severity and a one-line title. Codes are stable and never reused. */
export interface CodeInfo {
  severity: Severity;
  title: string;
}

/**
 * Every diagnostic code Routeyard emits. `docs/diagnostics.md` documents each one; a test keeps the two in sync.
 * Add new codes at the end of their area; never renumber.
 */
export const CODES = {
  YAML001: { severity: 'error', title: 'unparsable YAML' },
  YAML002: { severity: 'info', title: 'document is not a Kubernetes object and is ignored' },
  YAML003: { severity: 'error', title: 'the same object is defined twice' },
  SCHEMA001: { severity: 'error', title: 'field violates the CRD schema' },
  API001: { severity: 'warning', title: 'legacy traefik.containo.us API group' },
  RULE001: { severity: 'error', title: 'rule syntax error' },
  RULE002: { severity: 'error', title: 'Traefik v2 rule syntax under v3' },
  RULE003: { severity: 'error', title: 'empty match rule' },
  RULE004: { severity: 'warning', title: 'Traefik v2 form that v3 reads literally' },
  REF001: { severity: 'error', title: 'missing middleware' },
  REF002: { severity: 'error', title: 'missing service' },
  REF003: { severity: 'error', title: 'missing service port' },
  REF004: { severity: 'error', title: 'missing TraefikService member' },
  REF005: { severity: 'error', title: 'missing chain member' },
  REF006: { severity: 'error', title: 'missing secret' },
  REF007: { severity: 'error', title: 'missing TLSOption' },
  REF008: { severity: 'error', title: 'missing ServersTransport' },
  REF009: { severity: 'error', title: 'missing errors-page service' },
  NS001: { severity: 'error', title: 'cross-namespace reference while not allowed' },
  SVC001: { severity: 'error', title: 'ExternalName service while not allowed' },
  SVC002: { severity: 'error', title: 'service has no ready endpoints' },
  SVC003: { severity: 'error', title: 'weighted service whose weights are all zero' },
  EP001: { severity: 'error', title: 'unknown entrypoint' },
  PRIO001: { severity: 'warning', title: 'equal priority and overlapping rules: order undefined' },
  PRIO002: { severity: 'warning', title: 'router never reachable: shadowed by a higher-priority router' },
  DUP001: { severity: 'warning', title: 'duplicate match within one IngressRoute' },
  TLS001: { severity: 'warning', title: 'conflicting TLS options for one host' },
  TLS002: { severity: 'error', title: 'certificate has expired' },
  TLS003: { severity: 'warning', title: 'certificate does not cover the host' },
  MW001: { severity: 'error', title: 'middleware must set exactly one type' },
  MW002: { severity: 'error', title: 'invalid middleware configuration' },
  SVC004: { severity: 'error', title: 'invalid service reference configuration' },
  TLS004: { severity: 'error', title: 'default TLSOption or TLSStore defined in several namespaces' },
  TEST001: { severity: 'error', title: 'invalid route test file' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
