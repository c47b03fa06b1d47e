import type { FieldPath, ParsedResource } from '../resources/types.ts';
import { namespaceOf } from './catalog.ts';
import { type BuildContext, BuildError, sourceLink, withSource } from './context.ts';
import { addError, type Fragment, type Info } from './fragment.ts';
import { compileLabelSelector } from './labels.ts';
import { normalize, shortHash } from './naming.ts';
import { ruleShape } from './rule-shape.ts';
import { loadCertificate } from './tls.ts';
import type { Router, RouterTLSConfig, Server, Service } from './types.ts';
import { asDict, asList, asNumber, asString, type Dict, joinHostPort, stringList } from './values.ts';

/** The provider name of Traefik's Kubernetes Ingress provider. */
export const PROVIDER_INGRESS = 'kubernetes';
const CONTROLLER = 'traefik.io/ingress-controller';
const ROUTER = 'traefik.ingress.kubernetes.io/router.';
const SERVICE = 'traefik.ingress.kubernetes.io/service.';

function q(name: string): string {
  return name.includes('@') ? name : `${name}@${PROVIDER_INGRESS}`;
}

/** Traefik's `shouldProcessIngress` for Ingresses: `ingressClassName` naming a Traefik IngressClass, or the annotation. */
function shouldProcess(ctx: BuildContext, r: ParsedResource, ingressClass: string): boolean {
  const className = asString(asDict(r.object.spec)?.ingressClassName);
  if (className !== undefined) {
    const ic = ctx.get('IngressClass', 'default', className);
    const controller = asString(asDict(ic?.object.spec)?.controller);
    return controller === CONTROLLER && (ingressClass === '' || ingressClass === className);
  }
  const annotation = r.object.metadata.annotations?.['kubernetes.io/ingress.class'] ?? '';
  return ingressClass === annotation || (ingressClass === '' && annotation === 'traefik');
}

/** Traefik's `buildHostRule`: a wildcard host becomes a HostRegexp. */
function hostRule(host: string): string {
  if (!host.startsWith('*.')) return `Host(\`${host}\`)`;
  return `HostRegexp(\`${host.replaceAll('.', '\\.').replace('*\\.', '[a-zA-Z0-9-]+\\.')}\`)`;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The router settings of `traefik.ingress.kubernetes.io/router.*` annotations. */
function routerConfig(a: Record<string, string>): { router: Partial<Router>; pathMatcher: string } {
  const router: Partial<Router> = {};
  const eps = list(a[`${ROUTER}entrypoints`]);
  if (eps.length > 0) router.entryPoints = eps;
  const mws = list(a[`${ROUTER}middlewares`]);
  if (mws.length > 0) router.middlewares = mws.map(q);
  const priority = Number(a[`${ROUTER}priority`] ?? '0');
  if (Number.isInteger(priority) && priority !== 0) router.priority = priority;
  if (
    a[`${ROUTER}tls`] === 'true' ||
    a[`${ROUTER}tls.certresolver`] !== undefined ||
    a[`${ROUTER}tls.options`]
  ) {
    const tls: RouterTLSConfig = {};
    if (a[`${ROUTER}tls.certresolver`]) tls.certResolver = a[`${ROUTER}tls.certresolver`];
    if (a[`${ROUTER}tls.options`]) tls.options = q(a[`${ROUTER}tls.options`] as string);
    router.tls = tls;
  }
  return { router, pathMatcher: a[`${ROUTER}pathmatcher`] || 'PathPrefix' };
}

/** Traefik's Ingress `loadService`: the Service's port by number or name, its endpoints, its annotations. */
function loadService(ctx: BuildContext, ns: string, backend: Dict, path: FieldPath): Service | BuildError {
  const opts = ctx.opts.ingress;
  const svcRef = asDict(backend.service) ?? {};
  const name = asString(svcRef.name) ?? '';
  const port = asDict(svcRef.port) ?? {};
  const svc = ctx.get('Service', ns, name);
  if (svc === undefined)
    return new BuildError('REF002', [...path, 'service', 'name'], `service ${ns}/${name} not found`);
  const spec = asDict(svc.object.spec) ?? {};
  const external = spec.type === 'ExternalName';
  if (external && opts?.allowExternalNameServices !== true) {
    return new BuildError(
      'SVC001',
      [...path, 'service', 'name'],
      `externalName services not allowed: ${ns}/${name}`,
    );
  }
  const portSpec = asList(spec.ports)
    .map((p) => asDict(p) ?? {})
    .find(
      (p) =>
        asNumber(port.number) === asNumber(p.port) ||
        (asString(port.name) === asString(p.name) && asString(p.name)),
    );
  if (portSpec === undefined)
    return new BuildError('REF003', [...path, 'service', 'port'], 'service port not found');
  const portName = asString(portSpec.name) ?? '';
  const portNumber = asNumber(portSpec.port) ?? 0;
  const a = svc.object.metadata.annotations ?? {};
  const scheme =
    a[`${SERVICE}serversscheme`] || (portNumber === 443 || portName.startsWith('https') ? 'https' : 'http');
  const servers: Server[] = [];
  if (external)
    servers.push({ url: `${scheme}://${joinHostPort(asString(spec.externalName) ?? '', portNumber)}` });
  else {
    const seen = new Set<string>();
    for (const slice of ctx.endpointSlices(ns, name)) {
      const p = asList(slice.object.ports)
        .map((x) => asDict(x) ?? {})
        .find((x) => (asString(x.name) ?? '') === portName);
      const target = asNumber(p?.port) ?? 0;
      if (target === 0) continue;
      for (const ep of asList(slice.object.endpoints).map((e) => asDict(e) ?? {})) {
        const c = asDict(ep.conditions) ?? {};
        if (!(c.ready === undefined || c.ready === null || c.ready === true || c.serving === true)) continue;
        for (const address of stringList(ep.addresses)) {
          if (seen.has(address)) continue;
          seen.add(address);
          servers.push({ url: `${scheme}://${joinHostPort(address, target)}` });
        }
      }
    }
  }
  if (servers.length === 0 && opts?.allowEmptyServices !== true) {
    return new BuildError(
      'SVC002',
      [...path, 'service', 'name'],
      `skipping service ${ns}/${name}: no endpoints found`,
    );
  }
  const lb: NonNullable<Service['loadBalancer']> = { servers, strategy: 'wrr' };
  lb.passHostHeader =
    a[`${SERVICE}passhostheader`] === undefined ? true : a[`${SERVICE}passhostheader`] === 'true';
  lb.responseForwarding = { flushInterval: '100ms' };
  if (a[`${SERVICE}sticky.cookie`] === 'true') {
    lb.sticky = { cookie: { path: a[`${SERVICE}sticky.cookie.path`] ?? '/' } };
    const name = a[`${SERVICE}sticky.cookie.name`];
    if (name && lb.sticky.cookie) lb.sticky.cookie.name = name;
  }
  if (a[`${SERVICE}serverstransport`]) lb.serversTransport = a[`${SERVICE}serverstransport`];
  return { loadBalancer: lb };
}

function checkRouter(ctx: BuildContext, name: string, router: Router, frag: Fragment): void {
  const info: Info = {};
  const err = ruleShape(router.rule).error;
  if (err !== undefined) addError(info, `error while adding rule ${router.rule}: ${err.message}`, true);
  const unknown = (router.entryPoints ?? []).filter((ep) => !(ep in ctx.opts.entryPoints));
  for (const ep of unknown) addError(info, `entryPoint "${ep}" doesn't exist`, false);
  if (unknown.length > 0 && unknown.length === router.entryPoints?.length)
    addError(info, 'no valid entryPoint for this router', true);
  if (info.status !== undefined) frag.routerInfo.push([name, info]);
}

/**
 * Builds the routers, services and certificates of one Ingress as Traefik's kubernetesIngress provider does:
 * routers `<ns>-<ingress>-<host><path>` (hashed when two collide), services `<ns>-<service>-<port>`, rules from host
 * and path type, settings from `traefik.ingress.kubernetes.io/*` annotations, all qualified `@kubernetes`.
 */
export function buildIngress(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const opts = ctx.opts.ingress;
  if (opts === undefined) return;
  const ns = namespaceOf(r);
  if (opts.namespaces.length > 0 && !opts.namespaces.includes(ns)) return;
  if (
    opts.labelSelector !== '' &&
    compileLabelSelector(opts.labelSelector)?.(r.object.metadata.labels) !== true
  )
    return;
  if (!shouldProcess(ctx, r, opts.ingressClass)) return;
  const spec = asDict(r.object.spec) ?? {};
  const { router: base, pathMatcher } = routerConfig(r.object.metadata.annotations ?? {});
  const entryPoints = base.entryPoints ?? [...ctx.opts.defaultEntryPoints];
  asList(spec.tls).forEach((t, i) => {
    const secret = asString(asDict(t)?.secretName);
    if (!secret) return;
    const cert = loadCertificate(ctx, ns, secret);
    if (cert instanceof BuildError) ctx.report(r, cert.code, ['spec', 'tls', i, 'secretName'], cert.message);
    else
      frag.certificates.push([
        `${ns}/${secret}`,
        { ...cert, source: sourceLink(r, ['spec', 'tls', i, 'secretName']) },
      ]);
  });
  const routers = new Map<string, [Router, FieldPath][]>();
  const rules = asList(spec.rules);
  const backend = asDict(spec.defaultBackend);
  if (rules.length === 0 && backend !== undefined) {
    const service = loadService(ctx, ns, backend, ['spec', 'defaultBackend']);
    if (service instanceof BuildError)
      ctx.report(r, service.code, service.path, `default backend skipped: ${service.message}`);
    else {
      frag.services.push([q('default-backend'), withSource(service, r, ['spec', 'defaultBackend'])]);
      const router: Router = {
        ...base,
        entryPoints,
        rule: 'PathPrefix(`/`)',
        priority: -2147483648,
        service: q('default-backend'),
      };
      frag.routers.push([q('default-router'), withSource(router, r, ['spec', 'defaultBackend'])]);
    }
  }
  rules.forEach((ruleValue, i) => {
    const rule = asDict(ruleValue) ?? {};
    const host = asString(rule.host) ?? '';
    asList(asDict(rule.http)?.paths).forEach((paValue, j) => {
      const pa = asDict(paValue) ?? {};
      const path: FieldPath = ['spec', 'rules', i, 'http', 'paths', j];
      const service = loadService(ctx, ns, asDict(pa.backend) ?? {}, [...path, 'backend']);
      if (service instanceof BuildError) {
        ctx.report(r, service.code, service.path, `path skipped: ${service.message}`);
        return;
      }
      const svcRef = asDict(asDict(pa.backend)?.service) ?? {};
      const port = asDict(svcRef.port) ?? {};
      const portString = asString(port.name) || String(asNumber(port.number) ?? 0);
      const serviceName = q(normalize(`${ns}-${asString(svcRef.name) ?? ''}-${portString}`));
      frag.services.push([serviceName, withSource(service, r, [...path, 'backend'])]);
      const parts = host === '' ? [] : [hostRule(host)];
      const p = asString(pa.path) ?? '';
      if (p !== '') {
        const type = asString(pa.pathType) ?? '';
        const matcher = type === 'Exact' ? 'Path' : type === 'Prefix' ? 'PathPrefix' : pathMatcher;
        parts.push(`${matcher}(\`${p}\`)`);
      }
      const router: Router = { ...base, entryPoints, rule: parts.join(' && '), service: serviceName };
      const key = normalize(`${ns}-${r.object.metadata.name}-${host}${p}`);
      routers.set(key, [...(routers.get(key) ?? []), [withSource(router, r, path), path]]);
    });
  });
  for (const [key, list] of routers) {
    // Traefik: several paths normalising to one key get the rule's hash appended.
    for (const [router] of list) {
      const name = q(list.length === 1 ? key : `${key}-${shortHash(router.rule)}`);
      frag.routers.push([name, router]);
      checkRouter(ctx, name, router, frag);
    }
  }
}
