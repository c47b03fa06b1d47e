/**
 * RuntimeConfig: Traefik v3's dynamic configuration (the shape of its `/api/rawdata`), plus Routeyard's own
 * keys on each element: `source`, `status`, `errors`, `usedBy`. This is THE contract between resolver, tracer,
 * proxy and dashboard. Field docs follow Traefik's `pkg/config/dynamic`.
 */

/** Where an element came from: the Kubernetes object and the field path inside it. */
export interface SourceLink {
  kind: string;
  namespace?: string;
  name: string;
  /** Field path inside the object, e.g. `spec.routes[1]`. */
  path?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Routeyard's additions on every element, as Traefik's runtime `RouterInfo` does (`Err`, `Status`, `Using`). */
export interface ElementStatus {
  source?: SourceLink;
  /** `disabled` when a critical error stops the element from serving; `warning` otherwise. Default: `enabled`. */
  status?: 'enabled' | 'warning' | 'disabled';
  /** Qualified names of the routers (or services) that use this element. */
  usedBy?: string[];
}

export interface ElementInfo extends ElementStatus {
  /** Why the element is disabled or has a warning. */
  errors?: string[];
}

export interface RouterTLSConfig {
  options?: string;
  certResolver?: string;
  domains?: { main?: string; sans?: string[] }[];
}

export interface Router extends ElementInfo {
  entryPoints?: string[];
  middlewares?: string[];
  service: string;
  rule: string;
  ruleSyntax?: string;
  /** Default: the length of `rule`. */
  priority?: number;
  tls?: RouterTLSConfig;
  observability?: { accessLogs?: boolean; metrics?: boolean; tracing?: boolean };
}

export interface Cookie {
  name?: string;
  secure?: boolean;
  httpOnly?: boolean;
  /** `none`, `lax`, `strict` or empty. */
  sameSite?: string;
  maxAge?: number;
  path?: string;
  domain?: string;
}

export interface Sticky {
  cookie?: Cookie;
}

export interface HealthCheck {
  scheme?: string;
  mode?: string;
  path?: string;
  method?: string;
  status?: number;
  port?: number;
  interval?: string;
  unhealthyInterval?: string;
  timeout?: string;
  hostname?: string;
  followRedirects?: boolean;
  headers?: Record<string, string>;
}

export interface Server {
  url: string;
  weight?: number;
  preservePath?: boolean;
}

export interface ServersLoadBalancer {
  sticky?: Sticky;
  servers: Server[];
  /** `wrr` (default), `p2c`, `hrw`, `leasttime`. */
  strategy?: string;
  healthCheck?: HealthCheck;
  /** Default: true. */
  passHostHeader?: boolean;
  responseForwarding?: { flushInterval?: string };
  serversTransport?: string;
}

export interface WeightedServiceRef {
  name: string;
  weight?: number;
}

export interface WeightedRoundRobin {
  services: WeightedServiceRef[];
  sticky?: Sticky;
  healthCheck?: Record<string, never>;
}

export interface Mirroring {
  service: string;
  mirrorBody?: boolean;
  maxBodySize?: number;
  mirrors?: { name: string; percent?: number }[];
  healthCheck?: Record<string, never>;
}

export interface Failover {
  service: string;
  fallback: string;
  healthCheck?: Record<string, never>;
}

export interface HighestRandomWeight {
  services: WeightedServiceRef[];
  healthCheck?: Record<string, never>;
}

/** Exactly one of the kinds is set. */
export interface Service extends ElementInfo {
  loadBalancer?: ServersLoadBalancer;
  weighted?: WeightedRoundRobin;
  mirroring?: Mirroring;
  failover?: Failover;
  highestRandomWeight?: HighestRandomWeight;
}

export interface IPStrategy {
  depth?: number;
  excludedIPs?: string[];
  ipv6Subnet?: number;
}

export interface Headers {
  customRequestHeaders?: Record<string, string>;
  customResponseHeaders?: Record<string, string>;
  accessControlAllowCredentials?: boolean;
  accessControlAllowHeaders?: string[];
  accessControlAllowMethods?: string[];
  accessControlAllowOriginList?: string[];
  accessControlAllowOriginListRegex?: string[];
  accessControlExposeHeaders?: string[];
  accessControlMaxAge?: number;
  addVaryHeader?: boolean;
  allowedHosts?: string[];
  hostsProxyHeaders?: string[];
  sslProxyHeaders?: Record<string, string>;
  stsSeconds?: number;
  stsIncludeSubdomains?: boolean;
  stsPreload?: boolean;
  forceSTSHeader?: boolean;
  frameDeny?: boolean;
  customFrameOptionsValue?: string;
  contentTypeNosniff?: boolean;
  browserXssFilter?: boolean;
  customBrowserXSSValue?: string;
  contentSecurityPolicy?: string;
  contentSecurityPolicyReportOnly?: string;
  publicKey?: string;
  referrerPolicy?: string;
  permissionsPolicy?: string;
  isDevelopment?: boolean;
}

/**
 * A middleware. Its findings go under `error` (the key Traefik's `/api/rawdata` uses) because `errors` is the
 * Errors middleware's own configuration key.
 */
export interface Middleware extends ElementStatus {
  error?: string[];
  addPrefix?: { prefix: string };
  basicAuth?: {
    users?: string[];
    usersFile?: string;
    realm?: string;
    removeHeader?: boolean;
    headerField?: string;
  };
  buffering?: {
    maxRequestBodyBytes?: number;
    memRequestBodyBytes?: number;
    maxResponseBodyBytes?: number;
    memResponseBodyBytes?: number;
    retryExpression?: string;
  };
  chain?: { middlewares: string[] };
  circuitBreaker?: {
    expression: string;
    checkPeriod?: string;
    fallbackDuration?: string;
    recoveryDuration?: string;
    responseCode?: number;
  };
  compress?: {
    excludedContentTypes?: string[];
    includedContentTypes?: string[];
    minResponseBodyBytes?: number;
    encodings?: string[];
    defaultEncoding?: string;
  };
  contentType?: { autoDetect?: boolean };
  digestAuth?: {
    users?: string[];
    usersFile?: string;
    realm?: string;
    removeHeader?: boolean;
    headerField?: string;
  };
  /** Rejects request paths holding denied encoded characters; every option defaults to false (denied). */
  encodedCharacters?: EncodedCharacters;
  errors?: { status: string[]; statusRewrites?: Record<string, number>; service: string; query?: string };
  forwardAuth?: {
    address: string;
    tls?: { ca?: string; cert?: string; key?: string; insecureSkipVerify?: boolean };
    trustForwardHeader?: boolean;
    authResponseHeaders?: string[];
    authResponseHeadersRegex?: string;
    authRequestHeaders?: string[];
    addAuthCookiesToResponse?: string[];
    headerField?: string;
    forwardBody?: boolean;
    maxBodySize?: number;
    preserveLocationHeader?: boolean;
    preserveRequestMethod?: boolean;
  };
  grpcWeb?: { allowOrigins?: string[] };
  headers?: Headers;
  inFlightReq?: { amount: number; sourceCriterion?: SourceCriterion };
  ipAllowList?: { sourceRange: string[]; ipStrategy?: IPStrategy; rejectStatusCode?: number };
  passTLSClientCert?: {
    pem?: boolean;
    info?: {
      notAfter?: boolean;
      notBefore?: boolean;
      sans?: boolean;
      serialNumber?: boolean;
      subject?: Record<string, boolean>;
      issuer?: Record<string, boolean>;
    };
  };
  rateLimit?: { average?: number; period?: string; burst?: number; sourceCriterion?: SourceCriterion };
  redirectRegex?: { regex: string; replacement: string; permanent?: boolean };
  redirectScheme?: { scheme?: string; port?: string; permanent?: boolean };
  replacePath?: { path: string };
  replacePathRegex?: { regex: string; replacement: string };
  retry?: { attempts: number; initialInterval?: string };
  stripPrefix?: { prefixes: string[]; forceSlash?: boolean };
  stripPrefixRegex?: { regex: string[] };
}

export interface SourceCriterion {
  ipStrategy?: IPStrategy;
  requestHeaderName?: string;
  requestHost?: boolean;
}

export interface ServersTransport extends ElementInfo {
  serverName?: string;
  insecureSkipVerify?: boolean;
  /** PEM contents. */
  rootCAs?: string[];
  certificates?: { certFile: string; keyFile: string }[];
  maxIdleConnsPerHost?: number;
  forwardingTimeouts?: {
    dialTimeout?: string;
    responseHeaderTimeout?: string;
    idleConnTimeout?: string;
    readIdleTimeout?: string;
    pingTimeout?: string;
  };
  disableHTTP2?: boolean;
  peerCertURI?: string;
}

export interface TLSOptions extends ElementInfo {
  minVersion?: string;
  maxVersion?: string;
  cipherSuites?: string[];
  curvePreferences?: string[];
  clientAuth?: { caFiles?: string[]; clientAuthType?: string };
  sniStrict?: boolean;
  alpnProtocols?: string[];
}

/** A certificate; `certFile`/`keyFile` hold PEM contents when they come from a Secret (as in Traefik's CRD provider). */
export interface CertificateInfo extends ElementInfo {
  certFile: string;
  keyFile: string;
  stores?: string[];
}

export interface TLSStore extends ElementInfo {
  defaultCertificate?: { certFile: string; keyFile: string };
  defaultGeneratedCert?: { resolver?: string; domain?: { main?: string; sans?: string[] } };
}

export interface HTTPConfiguration {
  routers: Record<string, Router>;
  middlewares: Record<string, Middleware>;
  services: Record<string, Service>;
  serversTransports: Record<string, ServersTransport>;
}

export interface TLSConfiguration {
  certificates: CertificateInfo[];
  options: Record<string, TLSOptions>;
  stores: Record<string, TLSStore>;
}

/**
 * Which percent-encoded characters a request path may hold, as Traefik's `EncodedCharacters`: the entrypoint option
 * `http.encodedCharacters` and the `encodedCharacters` middleware share it. A denied one gets a 400.
 */
export interface EncodedCharacters {
  /** `%2F`/`%2f` (slash). Default: true on an entrypoint, false in the middleware. */
  allowEncodedSlash?: boolean;
  /** `%5C`/`%5c` (backslash). Default: true on an entrypoint, false in the middleware. */
  allowEncodedBackSlash?: boolean;
  /** `%00` (NUL). Default: true on an entrypoint, false in the middleware. */
  allowEncodedNullCharacter?: boolean;
  /** `%3B`/`%3b` (semicolon). Default: true on an entrypoint, false in the middleware. */
  allowEncodedSemicolon?: boolean;
  /** `%25` (percent). Default: true on an entrypoint, false in the middleware. */
  allowEncodedPercent?: boolean;
  /** `%3F`/`%3f` (question mark). Default: true on an entrypoint, false in the middleware. */
  allowEncodedQuestionMark?: boolean;
  /** `%23` (hash). Default: true on an entrypoint, false in the middleware. */
  allowEncodedHash?: boolean;
}

/** Static configuration: entrypoints as in Traefik's `entryPoints.<name>.address`. */
export interface EntryPoint {
  address: string;
  /** Default: false. When true, routers with no `entryPoints` attach here (Traefik's `asDefault`). */
  asDefault?: boolean;
  http?: {
    redirections?: unknown;
    middlewares?: string[];
    tls?: RouterTLSConfig;
    /** Clean `.`/`..` segments and duplicate slashes before routing (Traefik's default: true). */
    sanitizePath?: boolean;
    /**
     * Encoded characters rejected in request paths, checked on the winning router before its middlewares (Traefik
     * v3's router deny handler). Each option defaults to true (allowed) since Traefik v3.6.7.
     */
    encodedCharacters?: EncodedCharacters;
  };
}

export interface RuntimeConfig {
  http: HTTPConfiguration;
  tls: TLSConfiguration;
  /** The entrypoints the configuration was resolved against. */
  entryPoints: Record<string, EntryPoint>;
  /** Content hash of the configuration: same input, same version. */
  version: string;
}
