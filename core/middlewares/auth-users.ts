import type { HttpRequest } from '../request.ts';
import { base64Decode, fromUtf8 } from './encoding.ts';
import { getHeader } from './http-headers.ts';

/** Parses `user:secret` (basic) or `user:realm:secret` (digest) lines; problems name the bad entries. */
export function parseUsers(
  lines: readonly string[] | undefined,
  field: string,
  digest: boolean,
): { users: Map<string, string>; problems: string[] } {
  const users = new Map<string, string>();
  const problems: string[] = [];
  (lines ?? []).forEach((line, i) => {
    const parts = line.split(':');
    const ok = digest ? parts.length === 3 : parts.length >= 2;
    if (!ok || parts[0] === '') {
      problems.push(`${field}[${i}]: error parsing line "${line}": invalid format`);
      return;
    }
    const user = parts[0] as string;
    const key = digest ? `${user}:${parts[1]}` : user;
    if (users.has(key)) problems.push(`${field}[${i}]: duplicated user "${user}"`);
    users.set(key, digest ? (parts[2] as string) : parts.slice(1).join(':'));
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

/** The 401 body Go's `http.Error(w, "401 Unauthorized", 401)` writes. */
export const UNAUTHORIZED_BODY = '401 Unauthorized\n';
