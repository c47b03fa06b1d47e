/** Where a finding points: a file position and the field path inside the object. Lines and columns are 1-based. */
export interface SourceRef {
  file?: string;
  line: number;
  column: number;
  /** Field path inside the object, e.g. `spec.routes[0].middlewares[1].name`. */
  path?: string;
  /** Length in characters of the offending text, when known (for editor markers). */
  length?: number;
}

/** A related object, e.g. the middleware a router references. */
export interface RelatedRef {
  kind: string;
  namespace?: string;
  name: string;
  source?: SourceRef;
}

export type Severity = 'error' | 'warning' | 'info';

/** One finding about the input: stable code, severity, message and place. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  source: SourceRef;
  /** The object the finding belongs to, when there is one. */
  object?: { kind: string; namespace?: string; name: string };
  related?: RelatedRef[];
}
