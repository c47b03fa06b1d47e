import type { HttpResponse } from '../request.ts';
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
    const strip = (rest: string) => (forceSlash ? `/${rest.replace(/^\//, '')}` : ensureLeadingSlash(rest));
    return (req) => {
      const parts = splitUrl(req.url);
      if (!parts) return { kind: 'next', request: req };
      const decoded = pathUnescape(parts.path) ?? parts.path;
      for (const prefix of cfg.prefixes) {
        if (!decoded.startsWith(prefix)) continue;
        const path = strip(decoded.slice(prefix.length));
        // Same as Traefik strip_prefix_test.go "dot in the path not stripped by the prefix": a strip
        // that leaves a dot segment (`/api./foo` less `/api`) would let the path climb; 400.
        if (hasDotSegment(path)) return { kind: 'respond', response: badRequest() };
        const raw = strip(parts.path.slice(encodedPrefixLen(parts.path, prefix)));
        const next = withPath(req, parts, pathUnescape(raw) === path ? raw : encodePath(path));
        return {
          kind: 'next',
          request: {
            ...next,
            headers: withAddedHeader(next.headers, FORWARDED_PREFIX_HEADER, prefix.trim()),
          },
        };
      }
      return { kind: 'next', request: req };
    };
  },
};

function badRequest(): HttpResponse {
  return { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Bad Request\n' };
}

function hasDotSegment(path: string): boolean {
  return path.split('/').some((seg) => seg === '.' || seg === '..');
}

/**
 * How many characters of `raw` spell the decoded `prefix` (Traefik's `encodedPrefixLen`): a `%XX` escape is one
 * decoded byte, so `/ap%69/` spells `/api/`. Counted in UTF-8 bytes, as Go's strings are.
 */
export function encodedPrefixLen(raw: string, prefix: string): number {
  const want = utf8Length(prefix);
  let decoded = 0;
  let i = 0;
  while (i < raw.length && decoded < want) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      i += 3;
      decoded += 1;
    } else {
      const cp = raw.codePointAt(i) as number;
      const width = cp > 0xffff ? 2 : 1;
      decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += width;
    }
  }
  return i;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Escapes a decoded path the way Go's `URL.EscapedPath` does for characters outside the path set. */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
}
