// Public surface of this area; core/index.ts re-exports it. JSON Schemas live in ./schemas/index.ts so that the
// dashboard can load them lazily (dynamic import), outside its first-load bundle.
export { formatPath } from './locate.ts';
export { isKubeObject, MAX_ALIAS_COUNT, type ParseResult, parseManifests } from './parse.ts';
export { validateResource } from './validate.ts';
export { KINDS, type KindInfo, kindInfo, LEGACY_TRAEFIK_API_VERSION, TRAEFIK_API_VERSION } from './kinds.ts';
export { DEFAULT_NAMESPACE, type ObjectRef, objectRef, resourceKey, sanitizeSecret } from './identity.ts';
