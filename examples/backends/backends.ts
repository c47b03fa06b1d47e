import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One example backend: its name (the Kubernetes Service it stands for) and its default port. */
export interface BackendSpec {
  name: string;
  port: number;
}

/**
 * The backends the example manifests route to, with the ports their EndpointSlices point at
 * (examples/shop/backends.yaml). Keep the two in step.
 */
export const DEFAULT_BACKENDS: readonly BackendSpec[] = Object.freeze([
  { name: 'web', port: 7001 },
  { name: 'api', port: 7002 },
  { name: 'api-canary', port: 7003 },
  { name: 'api-mirror', port: 7004 },
  { name: 'admin', port: 7005 },
]);

/** What a backend answers: its own name and the request as it arrived, after the proxy's middlewares. */
export interface EchoBody {
  backend: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string | undefined;
  /** Bytes of request body received; the body itself is not echoed, so large uploads stay cheap. */
  bodyBytes: number;
}

/** Request bodies are counted up to this size, then the connection is refused, so a runaway client is bounded. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Called once per request answered, e.g. to log it; gets what the backend echoes. */
export type RequestListener = (seen: EchoBody) => void;

function handle(name: string, req: IncomingMessage, res: ServerResponse, onRequest?: RequestListener): void {
  let bodyBytes = 0;
  req.on('data', (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes > MAX_BODY_BYTES) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ backend: name, error: 'request body too large' }));
      req.destroy();
    }
  });
  req.on('end', () => {
    if (res.writableEnded) return;
    const body: EchoBody = {
      backend: name,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress,
      bodyBytes,
    };
    onRequest?.(body);
    const text = `${JSON.stringify(body, null, 2)}\n`;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      // Lets a client tell which backend answered without parsing the body (and works for HEAD).
      'x-backend': name,
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  });
}

/** A running backend and the port it actually listens on (differs from the requested one when that was 0). */
export interface RunningBackend {
  name: string;
  port: number;
  server: Server;
}

/** Starts one echo backend on 127.0.0.1; port 0 picks a free port. */
export function startBackend(spec: BackendSpec, onRequest?: RequestListener): Promise<RunningBackend> {
  const host = '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => handle(spec.name, req, res, onRequest));
    server.once('error', (err) =>
      reject(new Error(`backend "${spec.name}" on ${host}:${spec.port}: ${err.message}`, { cause: err })),
    );
    server.listen(spec.port, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ name: spec.name, port, server });
    });
  });
}

/** Starts every backend; if one fails, the ones already started are closed before the error is thrown. */
export async function startBackends(
  specs: readonly BackendSpec[],
  onRequest?: RequestListener,
): Promise<RunningBackend[]> {
  const started: RunningBackend[] = [];
  try {
    for (const spec of specs) started.push(await startBackend(spec, onRequest));
  } catch (err) {
    await stopBackends(started);
    throw err;
  }
  return started;
}

/** Closes the backends, dropping idle keep-alive connections so the process can exit at once. */
export async function stopBackends(running: readonly RunningBackend[]): Promise<void> {
  await Promise.all(
    running.map(
      (b) =>
        new Promise<void>((resolve) => {
          b.server.close(() => resolve());
          b.server.closeAllConnections();
        }),
    ),
  );
}

/**
 * Reads port overrides from `name=port` words (command-line arguments, or the comma-separated
 * ROUTEYARD_BACKEND_PORTS variable). Unknown names and bad ports are usage errors, never ignored.
 */
export function parsePortOverrides(words: readonly string[], known: readonly BackendSpec[]): BackendSpec[] {
  const result = known.map((b) => ({ ...b }));
  for (const word of words) {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(word.trim());
    if (!match) throw new Error(`expected name=port, got "${word}"`);
    const [, name, portText] = match;
    const port = Number(portText);
    const target = result.find((b) => b.name === name);
    if (!target) throw new Error(`unknown backend "${name}" (known: ${known.map((b) => b.name).join(', ')})`);
    if (port > 65535) throw new Error(`port out of range for "${name}": ${port}`);
    target.port = port;
  }
  return result;
}
