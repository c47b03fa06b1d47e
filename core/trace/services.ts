import type {
  Cookie,
  RuntimeConfig,
  Server,
  ServersLoadBalancer,
  Service,
  WeightedServiceRef,
} from '../config/types.ts';
import { providerOf, qualifyName } from '../middlewares/chain.ts';
import { remoteIp } from '../middlewares/url.ts';
import type { HttpRequest } from '../request.ts';
import { NOOP_SERVICE } from './internal-routers.ts';
import { fnv1a32 } from './prng.ts';
import { requestCookie, stickyCookieName, stickySetCookie, stickyTarget } from './sticky.ts';
import { swrrPickAt } from './swrr.ts';
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
  if (name === NOOP_SERVICE) return [];
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
      /** Set-Cookie values of sticky services that did not get a valid cookie. */
      setCookies: string[];
    }
  | { kind: 'error'; service: string; status: number; message: string };

/** What the walk carries from the root service down. */
interface Walk {
  config: RuntimeConfig;
  seed: number;
  req: HttpRequest;
  random: () => number;
  steps: TraceStep[];
  mirrors: string[];
  setCookies: string[];
  depth: number;
}

function fail(w: Walk, name: string, status: number, message: string): ServiceWalk {
  w.steps.push({ kind: 'error', at: 'service', name, message, status });
  return { kind: 'error', service: name, status, message };
}

/** Walks a service tree down to one server, pushing a step per service; `random` is the seeded PRNG. */
export function walkService(
  config: RuntimeConfig,
  name: string,
  req: HttpRequest,
  random: () => number,
  steps: TraceStep[],
  seed = 0,
): ServiceWalk {
  return walk({ config, seed, req, random, steps, mirrors: [], setCookies: [], depth: 0 }, name);
}

function walk(w: Walk, name: string): ServiceWalk {
  const service = w.config.http.services[name];
  if (!service) return fail(w, name, 500, `service "${name}" does not exist`);
  if (w.depth > 32) return fail(w, name, 500, `service "${name}" includes itself`);
  const provider = providerOf(name);
  const next = (child: string): ServiceWalk =>
    walk({ ...w, depth: w.depth + 1 }, qualifyName(w.config.http.services, child, provider));
  if (service.loadBalancer) return walkLoadBalancer(w, name, service.loadBalancer);
  if (service.weighted || service.highestRandomWeight) {
    const chosen = pickChild(w, name, service);
    return chosen === undefined ? fail(w, name, 503, 'no available server') : next(chosen);
  }
  if (service.mirroring) {
    const m = service.mirroring;
    const list = (m.mirrors ?? []).map((mirror) => {
      const percent = mirror.percent ?? 0;
      return { name: mirror.name, percent, mirrored: w.random() * 100 < percent };
    });
    const notes = m.mirrorBody === false ? ['request bodies are not mirrored'] : [];
    const seed = list.length ? { seed: w.seed } : {};
    w.steps.push({
      kind: 'service',
      name,
      type: 'mirroring',
      chosen: m.service,
      mirrors: list,
      ...seed,
      notes,
    });
    for (const x of list)
      if (x.mirrored) w.mirrors.push(qualifyName(w.config.http.services, x.name, provider));
    return next(m.service);
  }
  if (service.failover) {
    const f = service.failover;
    const notes = [`${f.fallback} takes over when ${f.service} has no healthy server; assumed healthy`];
    w.steps.push({ kind: 'service', name, type: 'failover', chosen: f.service, notes });
    return next(f.service);
  }
  return fail(w, name, 500, `service "${name}" sets no known type`);
}

function walkLoadBalancer(w: Walk, name: string, lb: ServersLoadBalancer): ServiceWalk {
  const servers = (lb.servers ?? []).filter((s) => (s.weight ?? 1) > 0);
  const notes: string[] = [];
  if (lb.strategy && lb.strategy !== 'wrr')
    notes.push(`strategy ${lb.strategy}: simulated as a weighted random pick`);
  if (lb.healthCheck) notes.push('health check configured: every server assumed healthy');
  if (servers.length === 0) {
    w.steps.push({
      kind: 'service',
      name,
      type: 'loadBalancer',
      candidates: [],
      notes: [...notes, 'no server'],
    });
    return fail(w, name, 503, 'no available server');
  }
  const cookie = lb.sticky?.cookie;
  const sticky = cookie
    ? pickSticky(
        w.req,
        cookie,
        name,
        servers.map((s) => s.url),
      )
    : undefined;
  const weighted = servers.map((s) => ({ name: s.url, weight: s.weight ?? 1 }));
  // wrr (the default) is the proxy's smooth WRR: the seed is the request's place in the rotation.
  const chosen =
    sticky?.target ??
    (!lb.strategy || lb.strategy === 'wrr' ? swrrPickAt(weighted, w.seed) : weightedPick(weighted, w.random));
  const server = servers.find((s) => s.url === chosen) ?? (servers[0] as Server);
  if (cookie && sticky && !sticky.target)
    w.setCookies.push(stickySetCookie(cookie, sticky.step.cookie, server.url));
  const candidates = servers.map((s) => ({ name: s.url, weight: s.weight ?? 1, chosen: s === server }));
  w.steps.push({
    kind: 'service',
    name,
    type: 'loadBalancer',
    ...(!sticky?.target && servers.length > 1 ? { seed: w.seed } : {}),
    chosen: server.url,
    candidates,
    sticky: sticky?.step,
    notes,
  });
  const passHostHeader = lb.passHostHeader !== false;
  w.steps.push({ kind: 'server', service: name, url: server.url, passHostHeader });
  return {
    kind: 'server',
    service: name,
    url: server.url,
    passHostHeader,
    preservePath: server.preservePath === true,
    mirrors: w.mirrors,
    setCookies: w.setCookies,
  };
}

/** The child a weighted or highestRandomWeight service sends the request to; undefined when every weight is 0. */
function pickChild(w: Walk, name: string, service: Service): string | undefined {
  const refs: WeightedServiceRef[] =
    service.weighted?.services ?? service.highestRandomWeight?.services ?? [];
  const live = refs.filter((r) => (r.weight ?? 1) > 0);
  const type = service.weighted ? 'weighted' : 'highestRandomWeight';
  if (live.length === 0) {
    w.steps.push({ kind: 'service', name, type, candidates: [], notes: ['every weight is zero'] });
    return undefined;
  }
  const cookie = service.weighted?.sticky?.cookie;
  const sticky = cookie
    ? pickSticky(
        w.req,
        cookie,
        name,
        live.map((r) => r.name),
      )
    : undefined;
  const items = live.map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
  const chosen =
    sticky?.target ??
    (type === 'weighted' ? swrrPickAt(items, w.seed) : hrwPick(items, remoteIp(w.req.remoteAddr)));
  if (cookie && sticky && !sticky.target)
    w.setCookies.push(stickySetCookie(cookie, sticky.step.cookie, chosen));
  const notes = type === 'highestRandomWeight' ? ['rendezvous hash of the client IP'] : [];
  const candidates = refs.map((r) => ({ name: r.name, weight: r.weight ?? 1, chosen: r.name === chosen }));
  const seed = type === 'weighted' && !sticky?.target && live.length > 1 ? { seed: w.seed } : {};
  w.steps.push({ kind: 'service', name, type, chosen, candidates, sticky: sticky?.step, ...seed, notes });
  return chosen;
}

function pickSticky(req: HttpRequest, config: Cookie, service: string, handlers: string[]) {
  const cookie = stickyCookieName(config.name, service);
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
