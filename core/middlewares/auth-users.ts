import type { HttpRequest } from '../request.ts';
import { base64Decode, fromUtf8 } from './encoding.ts';
import { getHeader } from './http-headers.ts';

/**
 * Parses `user:secret` (basic) or `user:realm:secret` (digest) lines as Traefik's `basicUserParser` and
 * `digestUserParser` do: exactly 2 (or 3) colon-separated fields, else the middleware is refused. A later line
 * for the same user replaces the earlier one (Traefik fills a map), so duplicates are no problem.
 */
export function parseUsers(
  lines: readonly string[] | undefined,
  field: string,
  digest: boolean,
): { users: Map<string, string>; problems: string[] } {
  const users = new Map<string, string>();
  const problems: string[] = [];
  (lines ?? []).forEach((line, i) => {
    const parts = line.split(':');
    if (parts.length !== (digest ? 3 : 2)) {
      problems.push(
        `${field}[${i}]: error parsing ${digest ? 'DigestUser' : 'BasicUser'}: ${line} (want ${digest ? 'user:realm:hash' : 'user:hash'})`,
      );
      return;
    }
    const user = parts[0] as string;
    users.set(digest ? `${user}:${parts[1]}` : user, parts[digest ? 2 : 1] as string);
  });
  return { users, problems };
}

/** Go's `Request.BasicAuth`: the user and password of `Authorization: Basic ...`, or undefined. */
export function basicCredentials(req: HttpRequest): { user: string; password: string } | undefined {
  const header = getHeader(req.headers, 'Authorization');
  if (!header || header.length < 6 || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const bytes = base64Decode(header.slice(6));
  if (!bytes) return undefined;
  const text = fromUtf8(bytes);
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The 401 body of go-http-auth's `RequireAuth` (NormalHeaders.UnauthResponse), which Traefik uses. */
export const UNAUTHORIZED_BODY = '401 Unauthorized\n';

/** go-http-auth's NormalHeaders.UnauthContentType: plain `text/plain`, no charset, no nosniff. */
export const UNAUTHORIZED_CONTENT_TYPE = 'text/plain';
