// Encoded-character rows of the trace conformance table: Traefik v3's entrypoint `http.encodedCharacters` option
// (every character allowed unless set to false, since v3.6.7) and the `encodedCharacters` middleware (every
// character denied unless allowed). A rejection is a 400 with an empty body, decided after routing.
import type { EncodedCharacters, EntryPoint, RuntimeConfig } from '../config/types.ts';
import { get, withMiddlewares } from './case-helpers.ts';
import type { TraceCase } from './cases.ts';

const S = 'http://10.0.0.1:8080';

/** `base` with `http` merged into entrypoint `web`. */
function onWeb(base: () => RuntimeConfig, http: NonNullable<EntryPoint['http']>): () => RuntimeConfig {
  return () => {
    const cfg = base();
    const web = cfg.entryPoints.web as EntryPoint;
    web.http = { ...web.http, ...http };
    return cfg;
  };
}

/** One router for `a.com` on `web` (with `middlewares`), its entrypoint set to `encoded`. */
const denying = (
  encoded: EncodedCharacters,
  middlewares: RuntimeConfig['http']['middlewares'] = {},
  more: NonNullable<EntryPoint['http']> = {},
) => onWeb(withMiddlewares(middlewares), { encodedCharacters: encoded, ...more });

const NO_SLASH: EncodedCharacters = { allowEncodedSlash: false };

export const ENCODED_CASES: TraceCase[] = [
  {
    desc: 'encodedCharacters unset: every encoded character reaches the upstream (Traefik v3.6.7+ default)',
    config: withMiddlewares({}),
    request: get('http://a.com/a%2Fb%5Cc%3Bd%25e%3Ff%23g'),
    expect: { status: 200, router: 'r@file', upstreamUrl: `${S}/a%2Fb%5Cc%3Bd%25e%3Ff%23g` },
  },
  {
    desc: 'entrypoint allowEncodedSlash false rejects %2F with a 400 on the matched router',
    config: denying(NO_SLASH),
    request: get('http://a.com/a%2Fb'),
    expect: { status: 400, router: 'r@file' },
  },
  {
    desc: 'entrypoint allowEncodedSlash false rejects a lower-case %2f too',
    config: denying(NO_SLASH),
    request: get('http://a.com/a%2fb'),
    expect: { status: 400 },
  },
  {
    desc: 'entrypoint allowEncodedHash false rejects %23',
    config: denying({ allowEncodedHash: false }),
    request: get('http://a.com/a%23b'),
    expect: { status: 400 },
  },
  {
    desc: 'entrypoint encodedCharacters: only the options set to false deny',
    config: denying(NO_SLASH),
    request: get('http://a.com/a%3Bb%25c'),
    expect: { status: 200, upstreamUrl: `${S}/a%3Bb%25c` },
  },
  {
    desc: 'entrypoint encodedCharacters: the query is never checked',
    config: denying(NO_SLASH),
    request: get('http://a.com/a?next=%2Fhome'),
    expect: { status: 200, upstreamUrl: `${S}/a?next=%2Fhome` },
  },
  {
    desc: 'entrypoint encodedCharacters: %252F is a percent then 2F, allowed when only slashes are denied',
    config: denying(NO_SLASH),
    request: get('http://a.com/a%252Fb'),
    expect: { status: 200, upstreamUrl: `${S}/a%252Fb` },
  },
  {
    desc: 'entrypoint encodedCharacters is checked after routing: no router for the host is a 404, not a 400',
    config: denying(NO_SLASH),
    request: get('http://b.com/a%2Fb'),
    expect: { status: 404 },
  },
  {
    desc: 'entrypoint encodedCharacters is checked before the middlewares: 400 before ipAllowList would 403',
    config: denying(NO_SLASH, { 'allow@file': { ipAllowList: { sourceRange: ['192.168.0.0/16'] } } }),
    request: get('http://a.com/a%2Fb'),
    expect: { status: 400 },
  },
  {
    desc: 'an encodedCharacters middleware cannot let through what the entrypoint rejects',
    config: denying(NO_SLASH, { 'ok@file': { encodedCharacters: { allowEncodedSlash: true } } }),
    request: get('http://a.com/a%2Fb'),
    expect: { status: 400 },
  },
  {
    desc: 'entrypoint encodedCharacters sees the sanitized path: a segment removed by .. is not checked',
    config: denying(NO_SLASH),
    request: get('http://a.com/x%2Fy/../z'),
    expect: { status: 200, upstreamUrl: `${S}/z` },
  },
  {
    desc: 'entrypoint encodedCharacters with sanitizePath false checks the segment .. would have removed',
    config: denying(NO_SLASH, {}, { sanitizePath: false }),
    request: get('http://a.com/x%2Fy/../z'),
    expect: { status: 400 },
  },
  {
    desc: 'encodedCharacters middleware denies %2F by default',
    config: withMiddlewares({ 'ec@file': { encodedCharacters: {} } }),
    request: get('http://a.com/a%2Fb'),
    expect: { status: 400, router: 'r@file' },
  },
  {
    desc: 'encodedCharacters middleware denies %00 by default',
    config: withMiddlewares({ 'ec@file': { encodedCharacters: {} } }),
    request: get('http://a.com/a%00b'),
    expect: { status: 400 },
  },
  {
    desc: 'encodedCharacters middleware allowEncodedSlash lets %2F through to the upstream',
    config: withMiddlewares({ 'ec@file': { encodedCharacters: { allowEncodedSlash: true } } }),
    request: get('http://a.com/a%2Fb'),
    expect: { status: 200, upstreamUrl: `${S}/a%2Fb` },
  },
  {
    desc: 'encodedCharacters middleware allowEncodedSlash still denies %25',
    config: withMiddlewares({ 'ec@file': { encodedCharacters: { allowEncodedSlash: true } } }),
    request: get('http://a.com/a%25b'),
    expect: { status: 400 },
  },
  {
    desc: 'encodedCharacters middleware leaves the query alone',
    config: withMiddlewares({ 'ec@file': { encodedCharacters: {} } }),
    request: get('http://a.com/a?x=%2F%3B%00'),
    expect: { status: 200, upstreamUrl: `${S}/a?x=%2F%3B%00` },
  },
  {
    desc: 'encodedCharacters middleware checks the path as earlier middlewares left it',
    config: withMiddlewares({
      'rp@file': { replacePath: { path: '/a%2Fb' } },
      'ec@file': { encodedCharacters: {} },
    }),
    request: get('http://a.com/plain'),
    expect: { status: 400 },
  },
];
