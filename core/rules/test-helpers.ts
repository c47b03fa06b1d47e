import type { HttpRequest } from '../request.ts';

/** A GET request to `url`, with optional headers and peer address; for tests and benchmarks. */
export function request(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url, headers: {}, ...extra };
}
