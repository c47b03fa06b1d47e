import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { Errors } from '../errors.ts';
import type { Mutation } from '../stores/store.ts';
import { detail, listItem, publicObject } from '../views.ts';
import { checkDraft, dryRunBody } from '../writes.ts';

interface KeyParams {
  kind: string;
  namespace: string;
  name: string;
}

type Query = Record<string, string | undefined>;

function isDryRun(req: FastifyRequest): boolean {
  const v = (req.query as Query).dryRun;
  return v === 'true' || v === '1' || v === '';
}

function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b))
    throw Errors.badRequest('the body must be a JSON object');
  return b as Record<string, unknown>;
}

function stringField(b: Record<string, unknown>, name: string, required: true): string;
function stringField(b: Record<string, unknown>, name: string, required: false): string | undefined;
function stringField(b: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = b[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw Errors.badRequest(`body field "${name}" must be a string`);
  return v;
}

/** Resources: list, get, create, replace, delete, restore; every write can be a dry run. */
export const resourceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** The stored key for a path: the kind matches exactly, or else case-insensitively (`ingressroute`). */
  const keyOf = (p: KeyParams): string => {
    const exact = `${p.kind}/${p.namespace}/${p.name}`;
    if (ctx.store.get(exact) !== undefined) return exact;
    const lower = exact.toLowerCase();
    return ctx.store.list().find((d) => d.key.toLowerCase() === lower)?.key ?? exact;
  };

  const write = async (m: Mutation, dryRun: boolean) => {
    const result = await ctx.store.mutate(m, { dryRun, check: (plan) => checkDraft(ctx, m, plan) });
    return dryRun ? { dryRun: dryRunBody(ctx, result.plan) } : { result };
  };

  app.get('/resources', async (req) => {
    const q = req.query as Query;
    const text = q.q?.toLowerCase();
    const items = ctx.store.list().filter((d) => {
      const obj = d.resource.object;
      if (q.kind !== undefined && q.kind !== '' && obj.kind.toLowerCase() !== q.kind.toLowerCase())
        return false;
      if (
        q.namespace !== undefined &&
        q.namespace !== '' &&
        (obj.metadata.namespace || 'default') !== q.namespace
      )
        return false;
      if (text === undefined || text === '') return true;
      // A Secret is searched by name and file only: matching its text would reveal its data bit by bit.
      const haystack =
        obj.kind === 'Secret' ? `${d.key}\n${d.origin.file}` : `${d.key}\n${d.origin.file}\n${d.yaml}`;
      return haystack.toLowerCase().includes(text);
    });
    return { items: items.map(listItem) };
  });

  app.get<{ Params: KeyParams }>('/resources/:kind/:namespace/:name', async (req) => {
    const doc = ctx.store.get(keyOf(req.params));
    if (doc === undefined)
      throw Errors.notFound(`resource ${req.params.kind}/${req.params.namespace}/${req.params.name}`);
    return detail(doc);
  });

  app.post('/resources', async (req, reply) => {
    const b = body(req);
    const yaml = stringField(b, 'yaml', true);
    const file = stringField(b, 'file', false);
    const out = await write({ op: 'create', yaml, ...(file === undefined ? {} : { file }) }, isDryRun(req));
    if (out.dryRun !== undefined) return out.dryRun;
    const doc = out.result.document!;
    reply.status(201);
    return {
      kind: doc.resource.object.kind,
      metadata: publicObject(doc.resource.object).metadata,
      resourceVersion: doc.resourceVersion,
      origin: doc.origin,
    };
  });

  app.put<{ Params: KeyParams }>('/resources/:kind/:namespace/:name', async (req) => {
    const b = body(req);
    const key = keyOf(req.params);
    const yaml = stringField(b, 'yaml', true);
    const resourceVersion = stringField(b, 'resourceVersion', true);
    const current = ctx.store.get(key);
    if (current?.resource.object.kind === 'Secret' && !/^(data|stringData):/m.test(yaml)) {
      throw Errors.secretDataHidden(current.origin.file);
    }
    const out = await write({ op: 'replace', key, yaml, resourceVersion }, isDryRun(req));
    if (out.dryRun !== undefined) return out.dryRun;
    const doc = out.result.document!;
    return { resourceVersion: doc.resourceVersion, key: doc.key, origin: doc.origin };
  });

  app.delete<{ Params: KeyParams }>('/resources/:kind/:namespace/:name', async (req) => {
    const resourceVersion = (req.query as Query).resourceVersion;
    if (resourceVersion === undefined || resourceVersion === '') {
      throw Errors.badRequest('query parameter "resourceVersion" is required');
    }
    const out = await write({ op: 'delete', key: keyOf(req.params), resourceVersion }, isDryRun(req));
    return out.dryRun ?? { deleted: true };
  });

  app.post<{ Params: KeyParams }>('/resources/:kind/:namespace/:name/restore', async (req) => {
    const out = await write({ op: 'restore', key: keyOf(req.params) }, isDryRun(req));
    if (out.dryRun !== undefined) return out.dryRun;
    const doc = out.result.document;
    return { restored: true, file: out.result.plan.file, resourceVersion: doc?.resourceVersion ?? null };
  });
};
