import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { objectRef } from './identity.ts';
import { kindInfo } from './kinds.ts';
import type { ParsedResource } from './types.ts';

/** The API group of an apiVersion (`traefik.io/v1alpha1` → `traefik.io`; `v1` → the core group ``). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * YAML003 for every definition of an object after its first: same API group, kind, namespace (for namespaced
 * kinds) and name. Versions of one group are one object, as in the API server; `traefik.containo.us` and
 * `traefik.io` are different groups. Each finding points at the later definition and relates the first one.
 *
 * @example
 * const diagnostics = findDuplicates(files.flatMap((f) => parseManifests(f.text, f.path).resources));
 */
export function findDuplicates(resources: readonly ParsedResource[]): Diagnostic[] {
  const first = new Map<string, ParsedResource>();
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const ref = objectRef(r.object);
    const namespaced = kindInfo(r.object.apiVersion, r.object.kind)?.namespaced ?? true;
    const namespace = namespaced ? ref.namespace : '';
    const key = `${groupOf(r.object.apiVersion)}\u0000${ref.kind}\u0000${namespace}\u0000${ref.name}`;
    const original = first.get(key);
    if (original === undefined) {
      first.set(key, r);
      continue;
    }
    const where = `${original.file}:${original.line}`;
    const shown = namespaced ? `${ref.namespace}/${ref.name}` : ref.name;
    out.push({
      code: 'YAML003',
      severity: 'error',
      message: `${ref.kind} ${shown} is defined more than once; first at ${where}`,
      source: r.locate(['metadata', 'name']),
      object: namespaced ? ref : { kind: ref.kind, name: ref.name },
      related: [
        {
          ...(namespaced ? ref : { kind: ref.kind, name: ref.name }),
          source: original.locate(['metadata', 'name']),
        },
      ],
    });
  }
  return out;
}
