import { request as httpsRequest } from 'node:https';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { KeyPair } from '../entrypoints/tls.ts';

type Selfsigned = {
  generate(a: unknown, o: unknown): Promise<{ private: string; cert: string }>;
};

async function selfsigned(): Promise<Selfsigned> {
  return (await import('selfsigned')).default as unknown as Selfsigned;
}

/** A server certificate for `cn` (EC P-256), self-signed or signed by `ca`. */
export async function serverCert(cn: string): Promise<KeyPair> {
  const p = await (await selfsigned()).generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: cn }] }],
  });
  return { cert: p.cert, key: p.private };
}

/** A certificate authority that can sign client certificates. */
export async function certificateAuthority(cn: string): Promise<KeyPair> {
  const p = await (await selfsigned()).generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: p.cert, key: p.private };
}

/** A client certificate signed by `ca`, with an organization and an e-mail SAN. */
export async function clientCert(cn: string, ca: KeyPair): Promise<KeyPair> {
  const p = await (await selfsigned()).generate(
    [
      { name: 'commonName', value: cn },
      { name: 'organizationName', value: 'Routeyard Tests' },
    ],
    {
      keyType: 'ec',
      algorithm: 'sha256',
      ca: { cert: ca.cert, key: ca.key },
      extensions: [
        { name: 'extKeyUsage', clientAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 1, value: `${cn}@example.com` }] },
      ],
    },
  );
  return { cert: p.cert, key: p.private };
}

/** What a TLS request through the proxy saw. */
export interface TlsAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  version: string;
  cipher: string;
  alpn: string | false;
  cn: string;
}

export interface TlsClientOptions {
  port: number;
  servername?: string;
  path?: string;
  cert?: KeyPair;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  ciphers?: string;
  headers?: Record<string, string>;
}

/** One HTTPS/1.1 request on a fresh connection; rejects when the handshake or the request fails. */
export function tlsGet(o: TlsClientOptions): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: o.port,
        path: o.path ?? '/',
        ...(o.servername !== undefined ? { servername: o.servername } : {}),
        headers: { host: o.servername ?? 'localhost', ...o.headers },
        rejectUnauthorized: false,
        agent: false,
        ...(o.cert !== undefined ? { cert: o.cert.cert, key: o.cert.key } : {}),
        ...(o.minVersion !== undefined ? { minVersion: o.minVersion } : {}),
        ...(o.maxVersion !== undefined ? { maxVersion: o.maxVersion } : {}),
        ...(o.ciphers !== undefined ? { ciphers: o.ciphers } : {}),
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
            version: socket.getProtocol() ?? '',
            cipher: socket.getCipher().name,
            alpn: socket.alpnProtocol ?? false,
            cn: String(socket.getPeerCertificate().subject?.CN),
          }),
        );
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The ALPN protocol a client offering h2 and http/1.1 gets (false: none). */
export function negotiatedAlpn(port: number, servername: string): Promise<string | false> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, servername, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'] },
      () => {
        const alpn = socket.alpnProtocol ?? false;
        socket.destroy();
        resolve(alpn);
      },
    );
    socket.on('error', reject);
  });
}
