// The `routeyard proxy` command as a process: it serves a folder and exits 0 on SIGTERM after draining.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { config, send, startBackend } from './testing/backends.ts';

const bin = fileURLToPath(new URL('../../cli/bin/routeyard.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('routeyard proxy (needs npm run build:node)', () => {
  // A missing build fails here with what to do, rather than skipping: `npm test` always builds first.
  beforeAll(() => {
    if (!built) throw new Error('dist/ is missing: run `npm run build:node` before these tests');
  });

  it('serves --dir and exits 0 on SIGTERM', async () => {
    const backend = await startBackend('app');
    const dir = mkdtempSync(join(tmpdir(), 'routeyard-cli-'));
    const port = await freePort();
    writeFileSync(join(dir, 'traefik.yml'), `entryPoints:\n  web:\n    address: "127.0.0.1:${port}"\n`);
    const manifests = join(dir, 'm');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(manifests);
    writeFileSync(
      join(manifests, 'app.yaml'),
      `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: app, namespace: default }
spec:
  entryPoints: [web]
  routes:
    - match: PathPrefix(\`/\`)
      kind: Rule
      services: [{ name: app, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: app, namespace: default }
spec:
  ports: [{ port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: app-1, namespace: default, labels: { kubernetes.io/service-name: app } }
addressType: IPv4
ports: [{ port: ${backend.port} }]
endpoints: [{ addresses: [127.0.0.1], conditions: { ready: true } }]
`,
    );
    const child = spawn(
      process.execPath,
      [bin, 'proxy', '--dir', manifests, '--config', join(dir, 'traefik.yml'), '--admin', '127.0.0.1:0'],
      {
        stdio: 'ignore',
      },
    );
    try {
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await send(`http://127.0.0.1:${port}`, '/x').then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in --feed mode exits 0 when its server dies (stdin closes), even by SIGKILL, freeing the ports', async () => {
    const backend = await startBackend('app');
    const port = await freePort();
    const feedConfig = config(
      {
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: { 's@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
      },
      { entryPoints: { web: { address: `127.0.0.1:${port}` } } },
    );
    const feed = createHttpServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          `event: config\ndata: ${JSON.stringify({ version: feedConfig.version, config: feedConfig })}\n\n`,
        );
        return;
      }
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    const feedUrl = `http://127.0.0.1:${(feed.address() as { port: number }).port}/feed`;
    // A stand-in for `routeyard serve`: it runs the proxy with a piped stdin, prints its pid, and is then killed.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ${JSON.stringify([bin, 'proxy', '--feed', feedUrl, '--admin', '127.0.0.1:0'])},
        { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, ROUTEYARD_FEED_TOKEN: 't' } });
      process.stdout.write(child.pid + '\\n');
      setInterval(() => undefined, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'ignore'] });
    let proxyPid = 0;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      proxyPid = await new Promise<number>((resolve) =>
        parent.stdout.once('data', (d: Buffer) => resolve(Number.parseInt(String(d), 10))),
      );
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await send(`http://127.0.0.1:${port}`, '/x').then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      parent.kill('SIGKILL');
      for (let i = 0; i < 100 && alive(proxyPid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(proxyPid)).toBe(false);
      const refused = await send(`http://127.0.0.1:${port}`, '/x').then(
        () => false,
        () => true,
      );
      expect(refused).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      if (proxyPid > 0 && alive(proxyPid)) process.kill(proxyPid, 'SIGKILL');
      feed.closeAllConnections();
      feed.close();
      await backend.close();
    }
  });

  it('in --feed mode exits 0 once stdin ends', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'proxy', '--feed', 'http://127.0.0.1:1/feed', '--admin', '127.0.0.1:0'],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { ...process.env, ROUTEYARD_FEED_TOKEN: 't' },
      },
    );
    try {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Closed at once: a stream keeps its end until the command starts reading.
      child.stdin.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
