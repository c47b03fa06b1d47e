import { readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type RouteyardServer } from './server.ts';
import { SHOP, TLS_SECRET, tempFolder } from './testing/fixture.ts';

let folder: Awaited<ReturnType<typeof tempFolder>>;
let server: RouteyardServer;
const JSON_HEADERS = { 'content-type': 'application/json' };
const SR = '/api/v1/resources/IngressRoute/shop/storefront';

beforeEach(async () => {
  folder = await tempFolder({ 'shop.yaml': SHOP, 'notes/readme.yaml': 'title: not kubernetes\n' });
  server = await createServer({ dir: folder.dir, watch: false });
});

afterEach(async () => {
  await server.close();
  await folder.remove();
});

async function inject(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers = {}) {
  const res = await server.app.inject({
    method,
    url,
    headers: { ...(body === undefined ? {} : JSON_HEADERS), ...headers },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers };
}

async function current() {
  return (await inject('GET', SR)).body as {
    yaml: string;
    resourceVersion: string;
    origin: { file: string; line: number };
  };
}

describe('reading', () => {
  it('lists resources with identity, version and origin, filtered by kind, namespace and text', async () => {
    const all = await inject('GET', '/api/v1/resources');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      {
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'IngressRoute',
        metadata: { name: 'storefront', namespace: 'shop' },
        resourceVersion: expect.stringMatching(/^[0-9a-f]{16}$/),
        origin: { file: 'shop.yaml', line: 2 },
      },
      expect.objectContaining({ kind: 'Service', origin: { file: 'shop.yaml', line: 16 } }),
      expect.objectContaining({ kind: 'EndpointSlice', origin: { file: 'shop.yaml', line: 26 } }),
    ]);
    expect((await inject('GET', '/api/v1/resources?kind=service')).body.items).toHaveLength(1);
    expect(Object.keys((await inject('GET', '/api/v1/config')).body.config.http.routers)).toHaveLength(1);
    expect((await inject('GET', '/api/v1/resources?namespace=other')).body.items).toHaveLength(0);
    expect(
      (await inject('GET', '/api/v1/resources?q=targetPort')).body.items.map((i: { kind: string }) => i.kind),
    ).toEqual(['Service']);
  });

  it('gets one resource with its object, its text with comments, version and origin', async () => {
    const res = await inject('GET', SR);
    expect(res.status).toBe(200);
    expect(res.body.object.spec.routes[0].match).toBe('Host(`shop.example.com`)');
    expect(res.body.yaml).toContain('# the storefront');
    expect(res.body.origin).toEqual({ file: 'shop.yaml', line: 2 });
  });

  it('answers 404 for an unknown resource or route, with the error shape', async () => {
    const res = await inject('GET', '/api/v1/resources/IngressRoute/shop/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await inject('GET', '/api/v1/nothing')).status).toBe(404);
  });

  it('serves config, diagnostics, schemas and health', async () => {
    expect((await inject('GET', '/api/v1/healthz')).body).toEqual({ ok: true });
    const config = await inject('GET', '/api/v1/config');
    expect(config.body.version).toBe(config.body.config.version);
    const diags = await inject('GET', '/api/v1/diagnostics');
    expect(diags.body.items.map((d: { code: string }) => d.code)).toContain('YAML002');
    const schemas = await inject('GET', '/api/v1/schemas');
    expect(Object.keys(schemas.body.schemas)).toContain('traefik.io/v1alpha1/IngressRoute');
  });
});

describe('writing', () => {
  it('replaces one document, changing only its lines in the file', async () => {
    const { yaml, resourceVersion } = await current();
    const edited = yaml.replace('port: 80', 'port: 8080');
    const res = await inject('PUT', SR, { yaml: edited, resourceVersion });
    expect(res.status).toBe(200);
    expect(res.body.resourceVersion).not.toBe(resourceVersion);
    const text = await readFile(join(folder.dir, 'shop.yaml'), 'utf8');
    const before = SHOP.split('\n');
    const after = text.split('\n');
    expect(after.length).toBe(before.length);
    expect(before.flatMap((l, i) => (l === after[i] ? [] : [i + 1]))).toEqual([14]);
  });

  it('answers 409 with the current version and text for a stale version, writing nothing', async () => {
    const { yaml, resourceVersion } = await current();
    const res = await inject('PUT', SR, { yaml, resourceVersion: 'stale' });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'conflict',
      message: expect.any(String),
      details: { resourceVersion, yaml },
    });
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });

  it('lets exactly one of two concurrent writers win; the other gets 409; nothing is lost', async () => {
    const { yaml, resourceVersion } = await current();
    const results = await Promise.all(
      ['one', 'two'].map((w) =>
        inject('PUT', SR, { yaml: yaml.replace('# the storefront', `# ${w}`), resourceVersion }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const text = await readFile(join(folder.dir, 'shop.yaml'), 'utf8');
    expect(text.match(/# (one|two)\n/g)).toHaveLength(1);
    expect(text).toContain('targetPort: 8080');
  });

  it('creates a resource in a new file in the chosen folder (201)', async () => {
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\n';
    const res = await inject('POST', '/api/v1/resources', { yaml, file: 'apps' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'Service',
      metadata: { name: 'api' },
      origin: { file: 'apps/service-api.yaml' },
    });
    expect(await readFile(join(folder.dir, 'apps/service-api.yaml'), 'utf8')).toBe(yaml);
  });

  it('deletes one document and restores it from the backup', async () => {
    const svc = (await inject('GET', '/api/v1/resources/Service/shop/web')).body;
    const del = await inject(
      'DELETE',
      `/api/v1/resources/Service/shop/web?resourceVersion=${svc.resourceVersion}`,
    );
    expect(del).toMatchObject({ status: 200, body: { deleted: true } });
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).not.toContain('kind: Service');
    const restored = await inject('POST', '/api/v1/resources/Service/shop/web/restore', {});
    expect(restored.status).toBe(200);
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });

  it('answers a dry run with the diff, diagnostics and impact, writing nothing', async () => {
    const { yaml, resourceVersion } = await current();
    const res = await inject('PUT', `${SR}?dryRun=true`, {
      yaml: yaml.replace('port: 80', 'port: 81'),
      resourceVersion,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, file: 'shop.yaml' });
    expect(res.body.diff).toContain('-          port: 80\n+          port: 81');
    expect(Array.isArray(res.body.diagnostics)).toBe(true);
    // Port 81 does not exist on the Service: the storefront's request loses its upstream.
    expect(res.body.impact).toHaveLength(1);
    expect(res.body.impact[0].request.url).toBe('http://shop.example.com/');
    expect(res.body.impact[0].changes).toContain('service');
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });
});

describe('trace', () => {
  const request = { method: 'GET', url: 'http://shop.example.com/cart', headers: {} };

  it('traces a request through the saved configuration', async () => {
    const res = await inject('POST', '/api/v1/trace', { request });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toMatchObject({
      status: 200,
      upstreamUrl: expect.stringContaining('10.0.0.1:8080'),
    });
    expect(res.body.outcome.router).toMatch(/^shop-storefront-/);
  });

  it('traces against an unsaved draft without writing it', async () => {
    const { yaml } = await current();
    const drafts = [{ yaml: yaml.replace('shop.example.com', 'store.example.com') }];
    const res = await inject('POST', '/api/v1/trace', { request, drafts });
    expect(res.status).toBe(200);
    expect(res.body.outcome.status).toBe(404);
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });

  it('400 for a request without an absolute URL, 422 for an invalid draft', async () => {
    expect((await inject('POST', '/api/v1/trace', { request: { method: 'GET', url: '/cart' } })).status).toBe(
      400,
    );
    expect((await inject('POST', '/api/v1/trace', { request, drafts: [{ yaml: 'a: [' }] })).status).toBe(422);
  });
});

describe('dry-run impact', () => {
  it('lists the requests whose route changes', async () => {
    const { yaml, resourceVersion } = await current();
    const edited = yaml.replace('shop.example.com', 'store.example.com');
    const res = await inject('PUT', `${SR}?dryRun=true`, { yaml: edited, resourceVersion });
    expect(res.status).toBe(200);
    const urls = res.body.impact.map((e: { request: { url: string } }) => e.request.url).sort();
    expect(urls).toEqual(['http://shop.example.com/', 'http://store.example.com/']);
    const shop = res.body.impact.find((e: { request: { url: string } }) => e.request.url.includes('shop'));
    expect([shop.before.status, shop.after.status]).toEqual([200, 404]);
  });

  it('answers a dry-run delete with the diff removing the document', async () => {
    const svc = (await inject('GET', '/api/v1/resources/Service/shop/web')).body;
    const res = await inject(
      'DELETE',
      `/api/v1/resources/Service/shop/web?resourceVersion=${svc.resourceVersion}&dryRun=true`,
    );
    expect(res.status).toBe(200);
    expect(res.body.diff).toContain('-kind: Service');
    expect(res.body.diagnostics.map((d: { code: string }) => d.code)).toContain('REF002');
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });
});

describe('refusals', () => {
  it('400 for a malformed body or missing fields', async () => {
    expect((await inject('PUT', SR, '{not json')).status).toBe(400);
    expect((await inject('PUT', SR, { yaml: 'x' })).body.error.code).toBe('bad_request');
    expect((await inject('DELETE', '/api/v1/resources/Service/shop/web')).status).toBe(400);
  });

  it('400 for a file path outside the root: .., absolute, through a symlink', async () => {
    await symlink(tmpdir(), join(folder.dir, 'out'));
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata: {name: x1}\n';
    for (const file of ['../evil', '/etc', 'out/evil.yaml', 'a/../../evil']) {
      const res = await inject('POST', '/api/v1/resources', { yaml, file });
      expect([res.status, res.body.error.code]).toEqual([400, 'path_outside_root']);
    }
  });

  it('413 for a body over 1 MiB', async () => {
    const res = await inject('POST', '/api/v1/resources', { yaml: `# ${'x'.repeat(1024 * 1024)}` });
    expect([res.status, res.body.error.code]).toEqual([413, 'too_large']);
  });

  it('415 for a non-JSON content type on a state-changing request', async () => {
    const form = await inject('POST', '/api/v1/resources', 'yaml=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect([form.status, form.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const text = await inject('PUT', SR, '{}', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const none = await server.app.inject({ method: 'POST', url: '/api/v1/trace', payload: '{}' });
    expect(none.statusCode).toBe(415);
  });

  it('403 for a cross-origin state-changing request or a foreign Host', async () => {
    const res = await inject('POST', '/api/v1/resources', { yaml: '' }, { origin: 'http://evil.example' });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden_origin']);
    const same = await inject(
      'POST',
      '/api/v1/trace',
      { request: {} },
      { origin: 'http://localhost:80', host: 'localhost:80' },
    );
    expect(same.status).toBe(400);
    const rebound = await inject('GET', '/api/v1/resources', undefined, { host: 'evil.example' });
    expect([rebound.status, rebound.body.error.code]).toEqual([403, 'forbidden_host']);
  });

  it('422 for invalid YAML, with file, line, column and path', async () => {
    const { resourceVersion } = await current();
    const res = await inject('PUT', SR, { yaml: 'apiVersion: v1\nkind: [unclosed\n', resourceVersion });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({
      file: 'shop.yaml',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });

  it('422 for a schema violation, pointing at the field', async () => {
    const { yaml, resourceVersion } = await current();
    const res = await inject('PUT', SR, { yaml: yaml.replace('port: 80', 'port: [1, 2]'), resourceVersion });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(
      expect.objectContaining({
        file: 'shop.yaml',
        line: 14,
        path: expect.stringContaining('spec.routes[0].services[0].port'),
      }),
    );
  });

  it('422 for a rule error, at the rule in the submitted text', async () => {
    const { yaml, resourceVersion } = await current();
    const res = await inject('PUT', SR, {
      yaml: yaml.replace('Host(`shop.example.com`)', 'Host(`shop.example.com`'),
      resourceVersion,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(
      expect.objectContaining({ code: 'RULE001', file: 'shop.yaml', line: 10, path: 'spec.routes[0].match' }),
    );
    expect(await readFile(join(folder.dir, 'shop.yaml'), 'utf8')).toBe(SHOP);
  });

  it('422 for a document whose aliases expand without bound (billion laughs)', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    const res = await inject('POST', '/api/v1/resources', { yaml });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toMatch(/alias/i);
  });

  it('422 for two documents where one is expected', async () => {
    const { yaml, resourceVersion } = await current();
    const res = await inject('PUT', SR, { yaml: `${yaml}---\nfoo: bar\n`, resourceVersion });
    expect(res.status).toBe(422);
  });
});

describe('token', () => {
  it('401 without the token, 200 with it as Bearer, query or cookie', async () => {
    await server.close();
    server = await createServer({ dir: folder.dir, watch: false, token: 's3cret' });
    expect((await inject('GET', '/api/v1/healthz')).status).toBe(401);
    expect((await inject('GET', '/api/v1/healthz', undefined, { authorization: 'Bearer nope' })).status).toBe(
      401,
    );
    expect(
      (await inject('GET', '/api/v1/healthz', undefined, { authorization: 'Bearer s3cret' })).status,
    ).toBe(200);
    const q = await inject('GET', '/api/v1/healthz?token=s3cret', undefined, { host: '10.0.0.5:8080' });
    expect(q.status).toBe(200);
    expect(String(q.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
    expect(
      (await inject('GET', '/api/v1/healthz', undefined, { cookie: 'routeyard_token=s3cret' })).status,
    ).toBe(200);
  });
});

describe('secrets', () => {
  it('never show data, only metadata and the certificate summary, anywhere in the API', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'shop.example.com' }], {
      days: 365,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'shop.example.com' }] }],
    } as never);
    const crt = Buffer.from(pems.cert).toString('base64');
    await writeFile(join(folder.dir, 'tls.yaml'), TLS_SECRET(crt));
    await server.close();
    server = await createServer({ dir: folder.dir, watch: false });
    const got = await inject('GET', '/api/v1/resources/Secret/shop/shop-tls');
    expect(got.body.object.data).toBeUndefined();
    expect(got.body.object.tls).toMatchObject({ subject: 'shop.example.com', sans: ['shop.example.com'] });
    expect(got.body.object.tls.notAfter).toMatch(/^\d{4}-/);
    const bodies = [
      got,
      await inject('GET', '/api/v1/resources'),
      await inject('GET', '/api/v1/resources?q=U1VQRVIt'),
      await inject('GET', '/api/v1/config'),
      await inject('GET', '/api/v1/diagnostics'),
      await inject('PUT', '/api/v1/resources/Secret/shop/shop-tls', {
        yaml: got.body.yaml,
        resourceVersion: 'old',
      }),
      await inject('PUT', '/api/v1/resources/Secret/shop/shop-tls?dryRun=true', {
        yaml: TLS_SECRET(crt).replace('shop-tls\n', 'shop-tls\n  labels: {a: b}\n'),
        resourceVersion: got.body.resourceVersion,
      }),
    ];
    for (const b of bodies) {
      const text = JSON.stringify(b.body);
      expect(text).not.toContain('U1VQRVItU0VDUkVULUtFWS1NQVRFUklBTA');
      expect(text).not.toContain(crt.slice(0, 40));
    }
    expect(bodies[5]?.status).toBe(422);
    expect(bodies[6]?.body.diff).toContain('labels');
  });
});
