import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAddress } from '../entrypoints/listener.ts';

/** Writes a JSON answer with its length. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Listens on `host:port`; a bare `:port` binds loopback, as the admin listener must not face the network by default. */
export function listenAdmin(server: Server, address: string): Promise<AddressInfo> {
  const { host, port } = parseAddress(address, '127.0.0.1');
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Closes the listener and its idle keep-alive connections. */
export function closeAdmin(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
