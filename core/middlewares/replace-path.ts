import type { HttpRequest } from '../request.ts';
import { withAddedHeader } from './http-headers.ts';
import type { MiddlewareDef, MiddlewareResult } from './types.ts';
import { badEscape, splitUrl, type UrlParts, withPath } from './url.ts';

/** The header through which replacePath and replacePathRegex tell the upstream the original path. */
export const REPLACED_PATH_HEADER = 'X-Replaced-Path';

/**
 * replacePath: the whole path becomes `path`; the original (escaped) path goes in `X-Replaced-Path`
 * (Traefik pkg/middlewares/replacepath). A replacement that does not unescape answers 500, as Traefik does.
 */
export const replacePath: MiddlewareDef<'replacePath'> = {
  type: 'replacePath',
  validate(cfg) {
    return typeof cfg.path === 'string' ? [] : ['replacePath.path: must be a string'];
  },
  compile(cfg) {
    return (req) => {
      const parts = splitUrl(req.url);
      if (!parts) return { kind: 'next', request: req };
      return replaceWith(req, parts, cfg.path);
    };
  },
};

/** Sets the raw path and records the old one, shared with replacePathRegex. */
export function replaceWith(req: HttpRequest, parts: UrlParts, newRawPath: string): MiddlewareResult {
  const bad = badEscape(newRawPath);
  if (bad !== undefined) {
    // Go's http.Error(rw, url.EscapeError.Error(), 500).
    return {
      kind: 'respond',
      response: {
        status: 500,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
        body: `invalid URL escape ${JSON.stringify(bad)}\n`,
      },
    };
  }
  const next = withPath(req, parts, newRawPath);
  return {
    kind: 'next',
    request: { ...next, headers: withAddedHeader(next.headers, REPLACED_PATH_HEADER, parts.path) },
  };
}
