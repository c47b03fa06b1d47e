import { md5 } from '@noble/hashes/legacy.js';
import { describe, expect, it } from 'vitest';
import { base64Encode, hex, utf8 } from './encoding.ts';
import { getHeader } from './http-headers.ts';
import { compileMiddleware } from './registry.ts';
import { get, nextRequest, run } from './test-helpers.ts';

const basic = (user: string, pw: string) => `Basic ${base64Encode(utf8(`${user}:${pw}`))}`;
// The users of Traefik's basicAuth documentation.
const users = ['test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/', 'test2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0'];

describe('basicAuth', () => {
  it.each([
    { desc: 'no credentials', auth: undefined, status: 401 },
    { desc: 'wrong password', auth: basic('test', 'nope'), status: 401 },
    { desc: 'unknown user', auth: basic('bob', 'test'), status: 401 },
    { desc: 'not base64', auth: 'Basic !!!', status: 401 },
    { desc: 'bearer token is not basic', auth: 'Bearer abc', status: 401 },
    { desc: 'good apr1 credentials', auth: basic('test', 'test'), status: 0 },
    {
      desc: 'scheme is case-insensitive',
      auth: basic('test2', 'test2').replace('Basic', 'basic'),
      status: 0,
    },
  ])('$desc', ({ auth, status }) => {
    const result = run('basicAuth', { users }, get('http://a.com/', auth ? { Authorization: auth } : {}));
    if (status === 0) expect(result.kind).toBe('next');
    else {
      expect(result).toMatchObject({
        kind: 'respond',
        response: {
          status: 401,
          headers: { 'WWW-Authenticate': 'Basic realm="traefik"' },
          body: '401 Unauthorized\n',
        },
      });
    }
  });

  it('uses the configured realm', () => {
    const result = run('basicAuth', { users, realm: 'shop' }, get('http://a.com/'));
    expect(result.kind === 'respond' && result.response.headers['WWW-Authenticate']).toBe(
      'Basic realm="shop"',
    );
  });

  it.each([
    { desc: 'header kept by default', cfg: {}, authorization: true, user: undefined },
    {
      desc: 'removeHeader drops Authorization',
      cfg: { removeHeader: true },
      authorization: false,
      user: undefined,
    },
    {
      desc: 'headerField carries the user',
      cfg: { headerField: 'X-WebAuth-User' },
      authorization: true,
      user: 'test',
    },
  ])('$desc', ({ cfg, authorization, user }) => {
    const out = nextRequest(
      run('basicAuth', { users, ...cfg }, get('http://a.com/', { Authorization: basic('test', 'test') })),
    );
    expect(getHeader(out.headers, 'Authorization') !== undefined).toBe(authorization);
    expect(getHeader(out.headers, 'X-WebAuth-User')).toBe(user);
  });

  it('rejects a malformed users entry', () => {
    expect(compileMiddleware('basicAuth', { users: ['nocolon'] })).toMatchObject({ ok: false });
  });
});

describe('digestAuth', () => {
  // htdigest entry for test:traefik:test, as in Traefik's digestAuth documentation.
  const ha1 = hex(md5(utf8('test:traefik:test')));
  const digestUsers = [`test:traefik:${ha1}`];

  it('challenges a request without credentials', () => {
    const result = run('digestAuth', { users: digestUsers }, get('http://a.com/'));
    expect(result.kind).toBe('respond');
    if (result.kind !== 'respond') return;
    expect(result.response.status).toBe(401);
    expect(result.response.headers['WWW-Authenticate']).toMatch(
      /^Digest realm="traefik", nonce="[0-9a-f]{32}", opaque="[0-9a-f]{16}", algorithm=MD5, qop="auth"$/,
    );
  });

  it.each([
    { desc: 'correct response passes', password: 'test', ok: true },
    { desc: 'wrong password is challenged', password: 'nope', ok: false },
  ])('$desc', ({ password, ok }) => {
    const h1 = hex(md5(utf8(`test:traefik:${password}`)));
    const h2 = hex(md5(utf8('GET:/x')));
    const response = hex(md5(utf8(`${h1}:abc:00000001:xyz:auth:${h2}`)));
    const auth = `Digest username="test", realm="traefik", nonce="abc", uri="/x", qop=auth, nc=00000001, cnonce="xyz", response="${response}"`;
    expect(
      run('digestAuth', { users: digestUsers }, get('http://a.com/x', { Authorization: auth })).kind,
    ).toBe(ok ? 'next' : 'respond');
  });
});
