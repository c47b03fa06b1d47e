import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from './errors.ts';

export interface SecurityOptions {
  /** When set, every request must carry it (Bearer header, `?token=` or the cookie set from it). */
  token?: string;
  /** Paths that authenticate on their own (the proxy's feed and report use the per-start feed token). */
  ownAuth?: (url: string) => boolean;
}

export const TOKEN_COOKIE = 'routeyard_token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Compares secrets in constant time, so a token cannot be guessed byte by byte from response times. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function queryToken(req: FastifyRequest): string | undefined {
  const q = req.query as Record<string, unknown> | undefined;
  return typeof q?.token === 'string' ? q.token : undefined;
}

/** The host name of a Host header or origin authority, without port. */
function hostName(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1);
  return authority.split(':')[0] ?? '';
}

/** True when an `Origin` names the same scheme-less authority the request was sent to. */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.host === new URL(`http://${host}`).host
    );
  } catch {
    return false;
  }
}

function mediaType(req: FastifyRequest): string | undefined {
  const raw = req.headers['content-type'];
  return raw === undefined ? undefined : (raw.split(';')[0] ?? '').trim().toLowerCase();
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The server's request guard, run before routing:
 * - a token, when configured, on every request; without one, only loopback Host names (a DNS-rebinding page
 *   would otherwise read the API as "same origin");
 * - on state-changing requests, a same-origin `Origin` when present, and a JSON body type (a cross-site form can
 *   post text/plain or form data without a preflight, never application/json). A DELETE without a body needs no
 *   type: browsers never send a cross-site DELETE without a preflight, and this server answers none.
 */
export function registerSecurity(app: FastifyInstance, opts: SecurityOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    const own = opts.ownAuth?.(req.url) ?? false;
    if (opts.token !== undefined && !own) {
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      const fromQuery = queryToken(req);
      const ok =
        sameSecret(bearer, opts.token) ||
        sameSecret(fromQuery, opts.token) ||
        sameSecret(cookie(req, TOKEN_COOKIE), opts.token);
      if (!ok) throw Errors.unauthorized();
      // A browser opened with ?token= keeps it in a strict same-site cookie for the page's own API calls.
      if (fromQuery !== undefined && cookie(req, TOKEN_COOKIE) !== opts.token) {
        reply.header(
          'set-cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(opts.token)}; Path=/; HttpOnly; SameSite=Strict`,
        );
      }
    } else if (opts.token === undefined && !own) {
      const name = hostName(req.headers.host ?? '').toLowerCase();
      if (!LOOPBACK_HOSTS.has(name) && !name.endsWith('.localhost'))
        throw Errors.forbiddenHost(req.headers.host ?? '');
    }
    if (!STATE_CHANGING.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, req.headers.host)) throw Errors.forbiddenOrigin(origin);
    if (req.headers['sec-fetch-site'] === 'cross-site') throw Errors.forbiddenOrigin(origin ?? 'cross-site');
    const type = mediaType(req);
    if (req.method === 'DELETE' && type === undefined && !hasBody(req)) return;
    if (type !== 'application/json') throw Errors.unsupportedMediaType(type ?? '(none)');
  });
}
