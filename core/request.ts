/**
 * The request shared by the rule matcher, the tracer and the proxy's adapter (DESIGN.md §4).
 *
 * @example
 * const req: HttpRequest = { method: 'GET', url: 'https://shop.example.com/api/cart', headers: {} };
 */
export interface HttpRequest {
  method: string;
  /** Absolute: `scheme://host[:port]/path?query`. The path keeps its percent-encoding as sent. */
  url: string;
  /** Header names in any case; a multi-valued header is an array. `Host` overrides the URL's host. */
  headers: Record<string, string | string[]>;
  /** The connection's peer, `ip:port` or `[ipv6]:port`; what `ClientIP` matches. */
  remoteAddr?: string;
  tls?: { serverName?: string };
  entryPoint?: string;
}

/** A response produced without reaching an upstream (redirect, 401, 403, 404, 429, ...). */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body?: string;
}
