import type { Diagnostic, ParsedResource } from '../core.ts';

/** One stored document: the parsed resource, its own text and version, and where it lives. */
export interface StoredDocument {
  /** `Kind/namespace/name`, as core's resourceKey. */
  key: string;
  resource: ParsedResource;
  /** The document's text without its `---` separator: what the editor shows and a PUT replaces. */
  yaml: string;
  /** Hash of `yaml`; a write must present the current one. */
  resourceVersion: string;
  origin: { file: string; line: number };
}

/** What a store reports after any change, its own writes and external edits alike. */
export interface StoreChange {
  /** Keys of the documents added, removed or changed. */
  changed: string[];
  files: string[];
}

export type Mutation =
  | { op: 'create'; yaml: string; file?: string }
  | { op: 'replace'; key: string; yaml: string; resourceVersion: string }
  | { op: 'delete'; key: string; resourceVersion: string }
  | { op: 'restore'; key: string };

/** A write worked out but not yet made: the file's text before and after (null = the file does not exist). */
export interface MutationPlan {
  op: Mutation['op'];
  file: string;
  before: string | null;
  after: string | null;
  /** The key the written document has afterwards (for delete: the removed one). */
  key: string;
  /** The new document parsed on its own (create and replace): positions relative to the submitted YAML. */
  draft?: ParsedResource;
}

export interface MutationOptions {
  dryRun?: boolean;
  /**
   * Runs inside the file's lock after the plan is made and before anything is written: throw (an ApiError) to
   * refuse the write. The server uses it for checks that need the whole configuration (rule errors).
   */
  check?: (plan: MutationPlan) => void | Promise<void>;
}

export interface MutationResult {
  plan: MutationPlan;
  /** The document after the write (absent after delete, and on a dry run). */
  document?: StoredDocument;
}

/**
 * Where manifests come from and go to. The folder store is the default; a cluster store implements the same
 * interface (writes become server-side applies with resourceVersion preconditions).
 */
export interface Store {
  /** A label for logs and status, e.g. the folder path. */
  readonly location: string;
  /** Reads everything and starts watching; resolves when the first snapshot is complete. */
  open(): Promise<void>;
  /** Every document, in file order. */
  list(): StoredDocument[];
  get(key: string): StoredDocument | undefined;
  /** Every parsed resource, and the parse diagnostics (YAML errors, ignored documents). */
  resources(): ParsedResource[];
  diagnostics(): Diagnostic[];
  mutate(m: Mutation, opts?: MutationOptions): Promise<MutationResult>;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}
