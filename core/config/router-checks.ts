import type { DiagnosticCode } from '../diagnostics/codes.ts';
import { type CertificateResult, certificateCoversHost, readCertificatePem } from '../resources/index.ts';
import type { FieldPath, ParsedResource } from '../resources/types.ts';
import type { BuildContext } from './context.ts';
import { addError, type Fragment, type Info } from './fragment.ts';
import { ruleHosts, ruleShape } from './rule-shape.ts';
import { locateInScalar } from './scalar-position.ts';
import type { CertificateInfo, Router } from './types.ts';

const certCache = new Map<string, CertificateResult>();

function readCert(pem: string): CertificateResult {
  let result = certCache.get(pem);
  if (result === undefined) {
    result = readCertificatePem(pem);
    // Bounded: a long-running server sees certificates come and go.
    if (certCache.size > 10_000) certCache.clear();
    certCache.set(pem, result);
  }
  return result;
}

/**
 * RULE001/RULE002 at the offending column inside the `match` string (the router is kept and disabled), else a
 * RULE004 warning at each v2 form v3 reads literally (the router stays enabled, as in Traefik).
 */
export function checkRule(
  ctx: BuildContext,
  r: ParsedResource,
  index: number,
  router: Router,
  info: Info,
): void {
  // A route asking for the v2 syntax is parsed by Traefik's v2 parser, which Routeyard does not have.
  if (router.ruleSyntax === 'v2') return;
  const shape = ruleShape(router.rule);
  const path = ['spec', 'routes', index, 'match'];
  const err = shape.error;
  if (err === undefined) {
    for (const hint of shape.hints)
      reportInRule(ctx, r, path, hint.code, hint.message, hint.offset, hint.length);
    return;
  }
  addError(info, `error while adding rule ${router.rule}: ${err.message}`, true);
  reportInRule(ctx, r, path, err.code, err.message, err.offset, err.length);
}

function reportInRule(
  ctx: BuildContext,
  r: ParsedResource,
  path: FieldPath,
  code: DiagnosticCode,
  message: string,
  offset: number,
  length: number,
): void {
  ctx.report(r, code, path, message);
  const d = ctx.diagnostics[ctx.diagnostics.length - 1];
  if (d !== undefined) d.source = locateInScalar(r, path, offset, length);
}

/** EP001, as Traefik's runtime: a warning per unknown entrypoint, disabled when none is left. */
function checkEntryPoints(
  ctx: BuildContext,
  r: ParsedResource,
  router: Router,
  info: Info,
  reported: Set<string>,
): void {
  const eps = router.entryPoints ?? [];
  const unknown = eps.filter((ep) => !(ep in ctx.opts.entryPoints));
  if (unknown.length === 0) return;
  const declared = (r.object.spec as { entryPoints?: unknown } | undefined)?.entryPoints;
  const list = Array.isArray(declared) ? declared : [];
  for (const ep of unknown) {
    addError(info, `entryPoint "${ep}" doesn't exist`, false);
    if (reported.has(ep)) continue;
    reported.add(ep);
    const known = Object.keys(ctx.opts.entryPoints).join(', ');
    ctx.report(
      r,
      'EP001',
      ['spec', 'entryPoints', Math.max(0, list.indexOf(ep))],
      `entryPoint "${ep}" doesn't exist (known: ${known})`,
    );
  }
  if (unknown.length === eps.length) addError(info, 'no valid entryPoint for this router', true);
}

/** TLS002 (expired at `now`) and TLS003 (a host of a route not covered) for the IngressRoute's own certificate. */
function checkCertificate(
  ctx: BuildContext,
  r: ParsedResource,
  secret: string,
  cert: CertificateInfo,
  routers: Router[],
): void {
  const parsed = readCert(cert.certFile);
  if (!parsed.ok) return;
  const info = parsed.certificate;
  const ns = r.object.metadata.namespace ?? 'default';
  const path = ['spec', 'tls', 'secretName'];
  if (ctx.opts.now !== undefined && info.notAfterMs < ctx.opts.now) {
    ctx.report(r, 'TLS002', path, `certificate in secret ${ns}/${secret} expired on ${info.notAfter}`);
  }
  const seen = new Set<string>();
  for (const router of routers) {
    if (router.tls?.certResolver !== undefined) continue;
    for (const host of ruleHosts(ruleShape(router.rule)) ?? []) {
      if (seen.has(host) || certificateCoversHost(info, host)) continue;
      seen.add(host);
      const names = [...info.sans, ...info.ipAddresses].join(', ') || info.subjectCN || 'no names';
      ctx.report(
        r,
        'TLS003',
        path,
        `certificate in secret ${ns}/${secret} does not cover host ${host} (it covers ${names})`,
      );
    }
  }
}

/**
 * The checks that need nothing but one IngressRoute and its own lookups, run when its fragment is built (so the
 * incremental resolver does not redo them for unchanged objects).
 */
export function checkIngressRouteRouters(
  ctx: BuildContext,
  r: ParsedResource,
  frag: Fragment,
  tls: { secret: string; cert: CertificateInfo } | undefined,
): void {
  const reported = new Set<string>();
  for (const [name, router] of frag.routers) {
    const info: Info = {};
    // An IngressRoute has a handful of routes: a scan, not a map per object.
    const origin = frag.origins.find(([key]) => key === name)?.[1];
    if (origin !== undefined) checkRule(ctx, r, origin.index, router, info);
    checkEntryPoints(ctx, r, router, info, reported);
    if (info.status !== undefined) frag.routerInfo.push([name, info]);
  }
  if (tls !== undefined)
    checkCertificate(
      ctx,
      r,
      tls.secret,
      tls.cert,
      frag.routers.map(([, router]) => router),
    );
}
