import type { RuntimeConfig } from '../config/types.ts';
import { statusInRanges } from '../middlewares/calls.ts';
import { qualifyName } from '../middlewares/chain.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';
import type { ErrorsCall } from './run-middlewares.ts';
import type { TraceStep } from './types.ts';

/**
 * The answer after the errors middlewares: the innermost one whose ranges hold the status replaces the body with
 * its service's page for `query` (`{status}` and `{url}` filled in); the status stays, unless `statusRewrites`
 * maps it (Traefik pkg/middlewares/customerrors).
 */
export function applyErrorPages(
  config: RuntimeConfig,
  response: HttpResponse,
  pages: readonly ErrorsCall[],
  req: HttpRequest,
  steps: TraceStep[],
): HttpResponse {
  for (let i = pages.length - 1; i >= 0; i--) {
    const page = pages[i] as ErrorsCall;
    if (!statusInRanges(response.status, page.status)) continue;
    let status = response.status;
    for (const [range, to] of Object.entries(page.statusRewrites ?? {})) {
      if (statusInRanges(response.status, [range])) status = to;
    }
    const query = (page.query || '/')
      .replaceAll('{status}', String(response.status))
      .replaceAll('{url}', encodeURIComponent(req.url));
    const service = qualifyName(config.http.services, page.service);
    steps.push({ kind: 'error-page', service, query, originalStatus: response.status, status });
    return { status, headers: {}, body: `(page ${query} of ${service})` };
  }
  return response;
}
