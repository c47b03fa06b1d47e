import { CODES, type DiagnosticCode } from '../diagnostics/codes.ts';
import type { Diagnostic, RelatedRef } from '../diagnostics/diagnostic.ts';
import { formatPath } from '../resources/index.ts';
import type { FieldPath, ParsedResource } from '../resources/types.ts';
import { type Catalog, namespaceOf } from './catalog.ts';
import type { EffectiveOptions } from './options.ts';
import type { SourceLink } from './types.ts';

/** Dependency key of the EndpointSlices of one Service. */
export function slicesDep(namespace: string, service: string): string {
  return `EndpointSlice@${namespace}/${service}`;
}

/** Dependency key of the set of Nodes. */
export const NODES_DEP = 'Node@*';

/**
 * What one object's resolution may read and write: the catalog (every lookup is recorded as a dependency, so
 * the incremental resolver knows what to redo when another object changes) and its own diagnostics.
 */
export class BuildContext {
  readonly deps = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];

  /** `trackDeps` false: nothing will re-resolve from this build (a one-shot resolve), so lookups are not recorded. */
  constructor(
    readonly catalog: Catalog,
    readonly opts: EffectiveOptions,
    private readonly trackDeps = true,
  ) {}

  get(kind: string, namespace: string, name: string): ParsedResource | undefined {
    if (this.trackDeps) this.deps.add(`${kind}/${namespace}/${name}`);
    return this.catalog.get(kind, namespace, name);
  }

  endpointSlices(namespace: string, service: string): ParsedResource[] {
    if (this.trackDeps) this.deps.add(slicesDep(namespace, service));
    return this.catalog.endpointSlices(namespace, service);
  }

  nodes(): ParsedResource[] {
    if (this.trackDeps) this.deps.add(NODES_DEP);
    return this.catalog.list('Node');
  }

  /** True when a reference from `parent` to `target` namespace is allowed (Traefik's `isNamespaceAllowed`). */
  namespaceAllowed(parent: string, target: string): boolean {
    return this.opts.allowCrossNamespace || parent === target;
  }

  report(
    r: ParsedResource,
    code: DiagnosticCode,
    path: FieldPath,
    message: string,
    related?: RelatedRef[],
  ): void {
    this.diagnostics.push(makeDiagnostic(r, code, path, message, related));
  }
}

/** A diagnostic of the catalogue's severity, at a field of an object. */
export function makeDiagnostic(
  r: ParsedResource,
  code: DiagnosticCode,
  path: FieldPath,
  message: string,
  related?: RelatedRef[],
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: CODES[code].severity,
    message,
    source: r.locate(path),
    object: { kind: r.object.kind, namespace: namespaceOf(r), name: r.object.metadata.name },
  };
  if (related !== undefined && related.length > 0) d.related = related;
  return d;
}

/** The `source` link of an element made from a field of an object. */
export function sourceLink(r: ParsedResource, path: FieldPath): SourceLink {
  const at = r.locate(path);
  const link: SourceLink = { kind: r.object.kind, namespace: namespaceOf(r), name: r.object.metadata.name };
  // The located reference formats the same path; reuse it.
  if (path.length > 0) link.path = at.path ?? formatPath(path);
  if (at.file !== undefined) link.file = at.file;
  link.line = at.line;
  link.column = at.column;
  return link;
}

/** A failure that makes Traefik skip the element being built, with where it points. */
export class BuildError {
  constructor(
    readonly code: DiagnosticCode,
    readonly path: FieldPath,
    readonly message: string,
  ) {}
}

/** The object and field an element of the configuration was built from. */
export interface ElementOrigin {
  resource: ParsedResource;
  path: FieldPath;
}

// Kept on the element itself, not enumerable (so neither JSON, spreads nor equality see it): a WeakMap with an entry
// per element of every resolve cost more in its own upkeep and in garbage collection than the rest of the build.
const ORIGIN = Symbol('origin');

/** Sets an element's `source` and remembers its object and field for later checks. */
export function withSource<T extends { source?: SourceLink }>(
  element: T,
  r: ParsedResource,
  path: FieldPath,
): T {
  element.source = sourceLink(r, path);
  const origin: ElementOrigin = { resource: r, path };
  Object.defineProperty(element, ORIGIN, { value: origin, writable: true, configurable: true });
  return element;
}

/** The object and field an element was built from (see {@link withSource}). */
export function originOf(element: object): ElementOrigin | undefined {
  return (element as { [ORIGIN]?: ElementOrigin })[ORIGIN];
}
