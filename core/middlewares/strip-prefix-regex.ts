import { ensureLeadingSlash } from './add-prefix.ts';
import { compileGoRegexp, type GoRegexp } from './go-regexp.ts';
import { withAddedHeader } from './http-headers.ts';
import { encodedPrefixLen, encodePath, FORWARDED_PREFIX_HEADER } from './strip-prefix.ts';
import type { MiddlewareDef } from './types.ts';
import { pathUnescape, splitUrl, withPath } from './url.ts';

/**
 * stripPrefixRegex: the first expression whose match is a non-empty prefix of the path is removed and sent as
 * `X-Forwarded-Prefix` (Traefik pkg/middlewares/stripprefixregex).
 */
export const stripPrefixRegex: MiddlewareDef<'stripPrefixRegex'> = {
  type: 'stripPrefixRegex',
  validate(cfg) {
    if (!Array.isArray(cfg.regex)) return ['stripPrefixRegex.regex: must be a list'];
    const problems: string[] = [];
    cfg.regex.forEach((src, i) => {
      const re = compileGoRegexp(src.trim());
      if (typeof re === 'string') problems.push(`stripPrefixRegex.regex[${i}]: ${re}`);
    });
    return problems;
  },
  compile(cfg) {
    const regexps = cfg.regex.map((src) => compileGoRegexp(src.trim()) as GoRegexp);
    return (req) => {
      const parts = splitUrl(req.url);
      if (!parts) return { kind: 'next', request: req };
      const decoded = pathUnescape(parts.path) ?? parts.path;
      for (const re of regexps) {
        const match = re.findSubmatch(decoded);
        const prefix = match?.[0];
        if (!prefix || !decoded.startsWith(prefix)) continue;
        const stripped = ensureLeadingSlash(decoded.replace(prefix, ''));
        // Traefik's raw path follows the decoded one, `%XX` counting as one decoded byte.
        const raw = ensureLeadingSlash(parts.path.slice(encodedPrefixLen(parts.path, prefix)));
        const next = withPath(req, parts, pathUnescape(raw) === stripped ? raw : encodePath(stripped));
        return {
          kind: 'next',
          request: { ...next, headers: withAddedHeader(next.headers, FORWARDED_PREFIX_HEADER, prefix) },
        };
      }
      return { kind: 'next', request: req };
    };
  },
};
