import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_BACKENDS } from '../examples/backends/backends.ts';

/** The ports one stack listens on; every one picked free for this run. */
export interface StackPorts {
  api: number;
  web: number;
  websecure: number;
  /** The proxy's admin listener (ping, metrics), passed to serve so it cannot collide with another run. */
  proxyAdmin: number;
  backends: Record<string, number>;
}

/** Repository root (e2e/ sits one level below it). */
export const ROOT = join(import.meta.dirname, '..');

/**
 * Copies examples/ (manifests and traefik.yml, not the backends' sources) to a fresh temporary folder and rewrites
 * the copy so it matches this run's free ports: the entrypoints in traefik.yml, the EndpointSlice ports, and the
 * HTTPS redirect's port. Only those values change, so every other line and column stays as in examples/.
 */
export function prepareWorkspace(ports: StackPorts): string {
  const dir = mkdtempSync(join(tmpdir(), 'routeyard-e2e-'));
  cpSync(join(ROOT, 'examples'), dir, {
    recursive: true,
    filter: (src) => !src.includes(`${join(ROOT, 'examples', 'backends')}`) && !src.endsWith('.test.ts'),
  });

  const traefik = parseDocument(readFileSync(join(dir, 'traefik.yml'), 'utf8'));
  traefik.setIn(['entryPoints', 'web', 'address'], `127.0.0.1:${ports.web}`);
  traefik.setIn(['entryPoints', 'websecure', 'address'], `127.0.0.1:${ports.websecure}`);
  writeFileSync(join(dir, 'traefik.yml'), traefik.toString());

  rewrite(join(dir, 'shop', 'backends.yaml'), (text) => {
    let out = text;
    for (const backend of DEFAULT_BACKENDS) {
      const port = ports.backends[backend.name];
      if (port === undefined) throw new Error(`no port picked for backend "${backend.name}"`);
      out = replaceOnce(out, new RegExp(`^(\\s+port: )${backend.port}$`, 'm'), `$1${port}`, backend.name);
    }
    return out;
  });
  rewrite(join(dir, 'shop', 'middlewares.yaml'), (text) =>
    replaceOnce(text, /^(\s+port: )"8443"$/m, `$1"${ports.websecure}"`, 'redirect-https'),
  );
  return dir;
}

function rewrite(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`examples changed: cannot find the port of ${what} (${pattern})`);
  return text.replace(pattern, replacement);
}
