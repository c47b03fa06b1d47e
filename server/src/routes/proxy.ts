import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { Errors } from '../errors.ts';
import { sendToProxy } from '../proxy/send.ts';
import { sameSecret } from '../security.ts';
import { openSse } from '../sse.ts';
import { readRequest } from './trace.ts';

/** Paths that check the feed token themselves instead of the user's token. */
export const FEED_PATHS = ['/api/v1/proxy/feed', '/api/v1/proxy/report'];

/** The proxy side of the API: status, the token-protected feed and report, and sending for real. */
export const proxyRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const requireFeedToken = (req: FastifyRequest) => {
    const auth = req.headers.authorization;
    const given = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    if (!sameSecret(given, ctx.proxy.feedToken)) throw Errors.unauthorized();
  };

  app.get('/proxy/status', async () => ctx.proxy.status());

  app.get('/proxy/feed', async (req, reply) => {
    requireFeedToken(req);
    const stream = openSse(ctx.sse, reply);
    // Only this endpoint carries key material: the full config, TLS PEMs included.
    const push = () =>
      stream.send('config', { version: ctx.workspace.version, config: ctx.workspace.config });
    push();
    const off = ctx.bus.subscribe((e) => {
      if (e.type === 'config') push();
    });
    stream.onClose(off);
  });

  app.post('/proxy/report', async (req) => {
    requireFeedToken(req);
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.version !== 'string' || (b.state !== 'applied' && b.state !== 'failed')) {
      throw Errors.badRequest('a report is { version, state: "applied" | "failed", error? }');
    }
    ctx.proxy.report({
      version: b.version,
      state: b.state,
      ...(typeof b.error === 'string' ? { error: b.error } : {}),
    });
    return { ok: true };
  });

  app.post('/proxy/send', async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    return sendToProxy(ctx.workspace.config, readRequest(b.request));
  });
};
