import type { KubeObject } from './types.ts';

/** The identity of an object, as carried by diagnostics (`Diagnostic.object`). */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** The namespace Kubernetes assumes when a namespaced object's manifest has none. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * The identity of an object: kind, namespace (defaulting to `default`) and name.
 *
 * @example
 * objectRef({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }); // { kind: 'Service', namespace: 'default', name: 'web' }
 */
export function objectRef(obj: KubeObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace || DEFAULT_NAMESPACE, name: obj.metadata.name };
}

/**
 * A stable key for an object: `Kind/namespace/name`, namespace defaulting to `default`.
 *
 * @example
 * resourceKey(ingressRoute); // 'IngressRoute/apps/shop'
 */
export function resourceKey(obj: KubeObject): string {
  const ref = objectRef(obj);
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/**
 * A copy of a Secret without its `data` and `stringData`, so secret material never leaves the server. The
 * `kubectl.kubernetes.io/last-applied-configuration` annotation is dropped too: it embeds the data.
 */
export function sanitizeSecret(obj: KubeObject): KubeObject {
  const { data: _data, stringData: _stringData, ...rest } = obj;
  const annotations = obj.metadata.annotations;
  if (annotations === undefined || !('kubectl.kubernetes.io/last-applied-configuration' in annotations)) {
    return { ...rest, metadata: { ...obj.metadata } };
  }
  const { 'kubectl.kubernetes.io/last-applied-configuration': _applied, ...kept } = annotations;
  return { ...rest, metadata: { ...obj.metadata, annotations: kept } };
}
