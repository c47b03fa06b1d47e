import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';

/** The client-facing response object of either protocol. */
export type ClientResponse = ServerResponse | Http2ServerResponse;

/** Why an upstream exchange failed, so that retry and the status mapping branch on type, not on message text. */
export type UpstreamErrorKind = 'dial' | 'timeout' | 'reset' | 'canceled' | 'tls' | 'other';

/** A failed exchange with an upstream. */
export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  constructor(kind: UpstreamErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'ABORT_ERR_TIMEOUT',
]);
const DIAL_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Classifies an error thrown by undici or node:net. */
export function classifyUpstreamError(err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const e = err as { code?: string; message?: string; name?: string } | undefined;
  const code = e?.code ?? '';
  const message = e?.message ?? String(err);
  if (TIMEOUT_CODES.has(code) || e?.name === 'TimeoutError')
    return new UpstreamError('timeout', message, { cause: err });
  if (DIAL_CODES.has(code)) return new UpstreamError('dial', message, { cause: err });
  if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR')
    return new UpstreamError('canceled', message, { cause: err });
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    return new UpstreamError('tls', message, { cause: err });
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new UpstreamError('reset', message, { cause: err });
  }
  return new UpstreamError('other', message, { cause: err });
}

/**
 * The status Traefik answers for a failed upstream exchange. Same as traefik pkg/proxy/httputil/proxy.go
 * ComputeStatusCode: a network timeout is 504, a client that went away is 499, any other network error is 502.
 */
export function statusForUpstreamError(err: UpstreamError): number {
  if (err.kind === 'timeout') return 504;
  if (err.kind === 'canceled') return 499;
  return 502;
}

const STATUS_TEXT: Record<number, string> = {
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Writes Traefik's error answer: the bare status text as body (its ErrorHandler writes `http.StatusText(code)`,
 * and Go sniffs that body as `text/plain; charset=utf-8`).
 */
export function sendStatusText(res: ClientResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = STATUS_TEXT[status] ?? 'Error';
  res.writeHead(status, {
    'content-length': Buffer.byteLength(body),
    'content-type': 'text/plain; charset=utf-8',
  });
  res.end(body);
}
