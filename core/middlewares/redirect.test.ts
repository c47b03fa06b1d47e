import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../request.ts';
import { compileMiddleware } from './registry.ts';
import { get, run } from './test-helpers.ts';

function outcome(result: ReturnType<typeof run>) {
  return result.kind === 'respond'
    ? { status: result.response.status, location: result.response.headers.Location }
    : { status: 0, location: undefined };
}

describe('redirectScheme', () => {
  it.each<{
    desc: string;
    cfg: { scheme: string; port?: string; permanent?: boolean };
    req: HttpRequest;
    status: number;
    location?: string;
  }>([
    {
      desc: 'http to https, temporary GET is 302',
      cfg: { scheme: 'https' },
      req: get('http://foo.com/path?q=1'),
      status: 302,
      location: 'https://foo.com/path?q=1',
    },
    {
      desc: 'permanent GET is 301',
      cfg: { scheme: 'https', permanent: true },
      req: get('http://foo.com/'),
      status: 301,
      location: 'https://foo.com/',
    },
    {
      desc: 'temporary POST is 307',
      cfg: { scheme: 'https' },
      req: { ...get('http://foo.com/'), method: 'POST' },
      status: 307,
      location: 'https://foo.com/',
    },
    {
      desc: 'permanent POST is 308',
      cfg: { scheme: 'https', permanent: true },
      req: { ...get('http://foo.com/'), method: 'POST' },
      status: 308,
      location: 'https://foo.com/',
    },
    { desc: 'already https passes', cfg: { scheme: 'https' }, req: get('https://foo.com/'), status: 0 },
    {
      desc: 'X-Forwarded-Proto https passes',
      cfg: { scheme: 'https' },
      req: get('http://foo.com/', { 'X-Forwarded-Proto': 'https' }),
      status: 0,
    },
    {
      desc: 'X-Forwarded-Proto wss counts as https',
      cfg: { scheme: 'https' },
      req: get('http://foo.com/', { 'X-Forwarded-Proto': 'wss' }),
      status: 0,
    },
    {
      desc: 'source port dropped',
      cfg: { scheme: 'https' },
      req: get('http://foo.com:8000/x'),
      status: 302,
      location: 'https://foo.com/x',
    },
    {
      desc: 'target port added',
      cfg: { scheme: 'https', port: '8443' },
      req: get('http://foo.com:8000/x'),
      status: 302,
      location: 'https://foo.com:8443/x',
    },
    {
      desc: 'default target port omitted',
      cfg: { scheme: 'https', port: '443' },
      req: get('http://foo.com/x'),
      status: 302,
      location: 'https://foo.com/x',
    },
    {
      desc: 'same scheme, other port redirects',
      cfg: { scheme: 'https', port: '8443' },
      req: get('https://foo.com/x'),
      status: 302,
      location: 'https://foo.com:8443/x',
    },
    {
      desc: 'https to http',
      cfg: { scheme: 'http' },
      req: get('https://foo.com/x'),
      status: 302,
      location: 'http://foo.com/x',
    },
    {
      desc: 'IPv6 host kept in brackets',
      cfg: { scheme: 'https' },
      req: get('http://[::1]:80/x'),
      status: 302,
      location: 'https://[::1]/x',
    },
  ])('$desc', ({ cfg, req, status, location }) => {
    expect(outcome(run('redirectScheme', cfg, req))).toEqual({ status, location });
  });

  it('requires a scheme', () => {
    expect(compileMiddleware('redirectScheme', { scheme: '' })).toMatchObject({ ok: false });
  });
});

describe('redirectRegex', () => {
  it.each<{
    desc: string;
    cfg: { regex: string; replacement: string; permanent?: boolean };
    req: HttpRequest;
    status: number;
    location?: string;
  }>([
    {
      desc: 'documented example',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one.
      cfg: { regex: '^http://localhost/(.*)', replacement: 'http://mydomain/${1}' },
      req: get('http://localhost/foo'),
      status: 302,
      location: 'http://mydomain/foo',
    },
    {
      desc: 'no match passes',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one.
      cfg: { regex: '^http://localhost/(.*)', replacement: 'http://mydomain/${1}' },
      req: get('http://example.com/foo'),
      status: 0,
    },
    {
      desc: 'port is part of the matched URL',
      cfg: { regex: '^http://a.com:8000/(.*)', replacement: 'http://b.com/$1' },
      req: get('http://a.com:8000/x'),
      status: 302,
      location: 'http://b.com/x',
    },
    {
      desc: 'https from TLS',
      cfg: { regex: '^https://(.*)', replacement: 'https://www.$1', permanent: true },
      req: get('https://a.com/'),
      status: 301,
      location: 'https://www.a.com/',
    },
    {
      desc: 'identical replacement passes',
      cfg: { regex: '^(.*)$', replacement: '$1' },
      req: get('http://a.com/'),
      status: 0,
    },
    {
      desc: 'Host header wins over the URL host',
      cfg: { regex: '^http://old.com/(.*)', replacement: 'http://new.com/$1' },
      req: get('http://10.0.0.1/p', { Host: 'old.com' }),
      status: 302,
      location: 'http://new.com/p',
    },
  ])('$desc', ({ cfg, req, status, location }) => {
    expect(outcome(run('redirectRegex', cfg, req))).toEqual({ status, location });
  });
});
