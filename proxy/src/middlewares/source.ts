import {
  compileIpStrategy,
  getHeader,
  type HttpRequest,
  requestHost,
  type SourceCriterion,
} from '../../../core/index.ts';

/** Compiles Traefik's sourceCriterion: header value, request host, or client IP by ipStrategy (the default). */
export function compileSource(criterion: SourceCriterion | undefined): (req: HttpRequest) => string {
  if (criterion?.requestHeaderName) {
    const name = criterion.requestHeaderName;
    return (req) => getHeader(req.headers, name) ?? '';
  }
  if (criterion?.requestHost) return (req) => requestHost(req) ?? '';
  return compileIpStrategy(criterion?.ipStrategy);
}
