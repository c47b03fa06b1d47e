import type { Middleware, Router, Service } from '../../../../../../core/index.ts';
import { effectivePriority, shortenRule } from './rule-text.ts';

const STATUS_KEYS = new Set(['source', 'status', 'usedBy', 'error', 'errors']);

/** The configured type of a middleware (`stripPrefix`, `basicAuth`, ...), or `unknown`. */
export function middlewareType(mw: Middleware): string {
  for (const key of Object.keys(mw)) if (!STATUS_KEYS.has(key)) return key;
  return 'unknown';
}

export type ServiceType =
  | 'loadBalancer'
  | 'weighted'
  | 'mirroring'
  | 'failover'
  | 'highestRandomWeight'
  | 'unknown';

/** Which of the exclusive service kinds is set. */
export function serviceType(svc: Service): ServiceType {
  if (svc.loadBalancer) return 'loadBalancer';
  if (svc.weighted) return 'weighted';
  if (svc.mirroring) return 'mirroring';
  if (svc.failover) return 'failover';
  if (svc.highestRandomWeight) return 'highestRandomWeight';
  return 'unknown';
}

/** A router's rule (shortened) and priority, with TLS and entrypoints. */
export function routerLines(router: Router): string[] {
  const prio = effectivePriority(router.priority as number | string | undefined, router.rule ?? '');
  const tls = router.tls ? ' · TLS' : '';
  const eps =
    router.entryPoints && router.entryPoints.length > 0 ? ` · ${router.entryPoints.join(', ')}` : '';
  return [shortenRule(router.rule ?? ''), `priority ${prio}${tls}${eps}`];
}

/** A middleware's type and its most telling setting. */
export function middlewareLines(mw: Middleware): string[] {
  const type = middlewareType(mw);
  const detail = middlewareDetail(mw);
  return detail ? [type, detail] : [type];
}

function middlewareDetail(mw: Middleware): string | undefined {
  if (mw.stripPrefix) return mw.stripPrefix.prefixes.join(', ');
  if (mw.addPrefix) return mw.addPrefix.prefix;
  if (mw.replacePath) return mw.replacePath.path;
  if (mw.redirectScheme)
    return `→ ${mw.redirectScheme.scheme ?? 'https'}${mw.redirectScheme.permanent ? ' (301)' : ''}`;
  if (mw.redirectRegex) return `${mw.redirectRegex.regex} → ${mw.redirectRegex.replacement}`;
  if (mw.ipAllowList) return mw.ipAllowList.sourceRange.join(', ');
  if (mw.chain) return `${mw.chain.middlewares.length} middlewares`;
  if (mw.basicAuth) return `${mw.basicAuth.users?.length ?? 0} users`;
  if (mw.rateLimit)
    return `${mw.rateLimit.average ?? 0}/${mw.rateLimit.period ?? '1s'} burst ${mw.rateLimit.burst ?? 1}`;
  if (mw.forwardAuth) return mw.forwardAuth.address;
  if (mw.headers) {
    const n =
      Object.keys(mw.headers.customRequestHeaders ?? {}).length +
      Object.keys(mw.headers.customResponseHeaders ?? {}).length;
    return n > 0 ? `${n} custom headers` : undefined;
  }
  return undefined;
}

/** A service's kind, its servers or members, and health checking. */
export function serviceLines(svc: Service, name = ''): string[] {
  const type = serviceType(svc);
  if (type === 'unknown' && name.endsWith('@internal')) return ['Traefik internal service'];
  switch (type) {
    case 'loadBalancer': {
      const lb = svc.loadBalancer!;
      const n = lb.servers.length;
      const health = lb.healthCheck ? ` · health ${lb.healthCheck.path ?? '/'}` : '';
      return [
        `${n} server${n === 1 ? '' : 's'}${health}`,
        lb.strategy && lb.strategy !== 'wrr' ? lb.strategy : 'wrr',
      ];
    }
    case 'weighted':
      return [
        `weighted · ${svc.weighted!.services.length} services${svc.weighted!.sticky ? ' · sticky' : ''}`,
      ];
    case 'mirroring':
      return [`mirroring · ${svc.mirroring!.mirrors?.length ?? 0} mirrors`];
    case 'failover':
      return ['failover'];
    case 'highestRandomWeight':
      return [`highest random weight · ${svc.highestRandomWeight!.services.length} services`];
    default:
      return ['no service kind set'];
  }
}
