import {
  createServer as createHttp2Server,
  type Http2SecureServer,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { Socket } from 'node:net';

/**
 * HTTP/2 with prior knowledge on a plain entrypoint (h2c), as Traefik v3 serves it: its plain HTTP server sets
 * Go's `http.Server.Protocols` with `SetUnencryptedHTTP2(true)` (pkg/server/server_entrypoint_tcp.go), which
 * recognises a connection by the client preface (RFC 9113 §3.3) and nothing else.
 */
export const H2C_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Traefik's `entryPoints.<name>.http2.maxConcurrentStreams` default. */
export const MAX_CONCURRENT_STREAMS = 250;

/** Traefik's entrypoint `respondingTimeouts.idleTimeout` default: an HTTP/2 connection without streams closes. */
const IDLE_TIMEOUT_MS = 180_000;

/** How long a connection that began like the preface may take to send the rest of it. */
const PREFACE_TIMEOUT_MS = 10_000;

/**
 * Whether the first bytes of a plain connection may be the preface. Only the preface and WebDAV's PROPFIND and
 * PROPPATCH start with "PR", so HTTP/1 pays one or two byte compares.
 */
export function mayBePreface(chunk: Buffer): boolean {
  return chunk[0] === 0x50 /* P */ && (chunk.length === 1 || chunk[1] === 0x52) /* R */;
}

/** `h2c` when `buf` holds the whole preface, `http1` once a byte differs, `partial` while it is a prefix. */
export function matchPreface(buf: Buffer): 'h2c' | 'http1' | 'partial' {
  const n = Math.min(buf.length, H2C_PREFACE.length);
  if (buf.compare(H2C_PREFACE, 0, n, 0, n) !== 0) return 'http1';
  return n === H2C_PREFACE.length ? 'h2c' : 'partial';
}

/**
 * Reads until the preface is complete or refuted (it may arrive in pieces), then hands the socket on with
 * everything read so far. A connection that stalls or ends inside the preface is closed.
 */
export function readPreface(
  socket: Socket,
  first: Buffer,
  decided: (kind: 'h2c' | 'http1', buffered: Buffer) => void,
): void {
  let buf = first;
  const kind = matchPreface(buf);
  if (kind !== 'partial') {
    decided(kind, buf);
    return;
  }
  const giveUp = (): void => {
    socket.destroy();
  };
  const onData = (c: Buffer): void => {
    buf = Buffer.concat([buf, c]);
    const k = matchPreface(buf);
    if (k === 'partial') return;
    socket.off('data', onData);
    socket.off('end', giveUp);
    // The HTTP/1 server sets its own socket timeouts later (keep-alive): this listener must not outlive the read.
    socket.off('timeout', giveUp);
    socket.setTimeout(0);
    decided(k, buf);
  };
  socket.setTimeout(PREFACE_TIMEOUT_MS);
  socket.once('timeout', giveUp);
  socket.on('data', onData);
  socket.once('end', giveUp);
}

/** How long a stop waits for HTTP/2 sessions that told their peer GOAWAY to write their last frames. */
const SETTLE_MS = 1_000;

/**
 * Keeps the HTTP/2 sessions of a server (h2c or TLS) so that a stop can send them GOAWAY, and closes sessions
 * left without streams for the idle timeout, as Go's HTTP/2 server does with the entrypoint's idleTimeout.
 */
export class SessionTracker {
  /** Each session with its open streams. */
  private readonly sessions = new Map<ServerHttp2Session, Set<ServerHttp2Stream>>();
  private closing = false;

  track(server: Http2Server | Http2SecureServer): void {
    server.on('session', (session: ServerHttp2Session) => {
      const streams = new Set<ServerHttp2Stream>();
      this.sessions.set(session, streams);
      session.once('close', () => this.sessions.delete(session));
      session.on('stream', (stream: ServerHttp2Stream) => {
        streams.add(stream);
        stream.once('close', () => streams.delete(stream));
      });
      session.setTimeout(IDLE_TIMEOUT_MS, () => {
        if (streams.size === 0) session.close();
      });
      // A connection accepted while the stop was under way gets its GOAWAY at once.
      if (this.closing) session.close();
    });
  }

  /**
   * Ends what is left after the drain. A session told GOAWAY whose answers have all ended closes its connection
   * itself once nghttp2 has written their last frames, which happens after the response ended: it gets up to
   * SETTLE_MS, since cutting its socket at once would drop the end of those answers. The rest are cut now.
   */
  async settle(): Promise<void> {
    const finishing: Promise<void>[] = [];
    for (const [session, streams] of this.sessions) {
      const answered = [...streams].every((s) => s.writableEnded || s.destroyed);
      if (session.closed && answered)
        finishing.push(new Promise<void>((r) => session.once('close', () => r())));
      else session.destroy();
    }
    if (finishing.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(finishing),
      new Promise<void>((r) => {
        timer = setTimeout(r, SETTLE_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * Sends GOAWAY on every session: streams already open finish, new ones are refused, and each session closes
   * its socket once its last stream ends.
   */
  closeAll(): void {
    this.closing = true;
    for (const s of this.sessions.keys()) if (!s.closed && !s.destroyed) s.close();
  }
}

/** The h2c server of one entrypoint: its requests take the same path as HTTP/1 ones, never marked secure. */
export function createH2cServer(
  request: (req: Http2ServerRequest, res: Http2ServerResponse, secure: false) => void,
  tracker: SessionTracker,
): Http2Server {
  const server = createHttp2Server(
    { settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS } },
    (req, res) => request(req, res, false),
  );
  tracker.track(server);
  return server;
}
