import type { RuntimeConfig, Service, WeightedServiceRef } from '../config/types.ts';
import { providerOf, qualifyName } from '../middlewares/chain.ts';
import { remoteIp } from '../middlewares/url.ts';
import type { HttpRequest } from '../request.ts';
import { fnv1a32 } from './prng.ts';
import { requestCookie, stickyCookieName, stickyTarget } from './sticky.ts';
import type { TraceStep } from './types.ts';

type ServiceKind = 'loadBalancer' | 'weighted' | 'mirroring' | 'failover' | 'highestRandomWeight';
const KINDS: ServiceKind[] = ['loadBalancer', 'weighted', 'mirroring', 'failover', 'highestRandomWeight'];

function kindsOf(s: Service): ServiceKind[] {
  return KINDS.filter((k) => s[k] != null);
}

function childNames(s: Service): string[] {
  if (s.weighted) return s.weighted.services.map((c) => c.name);
  if (s.highestRandomWeight) return s.highestRandomWeight.services.map((c) => c.name);
  if (s.mirroring) return [s.mirroring.service, ...(s.mirroring.mirrors ?? []).map((m) => m.name)];
  if (s.failover) return [s.failover.service, s.failover.fallback];
  return [];
}

/** Why a service tree cannot be built (missing members, a cycle, no type); empty when it can. */
export function serviceProblems(config: RuntimeConfig, name: string, seen: string[] = []): string[] {
  const service = config.http.services[name];
  if (!service) return [`service "${name}" does not exist`];
  if (service.status === 'disabled')
    return service.errors?.length ? service.errors : [`service "${name}" is disabled`];
  if (seen.includes(name)) return [`service "${name}" includes itself`];
  const kinds = kindsOf(service);
  if (kinds.length !== 1) return [`service "${name}" must set exactly one type`];
  const provider = providerOf(name);
  return childNames(service).flatMap((c) =>
    serviceProblems(config, qualifyName(config.http.services, c, provider), [...seen, name]),
  );
}

/** Where the service walk ended: a server, or the answer Traefik gives instead. */
export type ServiceWalk =
  | {
      kind: 'server';
      service: string;
      url: string;
      passHostHeader: boolean;
      preservePath: boolean;
      mirrors: string[];
    }
  | { kind: 'error'; service: string; status: number; message: string };

/** Walks a service tree down to one server, pushing a step per service; `random` is the seeded PRNG. */
export function walkService(
  config: RuntimeConfig,
  name: string,
  req: HttpRequest,
  random: () => number,
  steps: TraceStep[],
  mirrors: string[] = [],
  depth = 0,
): ServiceWalk {
  const service = config.http.services[name];
  if (!service || depth > 32) {
    const message = service ? `service "${name}" includes itself` : `service "${name}" does not exist`;
    steps.push({ kind: 'error', at: 'service', name, message, status: 500 });
    return { kind: 'error', service: name, status: 500, message };
  }
  const provider = providerOf(name);
  const child = (c: string) => qualifyName(config.http.services, c, provider);
  if (service.loadBalancer) {
    const lb = service.loadBalancer;
    const servers = (lb.servers ?? []).filter((s) => (s.weight ?? 1) > 0);
    const notes: string[] = [];
    if (lb.strategy && lb.strategy !== 'wrr')
      notes.push(`strategy ${lb.strategy}: simulated as a weighted pick`);
    if (lb.healthCheck) notes.push('health check configured: every server assumed healthy');
    const sticky = lb.sticky?.cookie
      ? pickSticky(
          req,
          lb.sticky.cookie.name,
          name,
          servers.map((s) => s.url),
        )
      : undefined;
    if (servers.length === 0) {
      steps.push({
        kind: 'service',
        name,
        type: 'loadBalancer',
        candidates: [],
        notes: [...notes, 'no server'],
      });
      steps.push({ kind: 'error', at: 'service', name, message: 'no available server', status: 503 });
      return { kind: 'error', service: name, status: 503, message: 'no available server' };
    }
    const chosen =
      sticky?.target ??
      weightedPick(
        servers.map((s) => ({ name: s.url, weight: s.weight ?? 1 })),
        random,
      );
    const server = servers.find((s) => s.url === chosen) ?? servers[0];
    steps.push({
      kind: 'service',
      name,
      type: 'loadBalancer',
      chosen: server?.url,
      candidates: servers.map((s) => ({ name: s.url, weight: s.weight ?? 1, chosen: s === server })),
      sticky: sticky?.step,
      notes,
    });
    const passHostHeader = lb.passHostHeader !== false;
    steps.push({ kind: 'server', service: name, url: server?.url ?? '', passHostHeader });
    return {
      kind: 'server',
      service: name,
      url: server?.url ?? '',
      passHostHeader,
      preservePath: server?.preservePath === true,
      mirrors,
    };
  }
  if (service.weighted || service.highestRandomWeight) {
    const refs = (service.weighted?.services ??
      service.highestRandomWeight?.services ??
      []) as WeightedServiceRef[];
    const live = refs.filter((r) => (r.weight ?? 1) > 0);
    const type = service.weighted ? 'weighted' : 'highestRandomWeight';
    const cookie = service.weighted?.sticky?.cookie;
    const sticky = cookie
      ? pickSticky(
          req,
          cookie.name,
          name,
          live.map((r) => r.name),
        )
      : undefined;
    if (live.length === 0) {
      steps.push({ kind: 'service', name, type, candidates: [], notes: ['every weight is zero'] });
      steps.push({ kind: 'error', at: 'service', name, message: 'no available server', status: 503 });
      return { kind: 'error', service: name, status: 503, message: 'no available server' };
    }
    const items = live.map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
    const chosen =
      sticky?.target ??
      (type === 'weighted' ? weightedPick(items, random) : hrwPick(items, remoteIp(req.remoteAddr)));
    const notes = type === 'highestRandomWeight' ? ['rendezvous hash of the client IP'] : [];
    steps.push({
      kind: 'service',
      name,
      type,
      chosen,
      candidates: refs.map((r) => ({ name: r.name, weight: r.weight ?? 1, chosen: r.name === chosen })),
      sticky: sticky?.step,
      notes,
    });
    return walkService(config, child(chosen), req, random, steps, mirrors, depth + 1);
  }
  if (service.mirroring) {
    const m = service.mirroring;
    const list = (m.mirrors ?? []).map((mirror) => {
      const percent = mirror.percent ?? 0;
      return { name: mirror.name, percent, mirrored: random() * 100 < percent };
    });
    const notes = m.mirrorBody === false ? ['request bodies are not mirrored'] : [];
    steps.push({ kind: 'service', name, type: 'mirroring', chosen: m.service, mirrors: list, notes });
    const mirrored = [...mirrors, ...list.filter((x) => x.mirrored).map((x) => child(x.name))];
    return walkService(config, child(m.service), req, random, steps, mirrored, depth + 1);
  }
  if (service.failover) {
    const f = service.failover;
    const notes = [`${f.fallback} takes over when ${f.service} has no healthy server; assumed healthy`];
    steps.push({ kind: 'service', name, type: 'failover', chosen: f.service, notes });
    return walkService(config, child(f.service), req, random, steps, mirrors, depth + 1);
  }
  const message = `service "${name}" sets no known type`;
  steps.push({ kind: 'error', at: 'service', name, message, status: 500 });
  return { kind: 'error', service: name, status: 500, message };
}

function pickSticky(req: HttpRequest, configured: string | undefined, service: string, handlers: string[]) {
  const cookie = stickyCookieName(configured, service);
  const value = requestCookie(req, cookie);
  const target = value === undefined ? undefined : stickyTarget(value, handlers);
  return { target, step: { cookie, value, honoured: target !== undefined } };
}

/** A weighted random pick; deterministic for the PRNG's seed. */
export function weightedPick(items: { name: string; weight: number }[], random: () => number): string {
  const total = items.reduce((n, i) => n + i.weight, 0);
  let x = random() * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item.name;
  }
  return (items[items.length - 1] as { name: string }).name;
}

/** Rendezvous hashing: the highest `-weight / ln(hash(ip + name))` wins, so one client always gets one child. */
export function hrwPick(items: { name: string; weight: number }[], clientIp: string): string {
  let best = items[0]?.name ?? '';
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const u = (fnv1a32(`${clientIp}${item.name}`) + 1) / 4294967297;
    const score = -item.weight / Math.log(u);
    if (score > bestScore) {
      bestScore = score;
      best = item.name;
    }
  }
  return best;
}
