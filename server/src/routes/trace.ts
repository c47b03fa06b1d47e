import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import type { HttpRequest } from '../core.ts';
import { Errors } from '../errors.ts';
import { parseDraft } from '../stores/draft.ts';

/** `ip:port` for a bare client IP, as the tracer's `remoteAddr` wants it. */
function remoteAddrOf(clientIP: string): string {
  return clientIP.includes(':') ? `[${clientIP}]:50000` : `${clientIP}:50000`;
}

/** Checks the request shape of a trace or a send: method, absolute URL, string headers. */
export function readRequest(value: unknown): HttpRequest {
  if (value === null || typeof value !== 'object')
    throw Errors.badRequest('body field "request" must be an object');
  const r = value as Record<string, unknown>;
  if (typeof r.method !== 'string' || !/^[A-Za-z]+$/.test(r.method)) {
    throw Errors.badRequest('request.method must be an HTTP method');
  }
  if (typeof r.url !== 'string' || !URL.canParse(r.url) || !/^https?:$/.test(new URL(r.url).protocol)) {
    throw Errors.badRequest('request.url must be an absolute http(s) URL');
  }
  const headers: Record<string, string | string[]> = {};
  if (r.headers !== undefined) {
    if (r.headers === null || typeof r.headers !== 'object' || Array.isArray(r.headers)) {
      throw Errors.badRequest('request.headers must be an object');
    }
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) {
      if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
        headers[k] = v as string | string[];
      else throw Errors.badRequest(`request.headers.${k} must be a string or a list of strings`);
    }
  }
  const out: HttpRequest = { method: r.method.toUpperCase(), url: r.url, headers };
  if (typeof r.remoteAddr === 'string') out.remoteAddr = r.remoteAddr;
  else if (typeof r.clientIP === 'string' && r.clientIP !== '') out.remoteAddr = remoteAddrOf(r.clientIP);
  if (typeof r.entryPoint === 'string' && r.entryPoint !== '') out.entryPoint = r.entryPoint;
  if (r.tls !== undefined && r.tls !== null && typeof r.tls === 'object') {
    const sn = (r.tls as Record<string, unknown>).serverName;
    out.tls = typeof sn === 'string' ? { serverName: sn } : {};
  }
  return out;
}

/** Traces a request through the configuration, optionally with unsaved drafts in place of their resources. */
export const traceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post('/trace', async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const request = readRequest(b.request);
    const seed = b.seed === undefined ? undefined : Number(b.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw Errors.badRequest('seed must be an integer');
    let config = ctx.workspace.config;
    if (b.drafts !== undefined) {
      if (!Array.isArray(b.drafts)) throw Errors.badRequest('drafts must be a list of { yaml }');
      const drafts = b.drafts.map(
        (d, i) => parseDraft((d as { yaml?: unknown } | null)?.yaml, `draft-${i}.yaml`).resource,
      );
      config = ctx.workspace.resolveWith({ add: drafts }).config;
    }
    try {
      return ctx.engine.trace(config, request, {
        ...ctx.workspace.traceOptions(),
        ...(seed === undefined ? {} : { seed }),
      });
    } catch (err) {
      throw Errors.internal(`tracing failed: ${err instanceof Error ? err.message : String(err)}`, err);
    }
  });
};
