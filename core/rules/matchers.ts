import { RE2JS } from 're2js';
import { canonicalHeaderKey } from './go-url.ts';
import { type Ip16, type IpNet, ipEqual, netContains, parseAddr, parseCidr, parseIp } from './ip.ts';
import type { RequestView } from './request-view.ts';

/** A matcher built from its values: a predicate and a sentence saying what it compared. */
export interface Matcher {
  test(req: RequestView): boolean;
  describe(req: RequestView): string;
}

/** Thrown by a builder for a value Traefik refuses; `arg` is the index of the bad value. */
export class MatcherArgError extends Error {
  constructor(
    message: string,
    readonly arg: number,
  ) {
    super(message);
  }
}

type Builder = (args: string[]) => Matcher;

const q = (s: string | undefined): string => (s === undefined ? '(none)' : JSON.stringify(s));
const list = (values: string[] | undefined): string =>
  values?.length ? values.map((v) => q(v)).join(', ') : '(none)';

function compileRegexp(matcher: string, pattern: string, arg: number): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    throw new MatcherArgError(`compiling ${matcher} matcher: ${(err as Error).message}`, arg);
  }
}

function requireAscii(matcher: string, value: string): void {
  // A code point above 0x7f has a UTF-16 unit above 0x7f: a scan of units, without an array of characters.
  let ascii = true;
  for (let i = 0; i < value.length && ascii; i++) ascii = value.charCodeAt(i) <= 0x7f;
  if (!ascii) {
    throw new MatcherArgError(
      `invalid value ${q(value)} for ${matcher} matcher, non-ASCII characters are not allowed`,
      0,
    );
  }
}

function requireSlash(value: string): void {
  if (!value.startsWith('/')) throw new MatcherArgError(`path ${q(value)} does not start with a '/'`, 0);
}

/**
 * Traefik's `DomainMatchHostExpression`: an exact host, `*.example.com` (exactly one label before
 * example.com) or `**.example.com` (one or more labels). Both sides are already lower-case.
 */
export function domainMatches(domain: string, expr: string): boolean {
  if (expr.startsWith('**.')) {
    const suffix = expr.slice(3);
    return domain.length > suffix.length + 1 && domain.endsWith(`.${suffix}`);
  }
  if (expr.startsWith('*')) {
    const labels = domain.split('.');
    labels[0] = '*';
    return labels.join('.') === expr;
  }
  return domain === expr;
}

/** Traefik's Host matcher, trailing dots on either side tolerated. */
export function hostMatches(reqHost: string, expr: string): boolean {
  if (reqHost === '') return false;
  if (domainMatches(reqHost, expr)) return true;
  if (expr.endsWith('.') && domainMatches(reqHost, expr.slice(0, -1))) return true;
  return reqHost.endsWith('.') && domainMatches(reqHost.slice(0, -1), expr);
}

const host: Builder = ([value = '']) => {
  requireAscii('Host', value);
  const expr = value.toLowerCase();
  return {
    test: (r) => hostMatches(r.host, expr),
    describe: (r) => `host ${q(r.host)} vs ${q(expr)}`,
  };
};

const hostRegexp: Builder = ([pattern = '']) => {
  requireAscii('HostRegexp', pattern);
  const re = compileRegexp('HostRegexp', pattern, 0);
  // Traefik also tests the CNAME-flattened host, which is '' unless CNAME flattening is on: a
  // regexp that matches the empty string therefore matches every request.
  const matchesEmpty = re.test('');
  return {
    test: (r) => matchesEmpty || re.test(r.host),
    describe: (r) =>
      `host ${q(r.host)} vs /${pattern}/ (unanchored)${matchesEmpty ? '; the regexp matches the empty string, so it matches every host' : ''}`,
  };
};

const path: Builder = ([value = '']) => {
  requireSlash(value);
  return {
    test: (r) => r.path === value,
    describe: (r) => `path ${q(r.path)} vs ${q(value)}`,
  };
};

const pathPrefix: Builder = ([value = '']) => {
  requireSlash(value);
  return {
    test: (r) => r.path?.startsWith(value) === true,
    describe: (r) => `path ${q(r.path)} vs prefix ${q(value)}`,
  };
};

const pathRegexp: Builder = ([pattern = '']) => {
  // Traefik's error says PathPrefix here (a slip in matcher.go); we name the right matcher.
  const re = compileRegexp('PathRegexp', pattern, 0);
  return {
    test: (r) => r.path !== undefined && re.test(r.path),
    describe: (r) => `path ${q(r.path)} vs /${pattern}/ (unanchored)`,
  };
};

const method: Builder = ([value = '']) => {
  const m = value.toUpperCase();
  return {
    test: (r) => r.method === m,
    describe: (r) => `method ${q(r.method)} vs ${q(m)}`,
  };
};

const header: Builder = ([key = '', value = '']) => {
  const k = canonicalHeaderKey(key);
  return {
    test: (r) => r.header(k)?.includes(value) === true,
    describe: (r) => `header ${k}: ${list(r.header(k))} vs ${q(value)}`,
  };
};

const headerRegexp: Builder = ([key = '', pattern = '']) => {
  const k = canonicalHeaderKey(key);
  const re = compileRegexp('HeaderRegexp', pattern, 1);
  return {
    test: (r) => r.header(k)?.some((v) => re.test(v)) === true,
    describe: (r) => `header ${k}: ${list(r.header(k))} vs /${pattern}/ (unanchored)`,
  };
};

const query: Builder = ([key = '', value = '']) => ({
  test: (r) => r.query.get(key)?.includes(value) === true,
  describe: (r) => `query ${key}: ${list(r.query.get(key))} vs ${q(value)}`,
});

const queryRegexp: Builder = (args) => {
  if (args.length === 1) return query(args);
  const [key = '', pattern = ''] = args;
  const re = compileRegexp('QueryRegexp', pattern, 1);
  return {
    test: (r) => r.query.get(key)?.some((v) => re.test(v)) === true,
    describe: (r) => `query ${key}: ${list(r.query.get(key))} vs /${pattern}/ (unanchored)`,
  };
};

const clientIp: Builder = ([value = '']) => {
  const single = parseIp(value);
  let net: IpNet | undefined;
  if (!single) {
    net = parseCidr(value);
    if (!net) {
      throw new MatcherArgError(
        `initializing IP checker for ClientIP matcher: ${q(value)} is neither an IP address nor a CIDR range`,
        0,
      );
    }
  }
  const contains = (ip: Ip16): boolean => (single ? ipEqual(single, ip) : netContains(net as IpNet, ip));
  return {
    test: (r) => {
      const ip = parseAddr(r.clientIp);
      return ip !== undefined && contains(ip);
    },
    describe: (r) => {
      const addr = r.clientIp;
      if (addr === '') return 'no client address (remoteAddr is empty)';
      return parseAddr(addr) ? `client ${addr} vs ${value}` : `client address ${q(addr)} is not an IP`;
    },
  };
};

/** The builders, keyed by canonical matcher name (Traefik's `httpFuncs`). */
export const MATCHERS: Readonly<Record<string, Builder>> = {
  ClientIP: clientIp,
  Method: method,
  Host: host,
  HostRegexp: hostRegexp,
  Path: path,
  PathRegexp: pathRegexp,
  PathPrefix: pathPrefix,
  Header: header,
  HeaderRegexp: headerRegexp,
  Query: query,
  QueryRegexp: queryRegexp,
};
