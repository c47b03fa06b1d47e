import type { FieldPath, KubeObject } from './types.ts';

/** True when a plain value has the shape of a Kubernetes object: apiVersion, kind and metadata.name strings. */
export function isKubeObject(value: unknown): value is KubeObject {
  return shapeProblem(value) === undefined;
}

/** Why a document is not a usable Kubernetes object: YAML002 (not one, ignored) or SCHEMA001 (one with a bad name). */
export interface ShapeProblem {
  code: 'YAML002' | 'SCHEMA001';
  /** What is wrong, without the document's place. */
  message: string;
  /** The field to point at, when there is one. */
  path?: FieldPath;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Tells what keeps a parsed document from being a Kubernetes object, or undefined when it is one. A document with
 * apiVersion and kind but a name that is not a string is a broken object (SCHEMA001), not a stranger: YAML 1.1
 * reads `name: no` as false, and Kubernetes rejects it the same way.
 */
export function shapeProblem(value: unknown): ShapeProblem | undefined {
  if (!isObject(value)) {
    return { code: 'YAML002', message: `it is ${kindOf(value)}, not a Kubernetes object` };
  }
  const missing = ['apiVersion', 'kind'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
  if (missing.length > 0) {
    return {
      code: 'YAML002',
      message: `it has no ${missing.join(' or ')}, so it is not a Kubernetes object`,
    };
  }
  if (/List$/.test(String(value.kind)) && Array.isArray(value.items)) {
    // kubectl get -o yaml wraps objects in a List; Routeyard edits objects in place, one per document.
    return {
      code: 'YAML002',
      message: `it is a ${String(value.kind)} of ${value.items.length} object${value.items.length === 1 ? '' : 's'}; Routeyard reads one object per document, so split it into documents`,
    };
  }
  const meta = value.metadata;
  const name = isObject(meta) ? meta.name : undefined;
  if (name === undefined || name === null || name === '') {
    return {
      code: 'YAML002',
      message: `${String(value.kind)} has no metadata.name (generateName is not supported)`,
    };
  }
  if (typeof name !== 'string') {
    const hint =
      typeof name === 'boolean' || typeof name === 'number' ? `; quote it: YAML reads it as ${name}` : '';
    return {
      code: 'SCHEMA001',
      message: `metadata.name must be a string, got ${kindOf(name).replace(/^an? /, '')}${hint}`,
      path: ['metadata', 'name'],
    };
  }
  return undefined;
}
