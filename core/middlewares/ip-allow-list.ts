import { compileIpChecker, compileIpStrategy } from './ip.ts';
import type { MiddlewareDef } from './types.ts';

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 401: 'Unauthorized' };

/**
 * ipAllowList: only clients whose IP (chosen by `ipStrategy`) lies in `sourceRange` pass; the others get
 * `rejectStatusCode` (default 403) with the status text as body (Traefik pkg/middlewares/ipallowlist).
 */
export const ipAllowList: MiddlewareDef<'ipAllowList'> = {
  type: 'ipAllowList',
  validate(cfg) {
    if (!Array.isArray(cfg.sourceRange) || cfg.sourceRange.length === 0) {
      return ['ipAllowList.sourceRange: sourceRange is empty'];
    }
    const problems = compileIpChecker(cfg.sourceRange).problems.map((p) => `ipAllowList.sourceRange: ${p}`);
    for (const p of compileIpChecker(cfg.ipStrategy?.excludedIPs ?? []).problems) {
      problems.push(`ipAllowList.ipStrategy.excludedIPs: ${p}`);
    }
    const code = cfg.rejectStatusCode;
    if (code !== undefined && (code < 100 || code > 599))
      problems.push('ipAllowList.rejectStatusCode: invalid status');
    return problems;
  },
  compile(cfg) {
    const { checker } = compileIpChecker(cfg.sourceRange);
    const clientIp = compileIpStrategy(cfg.ipStrategy);
    const status = cfg.rejectStatusCode || 403;
    return (req) => {
      const ip = clientIp(req);
      if (ip !== '' && checker.contains(ip)) {
        return { kind: 'next', request: req, notes: [`ipAllowList: ${ip} is allowed`] };
      }
      return {
        kind: 'respond',
        response: { status, headers: {}, body: STATUS_TEXT[status] ?? '' },
        notes: [
          ip === ''
            ? 'ipAllowList: no client IP found'
            : `ipAllowList: ${ip} is not in ${cfg.sourceRange.join(', ')}`,
        ],
      };
    };
  },
};
