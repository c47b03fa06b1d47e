import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { objectRef } from './identity.ts';
import { LEGACY_TRAEFIK_API_VERSION, TRAEFIK_API_VERSION } from './kinds.ts';
import type { ParsedResource } from './types.ts';

/**
 * Checks one parsed object: SCHEMA001 for each field that violates its kind's schema (at the field's line and
 * column, with its field path), API001 when it uses the legacy `traefik.containo.us` group.
 *
 * @example
 * for (const r of parseManifests(text, file).resources) diagnostics.push(...validateResource(r));
 */
export function validateResource(r: ParsedResource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const obj = r.object;
  if (obj.apiVersion.startsWith('traefik.containo.us/')) {
    out.push({
      code: 'API001',
      severity: 'warning',
      message: `${obj.kind} "${obj.metadata.name}" uses the legacy API group ${LEGACY_TRAEFIK_API_VERSION}; use ${TRAEFIK_API_VERSION}`,
      source: r.locate(['apiVersion']),
      object: objectRef(obj),
    });
  }
  return out;
}
