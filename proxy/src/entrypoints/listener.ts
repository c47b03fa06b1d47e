import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import {
  type AddressInfo,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { Duplex } from 'node:stream';
import type { SecureContext } from 'node:tls';

/** The peer of a TLS connection, kept on the replay stream because the TLS socket wraps it. */
export const PEER = Symbol('routeyard.peer');

export interface Peer {
  address: string;
  port: number;
}

/** What a listener calls: requests and upgrades, with whether they came over TLS. */
export interface ListenerHandlers {
  request(
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
    secure: boolean,
  ): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, secure: boolean): void;
  selectCertificate(serverName: string | undefined): SecureContext;
  connectionOpened(): void;
  connectionClosed(): void;
}

/** Splits `:8000`, `0.0.0.0:8000`, `[::1]:8443` into host and port; a bare `:PORT` binds `defaultHost`. */
export function parseAddress(address: string, defaultHost: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)(?:\/tcp)?$/.exec(address.trim());
  if (!m) throw new Error(`invalid entrypoint address "${address}": expected [host]:port`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? defaultHost : host, port: Number(m[3]) };
}

/** Feeds the first chunk back in front of a socket's data, so the TLS server sees the whole ClientHello. */
function replayStream(socket: Socket, first: Buffer): Duplex {
  const d = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, encoding, cb) {
      socket.write(chunk, encoding, cb);
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  (d as unknown as Record<symbol, Peer>)[PEER] = {
    address: socket.remoteAddress ?? '',
    port: socket.remotePort ?? 0,
  };
  d.push(first);
  socket.on('data', (c: Buffer) => {
    if (!d.push(c)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('error', (e) => d.destroy(e));
  socket.on('close', () => d.destroy());
  return d;
}

/**
 * One entrypoint's socket. Like Traefik, it serves TLS and plain HTTP on the same port: the first byte of a
 * connection (0x16, a TLS handshake record) decides. TLS connections get SNI-selected certificates and ALPN
 * (h2, http/1.1); plain ones HTTP/1.1 with keep-alive.
 */
export class EntryPointListener {
  readonly name: string;
  private readonly net: NetServer;
  private readonly plain: Server;
  private readonly secure: Http2SecureServer;
  private readonly sockets = new Set<Socket>();

  constructor(name: string, handlers: ListenerHandlers) {
    this.name = name;
    // Traefik's entrypoint respondingTimeouts: readTimeout 60s (the whole request), idleTimeout 180s.
    this.plain = createHttpServer(
      { keepAliveTimeout: 180_000, requestTimeout: 60_000, headersTimeout: 60_000 },
      (req, res) => handlers.request(req, res, false),
    );
    this.plain.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      handlers.upgrade(req, socket, head, false),
    );
    this.plain.on('clientError', (_err, socket: Duplex) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.secure = createSecureServer(
      {
        allowHTTP1: true,
        SNICallback: (servername, cb) => cb(null, handlers.selectCertificate(servername)),
      },
      (req, res) => handlers.request(req, res, true),
    );
    this.secure.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      handlers.upgrade(req, socket, head, true),
    );
    this.secure.on('tlsClientError', () => undefined);
    // The sockets are accepted here, not by the HTTP servers, so their noDelay default does not apply: without
    // TCP_NODELAY, Nagle's algorithm meets the client's delayed ACKs and small answers wait up to 40 ms.
    this.net = createNetServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      handlers.connectionOpened();
      socket.once('close', () => {
        this.sockets.delete(socket);
        handlers.connectionClosed();
      });
      socket.on('error', () => undefined);
      socket.once('data', (chunk: Buffer) => {
        if (chunk[0] === 0x16) {
          this.secure.emit('connection', replayStream(socket, chunk));
          return;
        }
        socket.pause();
        socket.unshift(chunk);
        this.plain.emit('connection', socket);
        socket.resume();
      });
    });
  }

  listen(address: string, defaultHost: string): Promise<AddressInfo> {
    const { host, port } = parseAddress(address, defaultHost);
    return new Promise((resolve, reject) => {
      const onError = (err: Error) =>
        reject(
          new Error(`entrypoint "${this.name}" cannot listen on ${address}: ${err.message}`, { cause: err }),
        );
      this.net.once('error', onError);
      this.net.listen({ host, port }, () => {
        this.net.off('error', onError);
        resolve(this.net.address() as AddressInfo);
      });
    });
  }

  address(): AddressInfo | undefined {
    return (this.net.address() as AddressInfo | null) ?? undefined;
  }

  /** Stops accepting connections and closes idle keep-alive ones; requests in flight go on. */
  stopAccepting(): void {
    this.net.close();
    this.plain.closeIdleConnections();
  }

  /** Ends every connection still open. */
  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
  }
}
