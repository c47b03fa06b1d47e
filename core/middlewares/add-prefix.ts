import type { MiddlewareDef } from './types.ts';
import { splitUrl, withPath } from './url.ts';

/** addPrefix: prepends `prefix` to the path (Traefik pkg/middlewares/addprefix). */
export const addPrefix: MiddlewareDef<'addPrefix'> = {
  type: 'addPrefix',
  validate(cfg) {
    return cfg.prefix ? [] : ['addPrefix.prefix: prefix cannot be empty'];
  },
  compile(cfg) {
    return (req) => {
      const parts = splitUrl(req.url);
      if (!parts) return { kind: 'next', request: req };
      return { kind: 'next', request: withPath(req, parts, ensureLeadingSlash(cfg.prefix + parts.path)) };
    };
  },
};

/** Adds a leading `/` unless the path is empty or has one (Traefik's `ensureLeadingSlash`). */
export function ensureLeadingSlash(path: string): string {
  if (path === '' || path.startsWith('/')) return path;
  return `/${path}`;
}
