import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An answer read in full. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the example backends answer (examples/backends/backends.ts). */
export interface Echo {
  backend: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Connects with TLS, SNI `host` and no certificate check (the demo certificate is self-signed). */
  tls?: boolean;
  timeoutMs?: number;
}

/**
 * Sends one request to 127.0.0.1:`port` with `Host: host`. Node does not resolve `*.localhost` names, so the
 * connection goes to loopback and the name travels in the Host header and in SNI, as curl sends them.
 */
export function send(port: number, host: string, path: string, opts: SendOptions = {}): Promise<Answer> {
  const request = opts.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: { host, ...opts.headers },
        servername: opts.tls ? host : undefined,
        rejectUnauthorized: false,
        agent: false,
        timeout: opts.timeoutMs ?? 5_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port}${path} in time`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Parses a backend's echo, or fails with what was answered instead. */
export function echoOf(answer: Answer): Echo {
  try {
    const echo = JSON.parse(answer.body) as Echo;
    if (typeof echo.backend === 'string') return echo;
  } catch {
    // Reported below.
  }
  throw new Error(`expected a backend's echo, got ${answer.status}: ${answer.body.slice(0, 300)}`);
}

/** A JSON client for the server's /api/v1, with the error body in the message when the status is unexpected. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path}: ${res.status}, not JSON: ${text.slice(0, 300)}`);
    }
    return { status: res.status, json: json as T };
  }

  /** GET that must answer 200. */
  async get<T>(path: string): Promise<T> {
    const { status, json } = await this.call<T>('GET', path);
    if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(json)}`);
    return json;
  }
}
