import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { objectRef } from './identity.ts';
import { KINDS, kindInfo, LEGACY_TRAEFIK_API_VERSION, TRAEFIK_API_VERSION } from './kinds.ts';
import { formatPath } from './locate.ts';
import { checkNames } from './names.ts';
import { checkSchema, closest } from './schema-check.ts';
import { validationSchema } from './schemas/validation.ts';
import type { ParsedResource } from './types.ts';

/** A recognised kind of the same apiVersion that an unrecognised kind looks like a misspelling of. */
function kindTypo(apiVersion: string, kind: string): string | undefined {
  if (kindInfo(apiVersion, kind) !== undefined) return undefined;
  const known = Object.values(KINDS)
    .filter((k) => k.apiVersion === apiVersion)
    .map((k) => k.kind);
  return closest(kind, known);
}

/**
 * Checks one parsed object: SCHEMA001 for each field that violates its kind's schema (at the field's line and
 * column, with its field path) and for a name or namespace Kubernetes would refuse; API001 when it uses the legacy
 * `traefik.containo.us` group. Kinds Routeyard does not recognise are not checked.
 *
 * @example
 * for (const r of parseManifests(text, file).resources) diagnostics.push(...validateResource(r));
 */
export function validateResource(r: ParsedResource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const obj = r.object;
  const object = objectRef(obj);
  if (obj.apiVersion === LEGACY_TRAEFIK_API_VERSION) {
    out.push({
      code: 'API001',
      severity: 'warning',
      message: `${obj.kind} "${obj.metadata.name}" uses the legacy API group ${LEGACY_TRAEFIK_API_VERSION}, which Traefik v3 no longer reads; use ${TRAEFIK_API_VERSION}`,
      source: r.locate(['apiVersion']),
      object,
    });
  }
  const schema = validationSchema(obj.apiVersion, obj.kind);
  if (schema === undefined) {
    const typo = kindTypo(obj.apiVersion, obj.kind);
    if (typo !== undefined) {
      out.push({
        code: 'SCHEMA001',
        severity: 'error',
        message: `${obj.kind} "${obj.metadata.name}": kind: ${obj.apiVersion} has no kind "${obj.kind}" (did you mean "${typo}"?)`,
        source: r.locate(['kind']),
        object,
      });
    }
    return out;
  }
  for (const v of checkNames(obj)) {
    out.push({
      code: 'SCHEMA001',
      severity: 'error',
      message: `${obj.kind} "${obj.metadata.name}": metadata.${v.field}: ${v.message}`,
      source: r.locate(['metadata', v.field]),
      object,
    });
  }
  for (const v of checkSchema(obj, schema)) {
    const field = formatPath(v.path);
    out.push({
      code: 'SCHEMA001',
      severity: 'error',
      message: `${obj.kind} "${obj.metadata.name}": ${field === '' ? '' : `${field}: `}${v.message}`,
      source: r.locate(v.path, { key: v.unknownKey === true }),
      object,
    });
  }
  return out;
}
