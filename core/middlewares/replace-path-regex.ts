import { compileGoRegexp, type GoRegexp } from './go-regexp.ts';
import { replaceWith } from './replace-path.ts';
import type { MiddlewareDef } from './types.ts';
import { splitUrl } from './url.ts';

/**
 * replacePathRegex: when `regex` matches the escaped path, the path becomes the Go-style replacement
 * (`$1`, `${name}`); the original goes in `X-Replaced-Path` (Traefik pkg/middlewares/replacepathregex).
 * An empty replacement leaves the request untouched, as in Traefik.
 */
export const replacePathRegex: MiddlewareDef<'replacePathRegex'> = {
  type: 'replacePathRegex',
  validate(cfg) {
    const re = compileGoRegexp((cfg.regex ?? '').trim());
    return typeof re === 'string' ? [`replacePathRegex.regex: ${re}`] : [];
  },
  compile(cfg) {
    const re = compileGoRegexp(cfg.regex.trim()) as GoRegexp;
    const replacement = (cfg.replacement ?? '').trim();
    return (req) => {
      const parts = splitUrl(req.url);
      if (!parts || replacement === '' || !re.test(parts.path)) return { kind: 'next', request: req };
      return replaceWith(req, parts, re.replaceAll(parts.path, replacement));
    };
  },
};
