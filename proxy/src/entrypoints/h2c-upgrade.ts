import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/*
 * `Upgrade: h2c` (RFC 7540 §3.2) is not served, as in Traefik v3: its entrypoints serve cleartext HTTP/2 by prior
 * knowledge only, through Go's `http.Server.Protocols`, and since traefik#13797 the h2c token and the
 * HTTP2-Settings header are removed before the reverse proxy, so the backend never upgrades on a client's behalf
 * and the client gets the route's ordinary HTTP/1.1 answer. RFC 9113 §3.1 deprecates the mechanism.
 */

function tokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Whether the request asks for the h2c upgrade (among other protocols, maybe). */
export function isH2cUpgrade(req: IncomingMessage): boolean {
  return tokens(req.headers.upgrade).some((t) => t.toLowerCase() === 'h2c');
}

/** The Upgrade tokens other than h2c, as the client wrote them. */
function otherProtocols(value: string | string[] | undefined): string[] {
  return tokens(value).filter((t) => t.toLowerCase() !== 'h2c');
}

/**
 * Drops the h2c upgrade from an upgrade request that also asks for another protocol (`h2c, websocket`), which
 * then goes on as that upgrade. Returns false when h2c was the only protocol asked for.
 */
export function dropH2cToken(req: IncomingMessage): boolean {
  const rest = otherProtocols(req.headers.upgrade);
  if (rest.length === 0) return false;
  req.headers.upgrade = rest.join(', ');
  delete req.headers['http2-settings'];
  return true;
}

/**
 * The request head as the client sent it, minus the h2c upgrade: no Upgrade and HTTP2-Settings headers, and
 * Connection without the options naming them. Node's parser then reads it as an ordinary request.
 */
export function headWithoutH2cUpgrade(req: IncomingMessage): Buffer {
  let head = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (lower === 'upgrade' || lower === 'http2-settings') continue;
    let value = raw[i + 1] as string;
    if (lower === 'connection') {
      const kept = tokens(value).filter((t) => {
        const l = t.toLowerCase();
        return l !== 'upgrade' && l !== 'http2-settings';
      });
      if (kept.length === 0) continue;
      value = kept.join(', ');
    }
    head += `${name}: ${value}\r\n`;
  }
  return Buffer.from(`${head}\r\n`, 'latin1');
}

/**
 * Serves an `Upgrade: h2c` request as the HTTP/1.1 request it also is. Node has detached the socket for the
 * upgrade, so the head goes back in front of the bytes that followed it (`head`, the start of a body), without the
 * upgrade, and `reread` hands the socket to the HTTP/1 server again: the connection goes on with keep-alive.
 * Returns false, leaving the request alone, when it is another upgrade (or h2c beside another protocol).
 */
export function declineH2cUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  reread: (socket: Duplex) => void,
): boolean {
  if (!isH2cUpgrade(req) || dropH2cToken(req)) return false;
  socket.pause();
  socket.unshift(Buffer.concat([headWithoutH2cUpgrade(req), head]));
  reread(socket);
  socket.resume();
  return true;
}
