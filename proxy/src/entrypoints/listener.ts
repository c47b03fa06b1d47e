import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2Server,
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
import type { TLSSocket } from 'node:tls';
import { firstRecordLength, readServerName } from '../tls/client-hello.ts';
import type { TlsProfile } from '../tls/options.ts';
import { createH2cServer, MAX_CONCURRENT_STREAMS, mayBePreface, readPreface, SessionTracker } from './h2c.ts';
import { declineH2cUpgrade } from './h2c-upgrade.ts';
import type { CertStore } from './tls.ts';

/** Bytes a client socket holds before the writer must wait: room for one upstream read (64 KiB) and the next. */
const CLIENT_SOCKET_BUFFER = 128 * 1024;

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
  /** The certificates and TLS options of the configuration served now; undefined before the first one. */
  certificates(): CertStore | undefined;
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

/** A TLS ClientHello larger than one full record is read no further: its SNI is looked for in what came. */
const MAX_HELLO = 16_384 + 5;
const HELLO_TIMEOUT_MS = 10_000;
/** A fatal handshake_failure alert record. */
const HANDSHAKE_FAILURE = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

/** ALPN protocol names in their wire form: each prefixed by its length. */
function alpnWire(protocols: string[]): Buffer {
  return Buffer.concat(
    protocols.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])),
  );
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
 * (h2, http/1.1); plain ones HTTP/1.1 with keep-alive, or HTTP/2 when they open with the client preface (h2c).
 */
export class EntryPointListener {
  readonly name: string;
  private readonly net: NetServer;
  private readonly plain: Server;
  private readonly handlers: ListenerHandlers;
  /** One TLS server per TLS option of a configuration: versions, ciphers and client auth are per server. */
  private readonly secureServers = new WeakMap<
    TlsProfile,
    { sni?: Http2SecureServer; plain?: Http2SecureServer }
  >();
  private readonly sockets = new Set<Socket>();
  /** Created on the first h2c connection: most entrypoints never see one. */
  private h2c: Http2Server | undefined;
  /** HTTP/2 sessions, h2c and TLS, told to go away on stop. */
  private readonly http2Sessions = new SessionTracker();

  constructor(name: string, handlers: ListenerHandlers) {
    this.name = name;
    this.handlers = handlers;
    // Traefik's entrypoint respondingTimeouts: readTimeout 60s (the whole request), idleTimeout 180s.
    this.plain = createHttpServer(
      { keepAliveTimeout: 180_000, requestTimeout: 60_000, headersTimeout: 60_000 },
      (req, res) => handlers.request(req, res, false),
    );
    this.plain.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!declineH2cUpgrade(req, socket, head, (s) => this.plain.emit('connection', s)))
        handlers.upgrade(req, socket, head, false);
    });
    this.plain.on('clientError', (_err, socket: Duplex) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    // The sockets are accepted here, not by the HTTP servers, so their noDelay default does not apply: without
    // TCP_NODELAY, Nagle's algorithm meets the client's delayed ACKs and small answers wait up to 40 ms.
    // A client socket buffers up to CLIENT_SOCKET_BUFFER before it pushes back: with Node's 16 KiB, every 64 KiB
    // read from an upstream paused and resumed that upstream socket once, and 64 KiB answers had a p99 of
    // 12–120 ms (median 44 over 13 runs) against 9–49 ms (median 19 over 9 runs) with 128 KiB.
    this.net = createNetServer({ noDelay: true, highWaterMark: CLIENT_SOCKET_BUFFER }, (socket) => {
      this.sockets.add(socket);
      handlers.connectionOpened();
      socket.once('close', () => {
        this.sockets.delete(socket);
        handlers.connectionClosed();
      });
      socket.on('error', () => undefined);
      socket.once('data', (chunk: Buffer) => {
        if (chunk[0] === 0x16) {
          this.readClientHello(socket, chunk);
          return;
        }
        if (mayBePreface(chunk)) {
          readPreface(socket, chunk, (kind, buffered) =>
            kind === 'h2c' ? this.startH2c(socket, buffered) : this.startPlain(socket, buffered),
          );
          return;
        }
        this.startPlain(socket, chunk);
      });
    });
  }

  private startPlain(socket: Socket, buffered: Buffer): void {
    socket.pause();
    socket.unshift(buffered);
    this.plain.emit('connection', socket);
    socket.resume();
  }

  /**
   * The session reads the socket's own handle; what was read already stays in the socket's buffer, which the
   * session takes on its next tick. A resume here would flow that buffer away as events nobody reads.
   */
  private startH2c(socket: Socket, buffered: Buffer): void {
    socket.pause();
    socket.unshift(buffered);
    this.h2c ??= createH2cServer(this.handlers.request, this.http2Sessions);
    this.h2c.emit('connection', socket);
  }

  /** Collects the first TLS record (the ClientHello, bounded), so its SNI can pick the TLS option. */
  private readClientHello(socket: Socket, first: Buffer): void {
    let buf = first;
    const complete = (): boolean => {
      const n = firstRecordLength(buf);
      return n !== 0 && buf.length >= Math.min(n, MAX_HELLO);
    };
    if (complete()) {
      this.startTls(socket, buf);
      return;
    }
    socket.setTimeout(HELLO_TIMEOUT_MS, () => socket.destroy());
    const onData = (c: Buffer): void => {
      buf = Buffer.concat([buf, c]);
      if (!complete()) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      socket.pause();
      this.startTls(socket, buf);
    };
    socket.on('data', onData);
  }

  /**
   * Hands a TLS connection to the server of its TLS option (Traefik picks the option from the SNI before the
   * handshake). A broken option, or `sniStrict` without SNI, fails the handshake with an alert.
   */
  private startTls(socket: Socket, hello: Buffer): void {
    const store = this.handlers.certificates();
    const sni = readServerName(hello);
    const profile = store?.profileFor(this.name, sni);
    if (
      store === undefined ||
      profile === undefined ||
      typeof profile === 'string' ||
      (profile.sniStrict && !sni)
    ) {
      socket.end(HANDSHAKE_FAILURE);
      return;
    }
    this.secureServer(store, profile, sni !== undefined).emit('connection', replayStream(socket, hello));
  }

  private secureServer(store: CertStore, profile: TlsProfile, hasSni: boolean): Http2SecureServer {
    let servers = this.secureServers.get(profile);
    if (servers === undefined) {
      servers = {};
      this.secureServers.set(profile, servers);
    }
    const existing = hasSni ? servers.sni : servers.plain;
    if (existing !== undefined) return existing;
    const handlers = this.handlers;
    const mode = profile.clientAuth;
    const server = createSecureServer(
      {
        allowHTTP1: true,
        settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS },
        ...store.serverOptions(profile, !hasSni),
        requestCert: mode !== 'NoClientCert',
        rejectUnauthorized: mode === 'RequireAndVerifyClientCert',
        SNICallback: (servername, cb) => {
          const ctx = store.select(profile, servername);
          if (ctx === undefined)
            cb(new Error(`strict SNI enabled - no certificate found for domain: "${servername}"`), undefined);
          else cb(null, ctx);
        },
      },
      (req, res) => handlers.request(req, res, true),
    );
    // http2 always offers h2 and http/1.1; an option's alpnProtocols narrows or reorders them.
    if (profile.alpn.join() !== 'h2,http/1.1') {
      (server as unknown as { ALPNProtocols: Buffer | undefined }).ALPNProtocols =
        profile.alpn.length === 0 ? undefined : alpnWire(profile.alpn);
    }
    // Go's RequireAnyClientCert and VerifyClientCertIfGiven have no OpenSSL verify mode: checked once the
    // handshake is done, before any request is read.
    if (mode === 'RequireAnyClientCert' || mode === 'VerifyClientCertIfGiven') {
      server.prependListener('secureConnection', (tls: TLSSocket) => {
        const presented = tls.getPeerCertificate()?.raw !== undefined;
        if (
          (mode === 'RequireAnyClientCert' && !presented) ||
          (mode === 'VerifyClientCertIfGiven' && presented && !tls.authorized)
        )
          tls.destroy();
      });
    }
    // The HTTP/1 side of a TLS server starts on `secureConnection`: a declined h2c upgrade is read anew there.
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!declineH2cUpgrade(req, socket, head, (s) => server.emit('secureConnection', s)))
        handlers.upgrade(req, socket, head, true);
    });
    server.on('tlsClientError', () => undefined);
    this.http2Sessions.track(server);
    if (hasSni) servers.sni = server;
    else servers.plain = server;
    return server;
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

  /**
   * Stops accepting connections and closes idle keep-alive ones; requests in flight go on. HTTP/2 connections
   * get GOAWAY: their open streams finish, then they close.
   */
  stopAccepting(): void {
    this.net.close();
    this.plain.closeIdleConnections();
    this.http2Sessions.closeAll();
  }

  /** Ends every connection still open, once HTTP/2 sessions that finished their streams wrote their last frames. */
  async destroyAll(): Promise<void> {
    await this.http2Sessions.settle();
    for (const s of this.sockets) s.destroy();
  }
}
