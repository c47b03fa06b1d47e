import type { HttpRequest } from '../request.ts';
import type { GoRegexp } from './go-regexp.ts';
import { statusText } from './status-text.ts';
import type { MiddlewareResult } from './types.ts';

/** Same as Traefik's `uriRegexp`: an absolute-form request URI. */
export const ABSOLUTE_URI = /^(https?):\/\/(\[[\w:.]+\]|[\w._-]+)?(:\d+)?(.*)$/;

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
  // Traefik parses the rewritten URL first; a parse error goes to oxy's default error handler: 502.
  const parseError = goUrlParseError(newUrl);
  if (parseError) {
    return {
      kind: 'respond',
      response: { status: 502, headers: {}, body: statusText(502) },
      notes: [`redirect: rewritten URL ${JSON.stringify(newUrl)} does not parse: ${parseError}`],
    };
  }
  if (newUrl === oldUrl) return { kind: 'next', request: req };
  const status = redirectStatus(req.method, permanent);
  return {
    kind: 'respond',
    response: { status, headers: { Location: newUrl }, body: statusText(status) },
  };
}

/**
 * Why Go's `url.Parse` refuses `url`, or undefined when it parses: a control character, a malformed `%`
 * escape, an escaped ASCII byte in the host other than `%25` (redirect_regex_test.go "invalid rewritten URL":
 * `http://192.168.0.%31/`), or a non-numeric port.
 */
export function goUrlParseError(url: string): string | undefined {
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return 'net/url: invalid control character in URL';
  }
  const bad = /%(?![0-9a-fA-F]{2})/.exec(url);
  if (bad) return `invalid URL escape ${JSON.stringify(url.slice(bad.index, bad.index + 3))}`;
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  if (!m) return undefined;
  const authority = (m[1] as string).replace(/^.*@/, '');
  const hostEscape = /%([0-7][0-9a-fA-F])/.exec(authority);
  if (hostEscape && hostEscape[1] !== '25') return `invalid URL escape ${JSON.stringify(hostEscape[0])}`;
  const port = authority.startsWith('[')
    ? authority.slice(authority.indexOf(']') + 1)
    : authority.replace(/^[^:]*/, '');
  if (port !== '' && !/^:\d*$/.test(port)) return `invalid port ${JSON.stringify(port)} after host`;
  return undefined;
}
