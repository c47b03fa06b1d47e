import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isInside } from './stores/safe-path.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileIn(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return undefined;
  const abs = join(root, decoded);
  try {
    const real = await realpath(abs);
    if (!isInside(root, real) || !(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built dashboard: its files as they are, and `index.html` for any other path without an extension
 * (the client's own routes). Hashed assets are cached for good; index.html is revalidated.
 */
export async function serveDashboard(
  dir: string | undefined,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (dir === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  let root: string;
  try {
    root = await realpath(dir);
  } catch {
    return false;
  }
  const path = (req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
  let file = path === '/' ? undefined : await fileIn(root, path);
  if (file === undefined) {
    if (path !== '/' && extname(path) !== '') return false;
    file = await fileIn(root, '/index.html');
    if (file === undefined) return false;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  reply.header('content-type', type);
  reply.header(
    'cache-control',
    file.includes(`${root}/assets/`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  await reply.send(req.method === 'HEAD' ? '' : createReadStream(file));
  return true;
}
