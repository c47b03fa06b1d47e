import type { Diagnostic, ElementStatus, SourceLink } from '../../../../../../core/index.ts';
import type { NodeStatus } from './types.ts';

/** Maps Traefik's element status (`enabled`/`warning`/`disabled`) to the node's colour state. */
export function elementStatus(status: ElementStatus['status'], errors: readonly string[]): NodeStatus {
  if (status === 'disabled') return 'error';
  if (status === 'warning') return 'warning';
  return errors.length > 0 ? 'warning' : 'ok';
}

/** The worse of two states. */
export function worst(a: NodeStatus, b: NodeStatus): NodeStatus {
  const rank = { ok: 0, warning: 1, error: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

/**
 * Diagnostics indexed by the object they belong to, so each element finds its own in O(1). An element built
 * from one part of an object (a router from `spec.routes[1]`) only takes the findings under that path.
 */
export class DiagnosticIndex {
  readonly #byObject = new Map<string, Diagnostic[]>();

  constructor(diagnostics: readonly Diagnostic[]) {
    for (const d of diagnostics) {
      if (!d.object) continue;
      const key = objectKey(d.object.kind, d.object.namespace, d.object.name);
      const list = this.#byObject.get(key);
      if (list) list.push(d);
      else this.#byObject.set(key, [d]);
    }
  }

  /** The findings for an element with this source link. */
  forSource(source: SourceLink | undefined): Diagnostic[] {
    if (!source) return [];
    const all = this.#byObject.get(objectKey(source.kind, source.namespace, source.name)) ?? [];
    if (!source.path) return all;
    const prefix = source.path;
    return all.filter((d) => {
      const p = d.source.path;
      if (!p) return true;
      // A finding elsewhere in the same list (another route) is not this element's.
      if (p.startsWith(prefix))
        return p.length === prefix.length || p[prefix.length] === '.' || p[prefix.length] === '[';
      return !/^spec\.(routes|services)\[/.test(p);
    });
  }
}

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** The node state implied by a set of findings. */
export function diagnosticsStatus(diagnostics: readonly Diagnostic[]): NodeStatus {
  let s: NodeStatus = 'ok';
  for (const d of diagnostics) {
    if (d.severity === 'error') return 'error';
    if (d.severity === 'warning') s = 'warning';
  }
  return s;
}
