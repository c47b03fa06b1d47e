import { ensureLeadingSlash } from './add-prefix.ts';
import { withAddedHeader } from './http-headers.ts';
import type { MiddlewareDef } from './types.ts';
import { pathUnescape, splitUrl, withPath } from './url.ts';

/** The header through which stripPrefix and stripPrefixRegex tell the upstream what they removed. */
export const FORWARDED_PREFIX_HEADER = 'X-Forwarded-Prefix';

/**
 * stripPrefix: removes the first matching prefix and adds it as `X-Forwarded-Prefix` (Traefik
 * pkg/middlewares/stripprefix). Matching uses the decoded path, as Go's `req.URL.Path`.
 */
export const stripPrefix: MiddlewareDef<'stripPrefix'> = {
  type: 'stripPrefix',
  validate(cfg) {
    return Array.isArray(cfg.prefixes) ? [] : ['stripPrefix.prefixes: must be a list'];
  },
  compile(cfg) {
    // Traefik v3: forceSlash is deprecated and defaults to false.
    const forceSlash = cfg.forceSlash === true;
    const strip = (path: string, prefix: string) =>
      forceSlash
        ? `/${path.slice(prefix.length).replace(/^\//, '')}`
        : ensureLeadingSlash(path.slice(prefix.length));
    return (req) => {
      const parts = splitUrl(req.url);
      if (!parts) return { kind: 'next', request: req };
      const decoded = pathUnescape(parts.path) ?? parts.path;
      for (const prefix of cfg.prefixes) {
        if (!decoded.startsWith(prefix)) continue;
        const raw = parts.path.startsWith(prefix)
          ? strip(parts.path, prefix)
          : encodePath(strip(decoded, prefix));
        const next = withPath(req, parts, raw);
        const header = prefix.trim();
        return {
          kind: 'next',
          request: { ...next, headers: withAddedHeader(next.headers, FORWARDED_PREFIX_HEADER, header) },
        };
      }
      return { kind: 'next', request: req };
    };
  },
};

/** Escapes a decoded path the way Go's `URL.EscapedPath` does for characters outside the path set. */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
}
