import { compileIpChecker, compileIpStrategy, ipStrategyProblems } from './ip.ts';
import { statusText } from './status-text.ts';
import type { MiddlewareDef } from './types.ts';

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
    problems.push(...ipStrategyProblems(cfg.ipStrategy, 'ipAllowList.ipStrategy'));
    const code = cfg.rejectStatusCode;
    // Same as Traefik's ipallowlist.New: 0 means 403; any code Go has no status text for is refused.
    if (code !== undefined && code !== 0 && statusText(code) === '')
      problems.push(`ipAllowList.rejectStatusCode: invalid HTTP status code ${code}`);
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
        response: { status, headers: {}, body: statusText(status) },
        notes: [
          ip === ''
            ? 'ipAllowList: no client IP found'
            : `ipAllowList: ${ip} is not in ${cfg.sourceRange.join(', ')}`,
        ],
      };
    };
  },
};
