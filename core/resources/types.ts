import type { SourceRef } from '../diagnostics/diagnostic.ts';

/** Object metadata as Routeyard reads it; other fields are kept in the object. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A Kubernetes object as parsed from YAML: typed at the edges, narrowed by the consumer. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  [key: string]: unknown;
}

/** A field path inside an object, e.g. `['spec', 'routes', 0, 'match']`. */
export type FieldPath = ReadonlyArray<string | number>;

/** One parsed document of a manifest file, with its place and a way to locate any of its fields. */
export interface ParsedResource {
  object: KubeObject;
  /** File path relative to the store's root (or a cluster reference such as `cluster:ns/kind/name`). */
  file: string;
  /** Index of the document in its file, from 0. */
  docIndex: number;
  /** 1-based line and column of the document's first content line. */
  line: number;
  column: number;
  /** The document's own text, comments included. */
  text: string;
  /** Character offsets of the document in its file: [start, end). */
  range: [number, number];
  /**
   * The position of the value at `path` (a field's value; for a map key pass `{ key: true }`); falls back to the
   * nearest existing ancestor. `length` is the value's source length for scalars.
   */
  locate(path: FieldPath, opts?: { key?: boolean }): SourceRef;
}
