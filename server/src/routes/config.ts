import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { redactConfig } from '../views.ts';

/** The resolved configuration, its diagnostics, the editor's schemas and the health check. */
export const configRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', async () => ({ ok: true }));

  app.get('/config', async () => ({
    version: ctx.workspace.version,
    config: redactConfig(ctx.workspace.config),
  }));

  app.get('/diagnostics', async () => ({ version: ctx.workspace.version, items: ctx.workspace.diagnostics }));

  app.get('/schemas', async () => ({ schemas: await ctx.engine.schemas() }));
};
