import { hostname } from 'node:os';
import { isManagedXHeader } from '../../../core/index.ts';

/** Same as traefik forwardedheaders: the X- headers it manages, removed from untrusted clients. */
const MANAGED = [
  'x-forwarded-proto',
  'x-forwarded-scheme',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-forwarded-uri',
  'x-forwarded-method',
  'x-forwarded-prefix',
  'x-forwarded-tls-client-cert',
  'x-forwarded-tls-client-cert-info',
  'x-scheme',
  'x-real-ip',
];
const MANAGED_SET = new Set([...MANAGED, ...MANAGED.map((h) => h.replaceAll('-', '_'))]);

let serverName: string | undefined;

/** Traefik's X-Forwarded-Server: the proxy's host name. */
function forwardedServer(): string {
  serverName ??= hostname() || 'localhost';
  return serverName;
}

function isWebSocket(h: Record<string, string | string[] | undefined>): boolean {
  const conn = h.connection;
  const up = h.upgrade;
  return (
    conn !== undefined &&
    up !== undefined &&
    /(^|,)\s*upgrade\s*(,|$)/i.test(String(conn)) &&
    String(up)
      .toLowerCase()
      .split(',')
      .some((t) => t.trim() === 'websocket')
  );
}

/**
 * The entrypoint's forwarded-headers step, as traefik pkg/middlewares/forwardedheaders: from an untrusted peer
 * the managed X- headers are dropped, then X-Real-Ip, X-Forwarded-Proto (ws/wss for WebSocket), -Port, -Host and
 * -Server are set unless present, and the headers named in Connection are removed (before routing and the
 * middlewares), except the managed X- headers, Host and those in `forwardedHeaders.connection` (`keep`, lowercase
 * names). X-Forwarded-For gets the client IP later, when the request is forwarded.
 */
export function rewriteForwarded(
  h: Record<string, string | string[] | undefined>,
  clientIP: string,
  secure: boolean,
  trusted: boolean,
  keep?: ReadonlySet<string>,
): void {
  if (!trusted) {
    for (const key in h) {
      if (key.charCodeAt(0) === 120 /* x */ && MANAGED_SET.has(key)) delete h[key];
    }
  }
  if (h['x-real-ip'] === undefined && clientIP !== '') h['x-real-ip'] = clientIP;
  if (h['x-forwarded-proto'] === undefined) {
    h['x-forwarded-proto'] = isWebSocket(h) ? (secure ? 'wss' : 'ws') : secure ? 'https' : 'http';
  }
  if (h['x-forwarded-port'] === undefined) h['x-forwarded-port'] = forwardedPort(h, secure);
  const host = h.host;
  if (h['x-forwarded-host'] === undefined && host !== undefined && host !== '') h['x-forwarded-host'] = host;
  const xff = h['x-forwarded-for'];
  if (Array.isArray(xff)) h['x-forwarded-for'] = xff.join(', ');
  h['x-forwarded-server'] = forwardedServer();
  if (h.connection !== undefined) removeConnectionHeaders(h, keep);
}

/**
 * Traefik's removeConnectionHeaders (the tracer's in core/trace/forwarded-headers.ts): every header a Connection
 * option names goes, except a managed X- header (core's `isManagedXHeader`), Host (Go keeps it out of the header
 * map) and the kept ones; Connection then lists only the kept names, plus Upgrade when it named `upgrade`. The
 * framing headers stay: Go keeps Transfer-Encoding out of the header map and frames the upstream body from the
 * parsed length whatever Content-Length says, and the forwarder reads both to decide whether a body follows.
 */
function removeConnectionHeaders(
  h: Record<string, string | string[] | undefined>,
  keep: ReadonlySet<string> | undefined,
): void {
  const conn = h.connection;
  const value = Array.isArray(conn) ? conn.join(',') : String(conn);
  const kept: string[] = [];
  let upgrade = false;
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '') continue;
    if (name === 'upgrade') upgrade = true;
    if (
      name === 'host' ||
      name === 'content-length' ||
      name === 'transfer-encoding' ||
      isManagedXHeader(name)
    )
      continue;
    if (keep?.has(name) === true) {
      if (name !== 'upgrade') kept.push(token.trim());
    } else if (name !== 'upgrade' && name !== 'connection') delete h[name];
  }
  if (upgrade && h.upgrade !== undefined) kept.push('Upgrade');
  if (kept.length > 0) h.connection = kept.join(',');
  else delete h.connection;
}

function forwardedPort(h: Record<string, string | string[] | undefined>, secure: boolean): string {
  const host = String(h.host ?? '');
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && colon > host.lastIndexOf(']')) {
    const port = host.slice(colon + 1);
    if (port !== '') return port;
  }
  const proto = h['x-forwarded-proto'];
  if (proto === 'https' || proto === 'wss' || secure) return '443';
  return '80';
}
