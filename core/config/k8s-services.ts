import type { FieldPath } from '../resources/types.ts';
import { type BuildContext, BuildError } from './context.ts';
import { normalizeDuration } from './duration.ts';
import {
  fullServiceName,
  hasProvider,
  makeID,
  normalize,
  PROVIDER_CRD,
  PROVIDER_SEPARATOR,
  qualify,
} from './naming.ts';
import type { Cookie, HealthCheck, Server, ServersLoadBalancer, Service, Sticky } from './types.ts';
import {
  asBool,
  asDict,
  asList,
  asNumber,
  asPort,
  asString,
  type Dict,
  joinHostPort,
  stringList,
} from './values.ts';

/** The name a reference resolves to, and the load balancer to store under it for a Kubernetes Service. */
export interface NamedService {
  name: string;
  service?: Service;
}

const STRATEGIES = new Set(['wrr', 'p2c', 'hrw', 'leasttime']);
const CRD_SUFFIX = `${PROVIDER_SEPARATOR}${PROVIDER_CRD}`;

/** Traefik's `parseServiceProtocol`: the route's scheme, else https for port 443 or a port named `https…`. */
function serviceProtocol(scheme: string, portName: string, port: number): string | BuildError {
  if (scheme === 'http' || scheme === 'https' || scheme === 'h2c') return scheme;
  if (scheme === '') return port === 443 || portName.startsWith('https') ? 'https' : 'http';
  return new BuildError('SVC004', ['scheme'], `invalid scheme "${scheme}" specified`);
}

interface ServicePort {
  name: string;
  port: number;
  nodePort?: number;
}

/** Traefik's `getServicePort`: by number or name; an ExternalName service accepts any numeric port. */
function servicePort(
  svc: Dict,
  port: number | string | undefined,
  external: boolean,
): ServicePort | BuildError {
  if (port === undefined || port === 0) {
    return new BuildError('REF003', ['port'], 'service port not defined');
  }
  for (const p of asList(asDict(svc.spec)?.ports)) {
    const d = asDict(p);
    if (d === undefined) continue;
    const name = asString(d.name) ?? '';
    const num = asNumber(d.port) ?? 0;
    if ((typeof port === 'number' && port === num) || (typeof port === 'string' && port === name)) {
      const sp: ServicePort = { name, port: num };
      const nodePort = asNumber(d.nodePort);
      if (nodePort !== undefined) sp.nodePort = nodePort;
      return sp;
    }
  }
  if (!external || typeof port === 'string') {
    return new BuildError('REF003', ['port'], `service port not found: ${port}`);
  }
  return { name: '', port };
}

/** Traefik's `EndpointServing`: ready (or unknown readiness), or serving. */
function endpointServing(endpoint: Dict): boolean {
  const conditions = asDict(endpoint.conditions) ?? {};
  const ready = conditions.ready === undefined || conditions.ready === null || conditions.ready === true;
  return ready || conditions.serving === true;
}

function nodeServers(ctx: BuildContext, protocol: string, nodePort: number): Server[] {
  const servers: Server[] = [];
  for (const node of ctx.nodes()) {
    for (const addr of asList(asDict(node.object.status)?.addresses)) {
      const a = asDict(addr);
      if (a?.type === 'InternalIP' && typeof a.address === 'string') {
        servers.push({ url: `${protocol}://${joinHostPort(a.address, nodePort)}` });
      }
    }
  }
  return servers;
}

function endpointServers(
  ctx: BuildContext,
  ns: string,
  name: string,
  sp: ServicePort,
  protocol: string,
): Server[] {
  const servers: Server[] = [];
  const seen = new Set<string>();
  for (const slice of ctx.endpointSlices(ns, name)) {
    let port = 0;
    for (const p of asList(slice.object.ports)) {
      const d = asDict(p);
      if ((asString(d?.name) ?? '') === sp.name) {
        port = asNumber(d?.port) ?? 0;
        break;
      }
    }
    if (port === 0) continue;
    for (const ep of asList(slice.object.endpoints)) {
      const endpoint = asDict(ep);
      if (endpoint === undefined || !endpointServing(endpoint)) continue;
      for (const address of stringList(endpoint.addresses)) {
        if (seen.has(address)) continue;
        seen.add(address);
        servers.push({ url: `${protocol}://${joinHostPort(address, port)}` });
      }
    }
  }
  return servers;
}

/** Traefik's `loadServers`: the servers of a Kubernetes Service reference. */
function loadServers(ctx: BuildContext, ns: string, spec: Dict): Server[] | BuildError {
  const written = asString(spec.name) ?? '';
  const name = written.endsWith(CRD_SUFFIX) ? written.slice(0, -CRD_SUFFIX.length) : written;
  const svc = ctx.get('Service', ns, name);
  if (svc === undefined)
    return new BuildError('REF002', ['name'], `kubernetes service not found: ${ns}/${name}`);
  const svcSpec = asDict(svc.object.spec) ?? {};
  const type = asString(svcSpec.type) ?? 'ClusterIP';
  const sp = servicePort(svc.object, asPort(spec.port), type === 'ExternalName');
  if (sp instanceof BuildError) return sp;
  if (type !== 'ExternalName' && spec.healthCheck !== undefined) {
    return new BuildError(
      'SVC004',
      ['healthCheck'],
      `healthCheck allowed only for ExternalName services: ${ns}/${name}`,
    );
  }
  const protocol = serviceProtocol(asString(spec.scheme) ?? '', sp.name, sp.port);
  if (protocol instanceof BuildError) return protocol;
  if (type === 'ExternalName') {
    if (!ctx.opts.allowExternalNameServices) {
      return new BuildError('SVC001', ['name'], `externalName services not allowed: ${ns}/${name}`);
    }
    return [{ url: `${protocol}://${joinHostPort(asString(svcSpec.externalName) ?? '', sp.port)}` }];
  }
  if (asBool(spec.nativeLB) ?? ctx.opts.nativeLBByDefault) {
    const clusterIP = asString(svcSpec.clusterIP) ?? '';
    if (clusterIP === 'None' || clusterIP === '') {
      const why =
        clusterIP === 'None' ? 'no clusterIP on headless service' : 'no clusterIP found for service';
      return new BuildError(
        'SVC004',
        ['nativeLB'],
        `getting native Kubernetes Service address: ${why}: ${ns}/${name}`,
      );
    }
    return [{ url: `${protocol}://${joinHostPort(clusterIP, sp.port)}` }];
  }
  if (type === 'NodePort' && asBool(spec.nodePortLB) === true) {
    const servers = nodeServers(ctx, protocol, sp.nodePort ?? 0);
    if (servers.length === 0) {
      return new BuildError('SVC002', ['nodePortLB'], `nodes not found for NodePort service ${ns}/${name}`);
    }
    return servers;
  }
  const servers = endpointServers(ctx, ns, name, sp, protocol);
  if (servers.length === 0 && !ctx.opts.allowEmptyServices) {
    return new BuildError('SVC002', ['name'], `no servers found for ${ns}/${name}`);
  }
  return servers;
}

function cookieOf(spec: unknown): Sticky | undefined {
  const cookie = asDict(asDict(spec)?.cookie);
  if (cookie === undefined) return undefined;
  const out: Cookie = {};
  const name = asString(cookie.name);
  if (name) out.name = name;
  if (asBool(cookie.secure)) out.secure = true;
  if (asBool(cookie.httpOnly)) out.httpOnly = true;
  const sameSite = asString(cookie.sameSite);
  if (sameSite) out.sameSite = sameSite;
  const maxAge = asNumber(cookie.maxAge);
  if (maxAge) out.maxAge = maxAge;
  // Traefik's Cookie.SetDefaults: the path is "/" unless given.
  out.path = asString(cookie.path) ?? '/';
  const domain = asString(cookie.domain);
  if (domain) out.domain = domain;
  return { cookie: out };
}

/** The sticky cookie of a load balancer or weighted service, with Traefik's defaults. */
export function stickyOf(spec: unknown): Sticky | undefined {
  return cookieOf(spec);
}

function healthCheckOf(spec: Dict): HealthCheck | BuildError {
  const hc: HealthCheck = {};
  for (const key of ['scheme', 'path', 'method', 'hostname'] as const) {
    const v = asString(spec[key]);
    if (v) hc[key] = v;
  }
  hc.mode = asString(spec.mode) || 'http';
  const status = asNumber(spec.status);
  if (status) hc.status = status;
  const port = asNumber(spec.port);
  if (port) hc.port = port;
  const interval = spec.interval === undefined ? '30s' : normalizeDuration(spec.interval);
  const timeout = spec.timeout === undefined ? '5s' : normalizeDuration(spec.timeout);
  const unhealthy =
    spec.unhealthyInterval === undefined ? interval : normalizeDuration(spec.unhealthyInterval);
  if (interval === undefined || timeout === undefined || unhealthy === undefined) {
    return new BuildError('SVC004', ['healthCheck'], 'invalid health check duration');
  }
  hc.interval = interval;
  hc.unhealthyInterval = unhealthy;
  hc.timeout = timeout;
  hc.followRedirects = asBool(spec.followRedirects) ?? true;
  const headers = asDict(spec.headers);
  if (headers !== undefined) {
    hc.headers = Object.fromEntries(
      Object.keys(headers)
        .sort()
        .map((k) => [k, String(headers[k])]),
    );
  }
  return hc;
}

/** Traefik's `makeServersTransportKey`. */
function serversTransportKey(ctx: BuildContext, ns: string, name: string): string | BuildError {
  if (!ctx.opts.allowCrossNamespace && name.endsWith(CRD_SUFFIX)) {
    return new BuildError(
      'NS001',
      ['serversTransport'],
      `invalid reference to serversTransport ${name}: namespace-name@kubernetescrd format is not allowed when crossnamespace is disallowed`,
    );
  }
  return hasProvider(name) ? name : qualify(normalize(makeID(ns, name)));
}

/** Traefik's `buildServersLB`: a servers load balancer with its defaults. */
function buildServersLB(ctx: BuildContext, ns: string, spec: Dict): Service | BuildError {
  const lb: ServersLoadBalancer = { servers: [] };
  const strategy = asString(spec.strategy) ?? '';
  if (strategy === '' || strategy === 'RoundRobin') lb.strategy = 'wrr';
  else if (STRATEGIES.has(strategy)) lb.strategy = strategy;
  else return new BuildError('SVC004', ['strategy'], `load-balancer strategy ${strategy} is not supported`);
  const servers = loadServers(ctx, ns, spec);
  if (servers instanceof BuildError) return servers;
  lb.servers = servers;
  const hcSpec = asDict(spec.healthCheck);
  if (hcSpec !== undefined) {
    const hc = healthCheckOf(hcSpec);
    if (hc instanceof BuildError) return hc;
    lb.healthCheck = hc;
  }
  lb.passHostHeader = asBool(spec.passHostHeader) ?? true;
  const flush = asDict(spec.responseForwarding)?.flushInterval;
  const flushInterval = flush === undefined || flush === '' ? '100ms' : normalizeDuration(flush);
  if (flushInterval === undefined) {
    return new BuildError('SVC004', ['responseForwarding', 'flushInterval'], 'unable to parse flushInterval');
  }
  lb.responseForwarding = { flushInterval };
  const sticky = stickyOf(spec.sticky);
  if (sticky !== undefined) lb.sticky = sticky;
  const transport = asString(spec.serversTransport);
  if (transport) {
    const key = serversTransportKey(ctx, ns, transport);
    if (key instanceof BuildError) return key;
    lb.serversTransport = key;
  }
  return { loadBalancer: lb };
}

/** Prefixes a failure's field path with the path of the reference it happened in. */
function at(path: FieldPath, err: BuildError): BuildError {
  return new BuildError(err.code, [...path, ...err.path], err.message);
}

/**
 * Traefik's `nameAndService`: resolves one service reference (a LoadBalancerSpec at `path` of `owner`) to the
 * name it is known by and, for a Kubernetes Service, its load balancer.
 */
export function nameAndService(
  ctx: BuildContext,
  parentNs: string,
  spec: Dict,
  path: FieldPath,
): NamedService | BuildError {
  const name = asString(spec.name) ?? '';
  const ns = asString(spec.namespace) || parentNs;
  if (!ctx.namespaceAllowed(parentNs, ns)) {
    return new BuildError(
      'NS001',
      [...path, 'namespace'],
      `service ${ns}/${name} not in the parent resource namespace ${parentNs}`,
    );
  }
  const kind = asString(spec.kind) ?? '';
  if (kind === '' || kind === 'Service') {
    const service = buildServersLB(ctx, ns, spec);
    if (service instanceof BuildError) return at(path, service);
    const port = asPort(spec.port);
    return { name: fullServiceName(ns, name, port), service };
  }
  if (kind === 'TraefikService') {
    // Recorded so a TraefikService appearing later re-resolves this reference's owner.
    if (!hasProvider(name)) ctx.get('TraefikService', ns, name);
    return { name: fullServiceName(ns, name, undefined) };
  }
  return new BuildError('SVC004', [...path, 'kind'], `unsupported service kind ${kind}`);
}
