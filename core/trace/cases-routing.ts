// Routing rows of the trace conformance table: which router wins, and when none does.
import { get, routers } from './case-helpers.ts';
import type { TraceCase } from './cases.ts';

const S1 = 'http://10.0.0.1:8080';
const S2 = 'http://10.0.0.2:8080';

export const ROUTING_CASES: TraceCase[] = [
  {
    desc: 'the longer rule wins by default priority',
    config: routers({
      'short@file': { rule: 'Host(`a.com`)' },
      'long@file': { rule: 'Host(`a.com`) && PathPrefix(`/api`)', service: 's2@file' },
    }),
    request: get('http://a.com/api/x'),
    expect: { status: 200, router: 'long@file', upstreamUrl: `${S2}/api/x` },
  },
  {
    desc: 'an explicit priority beats a longer rule',
    config: routers({
      'short@file': { rule: 'Host(`a.com`)', priority: 100 },
      'long@file': { rule: 'Host(`a.com`) && PathPrefix(`/api`)', service: 's2@file' },
    }),
    request: get('http://a.com/api/x'),
    expect: { status: 200, router: 'short@file', upstreamUrl: `${S1}/api/x` },
  },
  {
    desc: 'equal priorities: Traefik leaves the order unspecified, Routeyard takes router names in order',
    config: routers({
      'b@file': { rule: 'Host(`a.com`)', service: 's2@file' },
      'a@file': { rule: 'Host(`a.com`)' },
    }),
    request: get('http://a.com/'),
    expect: { status: 200, router: 'a@file', upstreamUrl: `${S1}/` },
  },
  {
    desc: 'HostRegexp matches a subdomain pattern',
    config: routers({ 'r@file': { rule: 'HostRegexp(`^[a-z]+\\.example\\.com$`)' } }),
    request: get('http://api.example.com/'),
    expect: { status: 200, router: 'r@file' },
  },
  {
    desc: 'HostRegexp does not match another domain',
    config: routers({ 'r@file': { rule: 'HostRegexp(`^[a-z]+\\.example\\.com$`)' } }),
    request: get('http://api.example.org/'),
    expect: { status: 404 },
  },
  {
    desc: 'PathRegexp is unanchored in v3',
    config: routers({ 'r@file': { rule: 'PathRegexp(`\\.jpg`)' } }),
    request: get('http://a.com/img/cat.jpg'),
    expect: { status: 200, router: 'r@file', upstreamUrl: `${S1}/img/cat.jpg` },
  },
  {
    desc: "Path is exact: /a/ does not match Path(/a); the 404 is Go's text answer",
    config: routers({ 'r@file': { rule: 'Path(`/a`)' } }),
    request: get('http://a.com/a/'),
    expect: {
      status: 404,
      responseHeaders: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    },
  },
  {
    desc: 'PathPrefix(/a) matches /abc (not segment-aware)',
    config: routers({ 'r@file': { rule: 'PathPrefix(`/a`)' } }),
    request: get('http://a.com/abc'),
    expect: { status: 200, router: 'r@file', upstreamUrl: `${S1}/abc` },
  },
  {
    desc: 'Query matches a key and value',
    config: routers({
      'q@file': { rule: 'Host(`a.com`) && Query(`mode`, `beta`)', service: 's2@file' },
      'r@file': { rule: 'Host(`a.com`)' },
    }),
    request: get('http://a.com/?x=1&mode=beta'),
    expect: { status: 200, router: 'q@file', upstreamUrl: `${S2}/?x=1&mode=beta` },
  },
  {
    desc: 'QueryRegexp checks the value by regexp',
    config: routers({ 'q@file': { rule: 'QueryRegexp(`id`, `^[0-9]+$`)' } }),
    request: get('http://a.com/?id=12a'),
    expect: { status: 404 },
  },
  {
    desc: 'Method matches POST only',
    config: routers({
      'post@file': { rule: 'Host(`a.com`) && Method(`POST`)', service: 's2@file' },
      'r@file': { rule: 'Host(`a.com`)' },
    }),
    request: get('http://a.com/form', {}, { method: 'POST' }),
    expect: { status: 200, router: 'post@file', upstreamUrl: `${S2}/form` },
  },
  {
    desc: 'Header matches the exact value, name in any case',
    config: routers({ 'h@file': { rule: 'Header(`X-Env`, `blue`)' } }),
    request: get('http://a.com/', { 'x-env': 'blue' }),
    expect: { status: 200, router: 'h@file' },
  },
  {
    desc: 'HeaderRegexp does not match a different value',
    config: routers({ 'h@file': { rule: 'HeaderRegexp(`X-Version`, `^v[0-9]+$`)' } }),
    request: get('http://a.com/', { 'X-Version': 'beta' }),
    expect: { status: 404 },
  },
  {
    desc: 'ClientIP matches the connection address by CIDR',
    config: routers({ 'ip@file': { rule: 'ClientIP(`10.0.0.0/8`) || ClientIP(`127.0.0.0/8`)' } }),
    request: get('http://a.com/'),
    expect: { status: 200, router: 'ip@file' },
  },
  {
    desc: 'ClientIP takes one argument in v3: a two-argument rule leaves the router in error',
    config: routers({ 'ip@file': { rule: 'ClientIP(`10.0.0.0/8`, `127.0.0.0/8`)' } }),
    request: get('http://a.com/'),
    expect: { status: 404 },
  },
  {
    desc: 'ClientIP ignores X-Forwarded-For',
    config: routers({ 'ip@file': { rule: 'ClientIP(`192.0.2.1`)' } }),
    request: get('http://a.com/', { 'X-Forwarded-For': '192.0.2.1' }),
    expect: { status: 404 },
  },
  {
    desc: 'Host ignores the port of the Host header',
    config: routers({ 'r@file': { rule: 'Host(`a.com`)' } }),
    request: get('http://a.com:8080/'),
    expect: { status: 200, router: 'r@file', upstreamHeaders: { Host: 'a.com:8080' } },
  },
  {
    desc: 'Host is case-insensitive',
    config: routers({ 'r@file': { rule: 'Host(`A.Com`)' } }),
    request: get('http://a.com/'),
    expect: { status: 200, router: 'r@file' },
  },
  {
    desc: 'NOT and OR with parentheses',
    config: routers({
      'r@file': { rule: 'Host(`a.com`) && !(PathPrefix(`/admin`) || PathPrefix(`/internal`))' },
    }),
    request: get('http://a.com/internal/x'),
    expect: { status: 404 },
  },
  {
    desc: 'OR with parentheses matches either side',
    config: routers({
      'r@file': { rule: '(Host(`a.com`) || Host(`b.com`)) && PathPrefix(`/x`)' },
    }),
    request: get('http://b.com/x/1'),
    expect: { status: 200, router: 'r@file', upstreamUrl: `${S1}/x/1` },
  },
  {
    desc: 'a router only on websecure does not answer plain requests on web',
    config: routers({ 'r@file': { rule: 'Host(`a.com`)', entryPoints: ['websecure'], tls: {} } }),
    request: get('http://a.com/'),
    expect: { status: 404 },
  },
  {
    desc: 'a TLS router does not match a plain request on the same entrypoint',
    config: routers({
      'tls@file': { rule: 'Host(`a.com`)', entryPoints: ['web', 'websecure'], tls: {} },
    }),
    request: get('http://a.com/'),
    expect: { status: 404 },
  },
  {
    desc: 'a TLS router answers an https request',
    config: routers({
      'tls@file': { rule: 'Host(`a.com`)', entryPoints: ['websecure'], tls: {} },
      'plain@file': { rule: 'Host(`a.com`)', entryPoints: ['websecure'], service: 's2@file' },
    }),
    request: get('https://a.com/'),
    expect: { status: 200, router: 'tls@file', upstreamUrl: `${S1}/` },
  },
  {
    desc: 'an encoded slash stays encoded for PathPrefix and upstream',
    config: routers({
      'enc@file': { rule: 'PathPrefix(`/a/b`)', service: 's2@file' },
      'r@file': { rule: 'PathPrefix(`/a`)' },
    }),
    request: get('http://a.com/a%2Fb/c'),
    expect: { status: 200, router: 'r@file', upstreamUrl: `${S1}/a%2Fb/c` },
  },
  {
    desc: 'a router whose middleware is missing is disabled: 404',
    config: routers({ 'r@file': { rule: 'Host(`a.com`)', middlewares: ['nope@file'] } }),
    request: get('http://a.com/'),
    expect: { status: 404 },
  },
  {
    desc: 'a router whose service is missing is disabled: 404',
    config: routers({ 'r@file': { rule: 'Host(`a.com`)', service: 'nope@file' } }),
    request: get('http://a.com/'),
    expect: { status: 404 },
  },
  {
    desc: 'sanitizePath (on by default) removes duplicate slashes before routing and upstream',
    config: routers({
      'xy@file': { rule: 'PathPrefix(`/x/y`)', service: 's2@file' },
      'r@file': { rule: 'PathPrefix(`/`)' },
    }),
    request: get('http://a.com/x//y//'),
    expect: { status: 200, router: 'xy@file', upstreamUrl: `${S2}/x/y/` },
  },
  {
    desc: 'sanitizePath false leaves duplicate slashes',
    config: () => {
      const cfg = routers({
        'xy@file': { rule: 'PathPrefix(`/x/y`)', service: 's2@file' },
        'r@file': { rule: 'PathPrefix(`/`)' },
      })();
      Object.assign(cfg.entryPoints.web as object, { http: { sanitizePath: false } });
      return cfg;
    },
    request: get('http://a.com/x//y'),
    expect: { status: 200, router: 'r@file', upstreamUrl: `${S1}/x//y` },
  },
  {
    desc: 'Query compares the decoded value',
    config: routers({ 'q@file': { rule: 'Query(`q`, `a b`)' } }),
    request: get('http://a.com/?q=a%20b'),
    expect: { status: 200, router: 'q@file' },
  },
  {
    desc: 'PathRegexp with an anchor does not match in the middle',
    config: routers({ 'r@file': { rule: 'PathRegexp(`^/v[0-9]+/`)' } }),
    request: get('http://a.com/api/v1/x'),
    expect: { status: 404 },
  },
];
