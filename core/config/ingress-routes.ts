import type { FieldPath, ParsedResource } from '../resources/types.ts';
import { namespaceOf } from './catalog.ts';
import { type BuildContext, BuildError, sourceLink, withSource } from './context.ts';
import type { Fragment } from './fragment.ts';
import { nameAndService } from './k8s-services.ts';
import {
  hasProvider,
  makeID,
  normalize,
  PROVIDER_CRD,
  PROVIDER_SEPARATOR,
  qualify,
  routerKey,
} from './naming.ts';
import { checkIngressRouteRouters } from './router-checks.ts';
import { loadCertificate } from './tls.ts';
import { buildWeighted, type ServiceOut } from './traefik-services.ts';
import type { CertificateInfo, Router, RouterTLSConfig } from './types.ts';
import { asDict, asList, asNumber, asString, canonical, type Dict, stringList } from './values.ts';

const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const CRD_SUFFIX = `${PROVIDER_SEPARATOR}${PROVIDER_CRD}`;

/** Traefik's `shouldProcessIngress`: the annotation equals the option, or is `traefik` when the option is empty. */
export function shouldProcessIngress(ingressClass: string, annotation: string | undefined): boolean {
  const value = annotation ?? '';
  return ingressClass === value || (ingressClass === '' && value === 'traefik');
}

/** Traefik's `makeMiddlewareKeys`. */
function middlewareKeys(
  ctx: BuildContext,
  ns: string,
  refs: unknown[],
  path: FieldPath,
): string[] | BuildError {
  const keys: string[] = [];
  for (let i = 0; i < refs.length; i++) {
    const ref = asDict(refs[i]) ?? {};
    const name = asString(ref.name) ?? '';
    const refNs = asString(ref.namespace) ?? '';
    if (!ctx.opts.allowCrossNamespace && name.endsWith(CRD_SUFFIX)) {
      return new BuildError(
        'NS001',
        [...path, i, 'name'],
        `invalid reference to middleware ${name}: with crossnamespace disallowed, the namespace field needs to be explicitly specified`,
      );
    }
    if (hasProvider(name)) {
      keys.push(name);
      continue;
    }
    if (refNs !== '' && !ctx.namespaceAllowed(ns, refNs)) {
      return new BuildError(
        'NS001',
        [...path, i, 'namespace'],
        `middleware ${refNs}/${name} is not in the IngressRoute namespace ${ns}`,
      );
    }
    keys.push(qualify(normalize(makeID(refNs || ns, name))));
  }
  return keys;
}

function routerTLS(ctx: BuildContext, ns: string, tls: Dict): RouterTLSConfig | BuildError {
  const out: RouterTLSConfig = {};
  const resolver = asString(tls.certResolver);
  if (resolver) out.certResolver = resolver;
  const domains = asList(tls.domains);
  if (domains.length > 0) out.domains = canonical(domains) as RouterTLSConfig['domains'];
  const options = asDict(tls.options);
  const name = asString(options?.name) ?? '';
  if (name === '') return out;
  let optNs = asString(options?.namespace) ?? '';
  let key = name;
  if (!hasProvider(name)) {
    if (optNs === '') optNs = ns;
    // Traefik's makeID, even for `default`: such a reference names `<ns>-default`, not the default options.
    key = qualify(makeID(optNs, name));
  }
  if (!ctx.namespaceAllowed(ns, optNs)) {
    return new BuildError(
      'NS001',
      ['spec', 'tls', 'options', 'namespace'],
      `TLSOption ${optNs}/${name} is not in the IngressRoute namespace ${ns}`,
    );
  }
  out.options = key;
  return out;
}

function addCertificate(
  ctx: BuildContext,
  r: ParsedResource,
  ns: string,
  tls: Dict,
  frag: Fragment,
): { secret: string; cert: CertificateInfo } | undefined {
  const secretName = asString(tls.secretName) ?? '';
  if (secretName === '') return undefined;
  const cert = loadCertificate(ctx, ns, secretName);
  // Traefik logs "Error configuring TLS" and still builds the routes.
  if (cert instanceof BuildError) {
    ctx.report(r, cert.code, ['spec', 'tls', 'secretName'], cert.message);
    return undefined;
  }
  const withLink = { ...cert, source: sourceLink(r, ['spec', 'tls', 'secretName']) };
  frag.certificates.push([`${ns}/${secretName}`, withLink]);
  return { secret: secretName, cert: withLink };
}

function routeService(
  ctx: BuildContext,
  r: ParsedResource,
  ns: string,
  route: Dict,
  path: FieldPath,
  key: string,
  out: ServiceOut,
): string | BuildError {
  const services = asList(route.services);
  if (services.length > 1) {
    const err = buildWeighted(ctx, r, ns, { services }, path, key, out);
    return err ?? key;
  }
  if (services.length === 0) return key;
  const spec = asDict(services[0]) ?? {};
  const named = nameAndService(ctx, ns, spec, [...path, 'services', 0]);
  if (named instanceof BuildError) return named;
  if (named.service === undefined) return qualify(named.name);
  // One Kubernetes Service: its load balancer is stored under the router's own name.
  out.set(key, withSource({ ...named.service }, r, [...path, 'services', 0]));
  return key;
}

/**
 * Builds the routers (and their services and certificate) of one IngressRoute as Traefik's
 * `loadIngressRouteConfiguration` does; a route Traefik skips is skipped with a diagnostic at the reference.
 */
export function buildIngressRoute(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const annotations = r.object.metadata.annotations;
  if (!shouldProcessIngress(ctx.opts.ingressClass, annotations?.[INGRESS_CLASS_ANNOTATION])) return;
  const ns = namespaceOf(r);
  const spec = asDict(r.object.spec) ?? {};
  const tls = asDict(spec.tls);
  const tlsSecret = tls === undefined ? undefined : addCertificate(ctx, r, ns, tls, frag);
  const entryPoints = stringList(spec.entryPoints);
  const routes = asList(spec.routes);
  const seen = new Map<string, number>();
  for (let i = 0; i < routes.length; i++) {
    const route = asDict(routes[i]) ?? {};
    const path = ['spec', 'routes', i];
    const kind = asString(route.kind) ?? '';
    if (kind !== '' && kind !== 'Rule') continue;
    const match = asString(route.match) ?? '';
    if (match === '') {
      ctx.report(r, 'RULE003', [...path, 'match'], 'empty match rule: Traefik skips this route');
      continue;
    }
    const key = qualify(routerKey(ns, r.object.metadata.name, match));
    const skip = (err: BuildError) => ctx.report(r, err.code, err.path, `route skipped: ${err.message}`);
    const mds = middlewareKeys(ctx, ns, asList(route.middlewares), [...path, 'middlewares']);
    if (mds instanceof BuildError) {
      skip(mds);
      continue;
    }
    const services: ServiceOut = new Map();
    const service = routeService(ctx, r, ns, route, path, key, services);
    if (service instanceof BuildError) {
      skip(service);
      continue;
    }
    const router: Router = {
      entryPoints: entryPoints.length > 0 ? entryPoints : [...ctx.opts.defaultEntryPoints],
      service,
      rule: match,
    };
    if (mds.length > 0) router.middlewares = mds;
    const priority = asNumber(route.priority);
    if (priority) router.priority = priority;
    const syntax = asString(route.syntax);
    if (syntax) router.ruleSyntax = syntax;
    if (asDict(route.observability) !== undefined)
      router.observability = canonical(asDict(route.observability));
    if (tls !== undefined) {
      const rt = routerTLS(ctx, ns, tls);
      if (rt instanceof BuildError) {
        skip(rt);
        continue;
      }
      router.tls = rt;
    }
    withSource(router, r, path);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      // Same match, same router name: Traefik's map assignment keeps the later route.
      ctx.report(
        r,
        'DUP001',
        ['spec', 'routes', earlier, 'match'],
        `duplicate match: this route is replaced by spec.routes[${i}], which has the same match`,
      );
      frag.routers = frag.routers.filter(([k]) => k !== key);
      frag.origins = frag.origins.filter(([k]) => k !== key);
    }
    seen.set(key, i);
    frag.services.push(...services);
    frag.routers.push([key, router]);
    frag.origins.push([key, { resource: r, index: i, match }]);
  }
  checkIngressRouteRouters(ctx, r, frag, tlsSecret);
}
