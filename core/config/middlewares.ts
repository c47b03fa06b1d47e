import type { ParsedResource } from '../resources/types.ts';
import { namespaceOf } from './catalog.ts';
import { type BuildContext, BuildError, withSource } from './context.ts';
import { normalizeDuration } from './duration.ts';
import type { Fragment } from './fragment.ts';
import { nameAndService } from './k8s-services.ts';
import { checkMiddlewareBuild } from './middleware-build-checks.ts';
import { hasProvider, makeID, normalize, PROVIDER_CRD, qualify } from './naming.ts';
import { authUsers, caBlock, certificateBlocks } from './secrets.ts';
import type { Middleware } from './types.ts';
import { asBool, asDict, asList, asNumber, asString, canonical, type Dict } from './values.ts';

/** Middleware types copied from the CRD spec as they are (Traefik's one-line mappings). */
const PLAIN_TYPES = [
  'addPrefix',
  'buffering',
  'compress',
  'contentType',
  'encodedCharacters',
  'grpcWeb',
  'headers',
  'inFlightReq',
  'ipAllowList',
  'passTLSClientCert',
  'plugin',
  'redirectRegex',
  'redirectScheme',
  'replacePath',
  'replacePathRegex',
  'stripPrefix',
  'stripPrefixRegex',
] as const;

/** Types Traefik builds with extra work: secrets, references, defaults. */
const BUILT_TYPES = [
  'basicAuth',
  'chain',
  'circuitBreaker',
  'digestAuth',
  'errors',
  'forwardAuth',
  'rateLimit',
  'retry',
];

type Built = Record<string, unknown>;

function secretOf(ctx: BuildContext, ns: string, name: string, field: string[]): ParsedResource | BuildError {
  const secret = ctx.get('Secret', ns, name);
  return secret ?? new BuildError('REF006', field, `secret '${ns}/${name}' not found`);
}

function buildAuth(
  ctx: BuildContext,
  ns: string,
  spec: Dict,
  type: 'basicAuth' | 'digestAuth',
): Built | BuildError {
  const name = asString(spec.secret) ?? '';
  if (name === '') return new BuildError('MW002', ['spec', type], 'auth secret must be set');
  const secret = secretOf(ctx, ns, name, ['spec', type, 'secret']);
  if (secret instanceof BuildError) return secret;
  const users = authUsers(secret, `${ns}/${name}`, type === 'basicAuth');
  if (users instanceof BuildError) return new BuildError(users.code, ['spec', type, 'secret'], users.message);
  const out: Built = { users };
  if (asString(spec.realm)) out.realm = spec.realm;
  if (asBool(spec.removeHeader)) out.removeHeader = true;
  if (asString(spec.headerField)) out.headerField = spec.headerField;
  return out;
}

function buildForwardAuth(ctx: BuildContext, ns: string, spec: Dict): Built | BuildError {
  if (!asString(spec.address)) {
    return new BuildError(
      'MW002',
      ['spec', 'forwardAuth', 'address'],
      'forward authentication requires an address',
    );
  }
  const { tls: tlsSpec, ...rest } = spec;
  const out: Built = canonical(rest);
  const tls = asDict(tlsSpec);
  if (tls === undefined) return out;
  const outTLS: Built = {};
  if (asBool(tls.insecureSkipVerify)) outTLS.insecureSkipVerify = true;
  if (asBool(tls.caOptional)) outTLS.caOptional = true;
  const caName = asString(tls.caSecret);
  if (caName) {
    const secret = secretOf(ctx, ns, caName, ['spec', 'forwardAuth', 'tls', 'caSecret']);
    if (secret instanceof BuildError) return secret;
    const ca = caBlock(secret, `${ns}/${caName}`);
    if (ca instanceof BuildError)
      return new BuildError(ca.code, ['spec', 'forwardAuth', 'tls', 'caSecret'], ca.message);
    outTLS.ca = ca;
  }
  const certName = asString(tls.certSecret);
  if (certName) {
    const secret = secretOf(ctx, ns, certName, ['spec', 'forwardAuth', 'tls', 'certSecret']);
    if (secret instanceof BuildError) return secret;
    const blocks = certificateBlocks(secret, `${ns}/${certName}`);
    if (blocks instanceof BuildError) {
      return new BuildError(blocks.code, ['spec', 'forwardAuth', 'tls', 'certSecret'], blocks.message);
    }
    outTLS.cert = blocks.cert;
    outTLS.key = blocks.key;
  }
  out.tls = outTLS;
  return out;
}

function buildChain(ctx: BuildContext, ns: string, spec: Dict): Built | BuildError {
  const members: string[] = [];
  const list = asList(spec.middlewares);
  for (let i = 0; i < list.length; i++) {
    const ref = asDict(list[i]) ?? {};
    const name = asString(ref.name) ?? '';
    const refNs = asString(ref.namespace) ?? '';
    if (hasProvider(name)) {
      members.push(name);
      continue;
    }
    if (refNs !== '' && !ctx.namespaceAllowed(ns, refNs)) {
      return new BuildError(
        'NS001',
        ['spec', 'chain', 'middlewares', i, 'namespace'],
        `middleware ${refNs}/${name} is not in the parent resource namespace ${ns}`,
      );
    }
    members.push(qualify(normalize(makeID(refNs || ns, name))));
  }
  return { middlewares: members };
}

function durationField(
  out: Built,
  key: string,
  value: unknown,
  fallback: string | undefined,
): BuildError | undefined {
  if (value === undefined) {
    if (fallback !== undefined) out[key] = fallback;
    return undefined;
  }
  const d = normalizeDuration(value);
  if (d === undefined) return new BuildError('MW002', [key], `invalid duration ${JSON.stringify(value)}`);
  out[key] = d;
  return undefined;
}

function buildTimed(type: string, spec: Dict): Built | BuildError {
  const out: Built = {};
  let err: BuildError | undefined;
  if (type === 'rateLimit') {
    // Traefik's RateLimit.SetDefaults: burst 1, period 1s.
    const average = asNumber(spec.average);
    if (average) out.average = average;
    out.burst = asNumber(spec.burst) ?? 1;
    err = durationField(out, 'period', spec.period, '1s');
    if (spec.sourceCriterion !== undefined) out.sourceCriterion = canonical(spec.sourceCriterion);
  } else if (type === 'retry') {
    out.attempts = asNumber(spec.attempts) ?? 0;
    err = durationField(out, 'initialInterval', spec.initialInterval, undefined);
  } else {
    // Traefik's CircuitBreaker.SetDefaults.
    out.expression = asString(spec.expression) ?? '';
    err =
      durationField(out, 'checkPeriod', spec.checkPeriod, '100ms') ??
      durationField(out, 'fallbackDuration', spec.fallbackDuration, '10s') ??
      durationField(out, 'recoveryDuration', spec.recoveryDuration, '10s');
    out.responseCode = asNumber(spec.responseCode) ?? 503;
  }
  return err === undefined ? out : new BuildError(err.code, ['spec', type, ...err.path], err.message);
}

function buildErrors(
  ctx: BuildContext,
  r: ParsedResource,
  ns: string,
  id: string,
  spec: Dict,
  frag: Fragment,
): Built | BuildError {
  const path = ['spec', 'errors', 'service'];
  const named = nameAndService(ctx, ns, asDict(spec.service) ?? {}, path);
  if (named instanceof BuildError) {
    return named.code === 'REF002'
      ? new BuildError('REF009', named.path, `errors page service: ${named.message}`)
      : named;
  }
  const out: Built = canonical({ ...spec, service: undefined });
  if (named.service === undefined) {
    out.service = qualify(named.name);
  } else {
    // Traefik stores the page's load balancer under `<middleware>-errorpage-service`.
    const name = qualify(`${id}-errorpage-service`);
    out.service = name;
    frag.services.push([name, withSource({ ...named.service }, r, path)]);
  }
  return out;
}

function buildType(
  ctx: BuildContext,
  r: ParsedResource,
  type: string,
  spec: Dict,
  id: string,
  frag: Fragment,
): Built | BuildError {
  const ns = namespaceOf(r);
  switch (type) {
    case 'basicAuth':
    case 'digestAuth':
      return buildAuth(ctx, ns, spec, type);
    case 'forwardAuth':
      return buildForwardAuth(ctx, ns, spec);
    case 'chain':
      return buildChain(ctx, ns, spec);
    case 'errors':
      return buildErrors(ctx, r, ns, id, spec, frag);
    default:
      return buildTimed(type, spec);
  }
}

/**
 * Builds one Middleware as Traefik's CRD provider does: `<ns>-<name>`, secrets read into `users`/`tls`, references
 * resolved. A failure skips the middleware (routers using it are then disabled); more or less than one type keeps
 * it with an error, as Traefik's runtime reports it.
 */
export function buildMiddleware(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const ns = namespaceOf(r);
  const spec = asDict(r.object.spec) ?? {};
  const id = normalize(makeID(ns, r.object.metadata.name));
  const mw: Middleware = withSource({}, r, []);
  const types: string[] = [];
  for (const type of Object.keys(spec).sort()) {
    const value = asDict(spec[type]);
    if (value === undefined) continue;
    if ((PLAIN_TYPES as readonly string[]).includes(type)) {
      (mw as Record<string, unknown>)[type] = canonical(value);
      types.push(type);
    } else if (BUILT_TYPES.includes(type)) {
      const built = buildType(ctx, r, type, value, id, frag);
      if (built instanceof BuildError) {
        ctx.report(r, built.code, built.path, `middleware "${qualify(id)}" skipped: ${built.message}`);
        return;
      }
      (mw as Record<string, unknown>)[type] = built;
      types.push(type);
    }
  }
  if (types.length !== 1) {
    const message =
      types.length === 0
        ? `middleware "${id}@${PROVIDER_CRD}" has no type`
        : 'multi-types middleware not supported, consider declaring two different pieces of middleware instead';
    ctx.report(r, 'MW001', ['spec'], `${message} (${types.join(', ') || 'none'})`);
    mw.error = [message];
  } else {
    checkMiddlewareBuild(ctx, r, qualify(id), mw);
  }
  frag.middlewares.push([qualify(id), mw]);
}
