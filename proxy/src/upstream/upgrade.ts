import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Exchange } from '../exchange.ts';

/**
 * Completes a protocol upgrade (WebSocket): writes the upstream's 101 answer to the client socket, then splices
 * the two sockets together until either side closes.
 */
export function pipeUpgrade(
  ex: Exchange,
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  upstream: Duplex,
): void {
  const client = ex.req.socket as Duplex;
  let head = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) head += `${name}: ${v}\r\n`;
  }
  if (ex.trace !== undefined) head += `x-routeyard-trace-id: ${ex.trace.id}\r\n`;
  client.write(`${head}\r\n`);
  ex.status = statusCode;
  if (ex.upgradeHead !== undefined && ex.upgradeHead.length > 0) upstream.write(ex.upgradeHead);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  upstream.on('error', close);
  client.on('error', close);
  upstream.on('close', close);
  client.on('close', close);
  upstream.pipe(client);
  client.pipe(upstream);
  // The exchange counts as answered once the switch happened; the tunnel's lifetime is the sockets'.
  ex.complete(ex);
}
