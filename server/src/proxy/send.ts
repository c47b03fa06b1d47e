import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpRequest, RuntimeConfig } from '../core.ts';
import { Errors } from '../errors.ts';

/** The proxy's real answer, body cut at 64 KiB. */
export interface SentResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  truncated: boolean;
  entryPoint: string;
}

export const MAX_BODY = 64 * 1024;
const TIMEOUT_MS = 10_000;

/** The port an entrypoint address listens on (`:8000`, `0.0.0.0:8000`, `[::]:8443/tcp`). */
export function portOf(address: string): number | undefined {
  const m = /:(\d+)(?:\/\w+)?$/.exec(address);
  return m === null ? undefined : Number(m[1]);
}

/**
 * Picks the entrypoint a request goes to: the one it names, else one whose port is the URL's port, else `web`
 * for http and `websecure` for https (Routeyard's defaults), else the first.
 */
export function pickEntryPoint(config: RuntimeConfig, req: HttpRequest): string {
  const names = Object.keys(config.entryPoints);
  if (req.entryPoint !== undefined) {
    if (!names.includes(req.entryPoint)) throw Errors.badRequest(`unknown entrypoint "${req.entryPoint}"`);
    return req.entryPoint;
  }
  const url = new URL(req.url);
  const byPort = names.find(
    (n) => url.port !== '' && portOf(config.entryPoints[n]!.address) === Number(url.port),
  );
  if (byPort !== undefined) return byPort;
  const preferred = url.protocol === 'https:' ? 'websecure' : 'web';
  if (names.includes(preferred)) return preferred;
  const first = names[0];
  if (first === undefined) throw Errors.badRequest('the configuration has no entrypoint');
  return first;
}

/**
 * Sends a request to the bundled proxy on loopback: to the entrypoint's port, with the URL's Host header and
 * (for https) its SNI, accepting the proxy's self-signed default certificate.
 */
export async function sendToProxy(
  config: RuntimeConfig,
  req: HttpRequest,
  host = '127.0.0.1',
): Promise<SentResponse> {
  const entryPoint = pickEntryPoint(config, req);
  const port = portOf(config.entryPoints[entryPoint]!.address);
  if (port === undefined) throw Errors.badRequest(`entrypoint "${entryPoint}" has no port`);
  const url = new URL(req.url);
  const headers: Record<string, string | string[]> = { ...req.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'host')) headers.host = url.host;
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const servername = req.tls?.serverName ?? url.hostname;
  return new Promise<SentResponse>((resolve, reject) => {
    const out = send(
      {
        host,
        port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
        timeout: TIMEOUT_MS,
        ...(secure
          ? { rejectUnauthorized: false, servername: /^[\d.:[\]]+$/.test(servername) ? '' : servername }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_BODY) {
            truncated = true;
            res.destroy();
            return;
          }
          chunks.push(chunk.subarray(0, MAX_BODY - size));
          if (chunk.length > MAX_BODY - size) truncated = true;
          size += Math.min(chunk.length, MAX_BODY - size);
        });
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string | string[]>,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
            entryPoint,
          });
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    out.on('timeout', () => out.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    out.on('error', (err) =>
      reject(
        Errors.proxyUnavailable(
          `could not reach the proxy's entrypoint "${entryPoint}" on port ${port}: ${err.message}`,
        ),
      ),
    );
    out.end();
  });
}
