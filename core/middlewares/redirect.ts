import type { HttpRequest } from '../request.ts';
import type { GoRegexp } from './go-regexp.ts';
import type { MiddlewareResult } from './types.ts';

/** Same as Traefik's `uriRegexp`: an absolute-form request URI. */
export const ABSOLUTE_URI = /^(https?):\/\/(\[[\w:.]+\]|[\w._-]+)?(:\d+)?(.*)$/;

const STATUS_TEXT: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

/**
 * The status of a redirect as Traefik's `moveHandler`: 302 for GET and 307 otherwise, or 301 for GET and 308
 * otherwise when permanent.
 */
export function redirectStatus(method: string, permanent: boolean): number {
  const isGet = method === 'GET';
  if (permanent) return isGet ? 301 : 308;
  return isGet ? 302 : 307;
}

/** Rewrites `oldUrl`; redirects when it changed, else passes the request on (Traefik's shared `redirect`). */
export function applyRedirect(
  req: HttpRequest,
  re: GoRegexp,
  replacement: string,
  permanent: boolean,
  oldUrl: string,
): MiddlewareResult {
  if (!re.test(oldUrl)) return { kind: 'next', request: req };
  const newUrl = re.replaceAll(oldUrl, replacement);
  if (newUrl === oldUrl) return { kind: 'next', request: req };
  const status = redirectStatus(req.method, permanent);
  return {
    kind: 'respond',
    response: { status, headers: { Location: newUrl }, body: STATUS_TEXT[status] },
  };
}
