import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { openSse } from '../sse.ts';

/** The change feed: resources, config version and proxy state, as Server-Sent Events. */
export const eventRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/events', async (_req, reply) => {
    const stream = openSse(ctx.sse, reply);
    // A client (re)connecting gets the current state first, so it never misses what changed while away.
    stream.send('config', { version: ctx.workspace.version });
    stream.send('proxy', ctx.proxy.event());
    const off = ctx.bus.subscribe((e) => stream.send(e.type, e.data));
    stream.onClose(off);
  });
};
