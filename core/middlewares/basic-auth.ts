import { basicCredentials, parseUsers, UNAUTHORIZED_BODY, UNAUTHORIZED_CONTENT_TYPE } from './auth-users.ts';
import { checkSecret } from './htpasswd.ts';
import { withHeader, withoutHeader } from './http-headers.ts';
import type { MiddlewareDef } from './types.ts';

// bcrypt costs tens of milliseconds per check; remembering recent successes keeps the proxy fast. Bounded, and a
// changed configuration compiles a new handler with an empty cache.
const VERIFIED_CACHE_SIZE = 256;

/**
 * basicAuth: checks `Authorization: Basic` against htpasswd `users` (MD5/apr1, SHA1, bcrypt). A missing or wrong
 * credential gets 401 with `WWW-Authenticate: Basic realm="traefik"` (or `realm`); a good one passes, with the user
 * name in `headerField` when set and the Authorization header removed when `removeHeader` (Traefik
 * pkg/middlewares/auth/basic_auth.go).
 */
export const basicAuth: MiddlewareDef<'basicAuth'> = {
  type: 'basicAuth',
  validate(cfg) {
    // Traefik builds the middleware without users too; every request then gets 401.
    return parseUsers(cfg.users, 'basicAuth.users', false).problems;
  },
  compile(cfg) {
    const { users } = parseUsers(cfg.users, 'basicAuth.users', false);
    const realm = cfg.realm || 'traefik';
    const verified = new Set<string>();
    const unauthorized = (note: string) => ({
      kind: 'respond' as const,
      response: {
        status: 401,
        headers: {
          'Content-Type': UNAUTHORIZED_CONTENT_TYPE,
          'WWW-Authenticate': `Basic realm="${realm}"`,
        },
        body: UNAUTHORIZED_BODY,
      },
      notes: [note],
    });
    return (req) => {
      const creds = basicCredentials(req);
      if (!creds) return unauthorized('basicAuth: no Basic credentials');
      const secret = users.get(creds.user);
      if (secret === undefined) {
        // Core reads no files: a usersFile-only configuration must be inlined by the caller (the resolver does
        // it for Secrets).
        const why =
          users.size === 0 && cfg.usersFile
            ? `usersFile ${cfg.usersFile} is not loaded`
            : `unknown user "${creds.user}"`;
        return unauthorized(`basicAuth: ${why}`);
      }
      const key = `${creds.user}\u0000${creds.password}`;
      if (!verified.has(key)) {
        if (!checkSecret(creds.password, secret))
          return unauthorized(`basicAuth: wrong password for "${creds.user}"`);
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
        verified.add(key);
      }
      let headers = req.headers;
      if (cfg.headerField) headers = withHeader(headers, cfg.headerField, creds.user);
      if (cfg.removeHeader) headers = withoutHeader(headers, 'Authorization');
      return {
        kind: 'next',
        request: { ...req, headers },
        notes: [`basicAuth: authenticated as "${creds.user}"`],
      };
    };
  },
};
