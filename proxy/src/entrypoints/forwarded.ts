import { hostname } from 'node:os';

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
 * -Server are set unless present. X-Forwarded-For gets the client IP later, when the request is forwarded.
 */
export function rewriteForwarded(
  h: Record<string, string | string[] | undefined>,
  clientIP: string,
  secure: boolean,
  trusted: boolean,
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
