import { sha256Hex } from './sha256.ts';

/** The provider name Traefik gives the Kubernetes CRD provider; every derived key is qualified with it. */
export const PROVIDER_CRD = 'kubernetescrd';

/** Separates a name from its provider in a qualified name (`name@provider`). */
export const PROVIDER_SEPARATOR = '@';

const NOT_ALNUM = /[^\p{L}\p{N}]+/u;
const NORMAL_ASCII = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

/**
 * Traefik's `provider.Normalize`: every run of characters that are not Unicode letters or digits becomes one `-`,
 * and leading or trailing runs disappear (Go's `strings.FieldsFunc` drops empty fields).
 *
 * @example
 * normalize('default-test.route'); // 'default-test-route'
 */
export function normalize(name: string): string {
  // Most names are already normal (ASCII letters and digits in runs joined by single dashes): nothing to split.
  if (NORMAL_ASCII.test(name)) return name;
  return name
    .split(NOT_ALNUM)
    .filter((part) => part !== '')
    .join('-');
}

/** Traefik's `makeID`: `<namespace>-<name>`, or the bare name without a namespace. */
export function makeID(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}-${name}`;
}

const hashCache = new Map<string, string>();

/** The first 20 hex characters of sha256(text): Traefik's `%.10x` of the digest. Cached: rules repeat. */
export function shortHash(text: string): string {
  let hex = hashCache.get(text);
  if (hex === undefined) {
    hex = sha256Hex(text).slice(0, 20);
    // Bounded so a long-running server resolving ever-changing rules does not grow without limit.
    if (hashCache.size > 200_000) hashCache.clear();
    hashCache.set(text, hex);
  }
  return hex;
}

/**
 * The key of the router made from one route of an IngressRoute, as Traefik's `makeServiceKey` + `makeID` +
 * `Normalize` build it: also the key of that route's own service.
 *
 * @example
 * routerKey('default', 'test.route', 'Host(`foo.com`) && PathPrefix(`/bar`)'); // 'default-test-route-6b204d94623b3df4370c'
 */
export function routerKey(namespace: string, ingressRouteName: string, match: string): string {
  return normalize(makeID(namespace, `${ingressRouteName}-${shortHash(match)}`));
}

/** True when a reference names its provider (`name@provider`): Traefik keeps it as written. */
export function hasProvider(name: string): boolean {
  return name.includes(PROVIDER_SEPARATOR);
}

/** Qualifies a name of this provider (`name@kubernetescrd`); a name that already names a provider is kept. */
export function qualify(name: string): string {
  return hasProvider(name) ? name : `${name}${PROVIDER_SEPARATOR}${PROVIDER_CRD}`;
}

/** Splits `svc@provider` at its last `@`, as Traefik's `splitSvcNameProvider`. */
export function splitProvider(name: string): { name: string; provider: string } {
  const at = name.lastIndexOf(PROVIDER_SEPARATOR);
  return { name: name.slice(0, at), provider: name.slice(at + 1) };
}

/**
 * Traefik's `fullServiceName`: the key of a service a route or TraefikService points at. With a port it is
 * `<ns>-<name>-<port>`; a reference to another provider keeps its provider suffix.
 */
export function fullServiceName(namespace: string, name: string, port: string | number | undefined): string {
  if (port !== undefined && port !== '' && port !== 0) return normalize(`${namespace}-${name}-${port}`);
  if (!hasProvider(name)) return normalize(`${namespace}-${name}`);
  const split = splitProvider(name);
  if (split.provider === PROVIDER_CRD) return normalize(`${namespace}-${split.name}`);
  return `${normalize(split.name)}${PROVIDER_SEPARATOR}${split.provider}`;
}
