import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { FieldPath } from '../resources/types.ts';
import { type ElementOrigin, makeDiagnostic, originOf } from './context.ts';
import type { Merged } from './merge.ts';
import { PROVIDER_CRD, PROVIDER_SEPARATOR } from './naming.ts';
import type { ElementInfo, Middleware, Service } from './types.ts';

const CRD_SUFFIX = `${PROVIDER_SEPARATOR}${PROVIDER_CRD}`;

/** True when a reference points into this provider, so its absence is certain (others may exist elsewhere). */
function ours(name: string): boolean {
  return name.endsWith(CRD_SUFFIX);
}

type Status = { status?: ElementInfo['status'] };

/** Traefik's `AddError(err, critical)`: critical disables, anything else warns. */
export function addError(el: ElementInfo, message: string, critical: boolean): void {
  (el.errors ??= []).includes(message) || el.errors.push(message);
  if (critical) el.status = 'disabled';
  else if (el.status !== 'disabled') el.status = 'warning';
}

function addMiddlewareError(mw: Middleware, message: string): void {
  (mw.error ??= []).includes(message) || mw.error.push(message);
  mw.status = 'disabled';
}

function report(m: Merged, origin: ElementOrigin | undefined, code: DiagnosticCode, path: FieldPath, message: string): void {
  if (origin === undefined) return;
  m.diagnostics.push(makeDiagnostic(origin.resource, code, [...origin.path, ...path], message));
}

/** The members a service points at, with the field (relative to the service's own field) of each reference. */
function serviceMembers(svc: Service): [string, FieldPath][] {
  if (svc.weighted) return svc.weighted.services.map((s, i) => [s.name, ['services', i, 'name']]);
  if (svc.highestRandomWeight) return svc.highestRandomWeight.services.map((s, i) => [s.name, ['services', i, 'name']]);
  if (svc.mirroring) {
    return [[svc.mirroring.service, ['name']], ...(svc.mirroring.mirrors ?? []).map((s, i): [string, FieldPath] => [s.name, ['mirrors', i, 'name']])];
  }
  if (svc.failover) return [[svc.failover.service, ['service', 'name']], [svc.failover.fallback, ['fallback', 'name']]];
  return [];
}

function use(el: { usedBy?: string[] } | undefined, user: string): void {
  if (el !== undefined) (el.usedBy ??= []).push(user);
}

/** Services: missing members (REF004), missing transports (REF008), zero weights (SVC003), failing members. */
function checkServices(m: Merged): void {
  for (const [name, svc] of m.services) {
    const origin = originOf(svc);
    for (const [member, path] of serviceMembers(svc)) {
      use(m.services.get(member), name);
      if (ours(member) && !m.services.has(member)) {
        addError(svc, `the service "${member}" does not exist`, true);
        report(m, origin, 'REF004', path, `service "${member}" does not exist`);
      }
    }
    const weighted = svc.weighted?.services;
    if (weighted !== undefined && weighted.length > 0 && weighted.every((s) => (s.weight ?? 1) === 0)) {
      addError(svc, 'all weights are zero: the service never answers', false);
      report(m, origin, 'SVC003', ['services'], `every member of weighted service "${name}" has weight 0`);
    }
    const transport = svc.loadBalancer?.serversTransport;
    if (transport !== undefined) {
      const qualified = transport;
      use(m.serversTransports.get(qualified), name);
      if (ours(qualified) && !m.serversTransports.has(qualified)) {
        addError(svc, `servers transport not found ${qualified}`, true);
        report(m, origin, 'REF008', ['serversTransport'], `ServersTransport "${qualified}" does not exist`);
      }
    }
  }
  // A parent of a disabled member cannot be built either; repeat until nothing changes (the depth is small).
  for (let changed = true, rounds = 0; changed && rounds < 64; rounds++) {
    changed = false;
    for (const svc of m.services.values()) {
      if (svc.status === 'disabled') continue;
      const bad = serviceMembers(svc).find(([member]) => (m.services.get(member) as Status | undefined)?.status === 'disabled');
      if (bad !== undefined) {
        addError(svc, `the service "${bad[0]}" is disabled`, true);
        changed = true;
      }
    }
  }
}

/** Middlewares: chain members (REF005) and errors-page services (REF009), then propagation through chains. */
function checkMiddlewares(m: Merged): void {
  for (const [name, mw] of m.middlewares) {
    const origin = originOf(mw);
    (mw.chain?.middlewares ?? []).forEach((member, i) => {
      use(m.middlewares.get(member), name);
      if (ours(member) && !m.middlewares.has(member)) {
        addMiddlewareError(mw, `middleware "${member}" does not exist`);
        report(m, origin, 'REF005', ['spec', 'chain', 'middlewares', i, 'name'], `chain member "${member}" does not exist`);
      }
    });
    const page = mw.errors?.service;
    if (page !== undefined) {
      use(m.services.get(page), name);
      if (ours(page) && !m.services.has(page)) {
        addMiddlewareError(mw, `the service "${page}" does not exist`);
        report(m, origin, 'REF009', ['spec', 'errors', 'service', 'name'], `errors page service "${page}" does not exist`);
      }
    }
  }
  for (let changed = true, rounds = 0; changed && rounds < 64; rounds++) {
    changed = false;
    for (const mw of m.middlewares.values()) {
      if (mw.status === 'disabled') continue;
      const bad = (mw.chain?.middlewares ?? []).find((x) => m.middlewares.get(x)?.status === 'disabled');
      if (bad !== undefined) {
        addMiddlewareError(mw, `middleware "${bad}" is disabled`);
        changed = true;
      }
    }
  }
}

/** Routers: their middlewares (REF001), service (REF002) and TLS options (REF007) must exist and be usable. */
function checkRouters(m: Merged): void {
  for (const [name, router] of m.routers) {
    const origin = m.origins.get(name);
    const at = origin === undefined ? undefined : { resource: origin.resource, path: ['spec', 'routes', origin.index] };
    (router.middlewares ?? []).forEach((mwName, i) => {
      const mw = m.middlewares.get(mwName);
      use(mw, name);
      if (mw === undefined && ours(mwName)) {
        addError(router, `middleware "${mwName}" does not exist`, true);
        report(m, at, 'REF001', ['middlewares', i, 'name'], `middleware "${mwName}" does not exist`);
      } else if (mw?.status === 'disabled') {
        addError(router, `middleware "${mwName}" is disabled: ${(mw.error ?? []).join('; ')}`, true);
      }
    });
    const svc = m.services.get(router.service);
    use(svc, name);
    if (svc === undefined && ours(router.service)) {
      addError(router, `the service "${router.service}" does not exist`, true);
      report(m, at, 'REF002', ['services'], `service "${router.service}" does not exist`);
    } else if (svc?.status === 'disabled') {
      addError(router, `the service "${router.service}" is disabled`, true);
    }
    const options = router.tls?.options;
    if (options !== undefined && options !== 'default') {
      use(m.tlsOptions.get(options), name);
      if (ours(options) && !m.tlsOptions.has(options)) {
        addError(router, `unknown TLS options: ${options}`, true);
        const tlsAt = origin === undefined ? undefined : { resource: origin.resource, path: [] };
        report(m, tlsAt, 'REF007', ['spec', 'tls', 'options', 'name'], `TLSOption "${options}" does not exist`);
      }
    }
  }
}

/** Unknown entrypoints (EP001), as Traefik's runtime: a warning each, disabled when none is left. */
function checkEntryPoints(m: Merged, known: Record<string, unknown>): void {
  for (const [name, router] of m.routers) {
    const origin = m.origins.get(name);
    const eps = router.entryPoints ?? [];
    const unknown = eps.filter((ep) => !(ep in known));
    if (unknown.length === 0) continue;
    const spec = (origin?.resource.object.spec ?? {}) as { entryPoints?: unknown };
    const declared = Array.isArray(spec.entryPoints) ? spec.entryPoints : [];
    for (const ep of unknown) {
      addError(router, `entryPoint "${ep}" doesn't exist`, false);
      const at = origin === undefined ? undefined : { resource: origin.resource, path: [] };
      report(m, at, 'EP001', ['spec', 'entryPoints', Math.max(0, declared.indexOf(ep))], `entryPoint "${ep}" doesn't exist (known: ${Object.keys(known).join(', ')})`);
    }
    if (unknown.length === eps.length) addError(router, 'no valid entryPoint for this router', true);
  }
}

/**
 * The reference checks Traefik's runtime makes when it builds handlers: statuses, errors and `usedBy` on every
 * element, and a diagnostic at each broken reference. Disabled elements stay in the configuration.
 */
export function checkReferences(m: Merged, entryPoints: Record<string, unknown>): void {
  checkServices(m);
  checkMiddlewares(m);
  checkRouters(m);
  checkEntryPoints(m, entryPoints);
}
