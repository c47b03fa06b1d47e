import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { ApiError, Errors } from './errors.ts';
import { configRoutes } from './routes/config.ts';
import { eventRoutes } from './routes/events.ts';
import { FEED_PATHS, proxyRoutes } from './routes/proxy.ts';
import { resourceRoutes } from './routes/resources.ts';
import { traceRoutes } from './routes/trace.ts';
import { registerSecurity } from './security.ts';
import { serveDashboard } from './static.ts';

/** Request bodies above this are refused with 413. */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** Required on every request when set (always set when the server binds beyond loopback). */
  token?: string;
}

/** Maps anything thrown to the catalogue: fastify's own errors by status, the rest as 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const fe = err as Partial<FastifyError>;
  switch (fe.statusCode) {
    case 400:
      return Errors.badRequest(fe.message ?? 'bad request');
    case 404:
      return Errors.notFound('route');
    case 413:
      return Errors.tooLarge(BODY_LIMIT);
    case 415:
      return Errors.unsupportedMediaType(String(fe.message ?? ''));
    default:
      return Errors.internal(err instanceof Error ? err.message : 'internal error', err);
  }
}

/** Parses JSON bodies, an empty one as undefined; `__proto__` keys are dropped so no prototype is ever set. */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text, (k, v) => (k === '__proto__' ? undefined : v));
  } catch (err) {
    throw Errors.badRequest(`invalid JSON body: ${(err as Error).message}`);
  }
}

/** Builds the HTTP API (not yet listening): security guard, one plugin per area, one error renderer. */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  registerSecurity(app, {
    ...(opts.token === undefined ? {} : { token: opts.token }),
    ownAuth: (url) => FEED_PATHS.some((p) => url === p || url.startsWith(`${p}?`)),
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  app.addHook('preClose', async () => ctx.sse.closeAll());
  app.setErrorHandler(async (err, _req, reply) => {
    const api = toApiError(err);
    reply.status(api.status);
    return {
      error: {
        code: api.code,
        message: api.message,
        ...(api.details === undefined ? {} : { details: api.details }),
      },
    };
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (!req.url.startsWith('/api/') && (await serveDashboard(ctx.dashboardDir, req, reply))) return reply;
    const hint =
      ctx.dashboardDir === undefined || req.url.startsWith('/api/')
        ? ''
        : ' (is the dashboard built? npm run build)';
    throw Errors.notFound(`${req.method} ${req.url.split('?')[0]}${hint}`);
  });
  for (const plugin of [configRoutes, resourceRoutes, traceRoutes, eventRoutes, proxyRoutes]) {
    await app.register(plugin, { prefix: '/api/v1', ctx });
  }
  return app;
}
