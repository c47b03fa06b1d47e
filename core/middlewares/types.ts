import type { ElementStatus, Middleware } from '../config/types.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';

/** The configuration of each middleware type, keyed as in Traefik's dynamic configuration (`stripPrefix`, ...). */
export type MiddlewareConfigs = Required<Omit<Middleware, keyof ElementStatus | 'error'>>;

/** A middleware type key: `addPrefix`, `basicAuth`, ..., `stripPrefixRegex`. */
export type MiddlewareType = keyof MiddlewareConfigs;

/** A client certificate presented on a mutual-TLS connection, already decoded by the caller (core parses no DER). */
export interface TLSClientCert {
  /** The PEM text, header and footer included. */
  pem: string;
  /** Distinguished-name fields by their short name: `C`, `ST`, `L`, `O`, `OU`, `CN`, `SN`, `DC`, `emailAddress`. */
  subject?: Record<string, string[]>;
  issuer?: Record<string, string[]>;
  /** Unix seconds. */
  notBefore?: number;
  /** Unix seconds. */
  notAfter?: number;
  /** DNS names, e-mail addresses, IP addresses and URIs, in that order. */
  sans?: string[];
  /** Decimal serial number. */
  serialNumber?: string;
}

/**
 * What a middleware may need besides the request and its configuration. Everything that is time, randomness,
 * connection state or shared counters is injected, so that the same function serves the tracer and the proxy.
 */
export interface MiddlewareEnv {
  /** Milliseconds since the epoch. */
  now: number;
  /** Uniform in [0, 1); seeded in the tracer. */
  random: () => number;
  /** Certificates the client presented (mutual TLS), leaf first. */
  tlsClientCerts?: TLSClientCert[];
  /**
   * The verdict of the stateful middlewares for this request, decided by the caller's counters (the proxy) or
   * absent (the tracer: a single request on an idle proxy, which every limit lets through).
   */
  state?: StatefulVerdicts;
}

/** Per-request verdicts of the middlewares whose effect depends on other requests or on time. */
export interface StatefulVerdicts {
  /** rateLimit: the bucket is empty; `retryAfterSeconds` is when a token comes back. */
  rateLimited?: { retryAfterSeconds: number };
  /** inFlightReq: requests already in flight for this request's source. */
  inFlight?: number;
  /** circuitBreaker: the breaker state. Default: `closed`. */
  circuitBreaker?: 'closed' | 'open' | 'recovering';
}

/** An edit a middleware makes to the eventual response, applied in order by {@link applyHeaderOps}. */
export type HeaderOp =
  | { op: 'set'; name: string; value: string }
  | { op: 'delete'; name: string }
  /** Adds a token to a comma-separated header unless it is already its whole value (Traefik's `Vary: Origin`). */
  | { op: 'appendToken'; name: string; value: string };

/** A service or address a middleware would call: the proxy performs the call, the tracer names it. */
export type ServiceCall =
  | {
      middleware: 'forwardAuth';
      /** The authentication server's URL. */
      address: string;
      /** The request sent to `address` (method, X-Forwarded-* headers as Traefik sets them). */
      request: HttpRequest;
      /** Headers copied from the auth response onto the forwarded request when it answers 2xx. */
      authResponseHeaders: string[];
      authResponseHeadersRegex?: string;
      addAuthCookiesToResponse: string[];
      /** When the auth server answers non-2xx, its answer goes to the client (Location kept or not). */
      preserveLocationHeader: boolean;
    }
  | {
      middleware: 'errors';
      /** The service that renders the error page. */
      service: string;
      /** Status ranges (`500-599`, `404`) that trigger the error page, on the upstream's answer. */
      status: string[];
      /** The path and query asked of `service`; `{status}` and `{url}` are replaced. Default: the request's. */
      query?: string;
      statusRewrites?: Record<string, number>;
    };

/** The outcome of one middleware on one request. */
export type MiddlewareResult =
  | {
      kind: 'next';
      /** The request as the next handler sees it. */
      request: HttpRequest;
      /** Edits to apply to the eventual response, in order. */
      responseHeaders?: HeaderOp[];
      /**
       * The middleware emptied X-Forwarded-For (headers `customRequestHeaders: {X-Forwarded-For: ""}`): Traefik
       * sets the header to nil, and its reverse proxy then sends no X-Forwarded-For at all instead of appending
       * the client IP. Holds until a later middleware sets the header again.
       */
      omitForwardedFor?: boolean;
      notes?: string[];
    }
  | { kind: 'respond'; response: HttpResponse; notes?: string[] }
  | {
      kind: 'call';
      call: ServiceCall;
      /** The request that continues when the call lets it (forwardAuth 2xx) or always (errors). */
      request: HttpRequest;
      responseHeaders?: HeaderOp[];
      notes?: string[];
    };

/** A compiled middleware: all parsing (regexps, htpasswd, CIDRs) is done; calling it does no compile work. */
export type MiddlewareHandler = (req: HttpRequest, env: MiddlewareEnv) => MiddlewareResult;

/** One middleware type: its validation and its pure semantics. */
export interface MiddlewareDef<K extends MiddlewareType> {
  type: K;
  /** Problems with the configuration, as lowercase messages naming the field; empty when it is usable. */
  validate(cfg: MiddlewareConfigs[K]): string[];
  /** Builds the handler. Call only when `validate` returned no problem. */
  compile(cfg: MiddlewareConfigs[K]): MiddlewareHandler;
}
