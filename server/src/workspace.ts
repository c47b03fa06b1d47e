import type { Diagnostic, KubernetesCRDOptions, ParsedResource, RuntimeConfig } from './core.ts';
import { findDuplicates, resourceKey } from './core.ts';
import type { Engine, ResolveOutput, ResolveWith } from './engine.ts';
import type { EventBus } from './events.ts';
import type { Store, StoreChange } from './stores/store.ts';

/** The resolved view of a set of resources. */
export interface Resolved {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
}

export interface WorkspaceOptions {
  entryPoints?: RuntimeConfig['entryPoints'];
  kubernetesCRD?: KubernetesCRDOptions;
  /** Diagnostics of the static configuration file, shown with the rest. */
  staticDiagnostics?: Diagnostic[];
  /** Milliseconds since the epoch, for certificate expiry; injected so tests are deterministic. */
  now?: () => number;
}

/**
 * The store's resources resolved into one RuntimeConfig with every diagnostic (parse, schema, resolve). It
 * re-resolves after every store change and publishes `resources` and `config` events.
 */
export class Workspace {
  private current!: Resolved;
  private readonly validated = new Map<string, Diagnostic[]>();
  private unsubscribe: (() => void) | undefined;
  private resolver: ReturnType<NonNullable<Engine['createResolver']>> | undefined;
  private resolverBornAt = 0;
  private incrementalFailed = false;
  /** What the incremental resolver holds: each resource by file and key. */
  private held = new Map<string, ParsedResource>();

  constructor(
    readonly store: Store,
    readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly options: WorkspaceOptions = {},
  ) {}

  start(): void {
    this.current = this.resolveStore();
    this.unsubscribe = this.store.subscribe((c) => this.onChange(c));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  get config(): RuntimeConfig {
    return this.current.config;
  }

  get version(): string {
    return this.current.config.version;
  }

  get diagnostics(): Diagnostic[] {
    return this.current.diagnostics;
  }

  private onChange(change: StoreChange): void {
    const before = this.version;
    try {
      this.current = this.resolveStore();
    } catch {
      // A resolver bug must not take the server down: the last good configuration stays, and the resources event
      // below still tells clients the files changed.
    }
    this.bus.publish({ type: 'resources', data: { version: this.version, changed: change.changed } });
    if (this.version !== before) this.bus.publish({ type: 'config', data: { version: this.version } });
  }

  /** Schema diagnostics of one resource, cached by its place and text (most documents never change). */
  private validate(r: ParsedResource): Diagnostic[] {
    const key = `${r.file}\0${r.range[0]}\0${r.text}`;
    let found = this.validated.get(key);
    if (found === undefined) {
      found = this.engine.validate(r);
      this.validated.set(key, found);
    }
    return found;
  }

  /** The options every resolve of this workspace uses (drafts and dry runs included). */
  resolveOptions(): ResolveWith {
    return {
      ...(this.options.entryPoints === undefined ? {} : { entryPoints: this.options.entryPoints }),
      ...(this.options.kubernetesCRD === undefined ? {} : { kubernetesCRD: this.options.kubernetesCRD }),
      ...(this.options.now === undefined ? {} : { now: this.options.now() }),
    };
  }

  /** The clock for traces (middlewares that need one); none in tests, so traces stay deterministic. */
  traceOptions(): { now?: number } {
    return this.options.now === undefined ? {} : { now: this.options.now() };
  }

  /**
   * Resolves the store's own set. With an incremental resolver only the changed documents are rebuilt; it is
   * recreated hourly so certificate expiry follows the clock.
   */
  private resolveStore(): Resolved {
    const resources = this.store.resources();
    const parseDiagnostics = this.store.diagnostics();
    if (this.engine.createResolver === undefined || this.incrementalFailed) {
      return this.resolveAll(resources, parseDiagnostics);
    }
    try {
      return this.withDiagnostics(this.resolveIncrementally(resources), resources, parseDiagnostics);
    } catch {
      // An incremental resolver that throws is not trusted again in this process: full resolves from now on.
      this.incrementalFailed = true;
      this.resolver = undefined;
      return this.resolveAll(resources, parseDiagnostics);
    }
  }

  private resolveIncrementally(resources: ParsedResource[]): ResolveOutput {
    const now = this.options.now?.() ?? 0;
    const next = new Map(resources.map((r) => [`${r.file}\0${resourceKey(r.object)}`, r]));
    let out: ResolveOutput;
    if (this.resolver === undefined || now - this.resolverBornAt > 3_600_000) {
      this.resolver = this.engine.createResolver!(resources, this.resolveOptions());
      this.resolverBornAt = now;
      out = this.resolver.current();
    } else {
      const changed = [...next].filter(([id, r]) => {
        const old = this.held.get(id);
        return old === undefined || old.text !== r.text || old.range[0] !== r.range[0];
      });
      const removed = [...this.held].filter(([id]) => !next.has(id)).map(([, r]) => r);
      out = this.resolver.update(
        changed.map(([, r]) => r),
        removed,
      );
    }
    this.held = next;
    return out;
  }

  private withDiagnostics(
    out: { config: RuntimeConfig; diagnostics: Diagnostic[] },
    resources: ParsedResource[],
    parseDiagnostics: Diagnostic[],
  ): Resolved {
    if (this.validated.size > 10_000) this.validated.clear();
    return {
      config: out.config,
      diagnostics: [
        ...(this.options.staticDiagnostics ?? []),
        ...parseDiagnostics,
        ...resources.flatMap((r) => this.validate(r)),
        ...findDuplicates(resources),
        ...out.diagnostics,
      ],
    };
  }

  /** Resolves a set of resources with every diagnostic, as the whole workspace would see them. */
  resolveAll(resources: ParsedResource[], parseDiagnostics: Diagnostic[] = []): Resolved {
    return this.withDiagnostics(
      this.engine.resolve(resources, this.resolveOptions()),
      resources,
      parseDiagnostics,
    );
  }

  /**
   * The workspace's resources with some replaced: `dropFile` removes a file's documents, `dropKeys` some objects,
   * and `add` puts new parsed documents in (each replacing the object with its key).
   */
  resourcesWith(change: VariantChange): ParsedResource[] {
    const added = new Set((change.add ?? []).map((r) => resourceKey(r.object)));
    const dropKeys = new Set(change.dropKeys ?? []);
    const kept = this.store
      .resources()
      .filter(
        (r) =>
          r.file !== change.dropFile &&
          !dropKeys.has(resourceKey(r.object)) &&
          !added.has(resourceKey(r.object)),
      );
    return [...kept, ...(change.add ?? [])];
  }

  /**
   * Resolves the workspace as it would be after a change (a draft, a dry run), with every diagnostic. With an
   * incremental resolver the change is applied to it and reverted at once (synchronously, so nothing else sees
   * the intermediate state): a draft costs a few objects' work instead of a full resolve.
   */
  resolveWith(change: VariantChange, parseDiagnostics: Diagnostic[] = this.store.diagnostics()): Resolved {
    const resources = this.resourcesWith(change);
    const resolver = this.resolver;
    if (resolver === undefined) return this.resolveAll(resources, parseDiagnostics);
    const id = (r: ParsedResource) => `${r.file}\0${resourceKey(r.object)}`;
    const add = change.add ?? [];
    const addIds = new Set(add.map(id));
    const keep = new Set(resources.map(id));
    const removed = [...this.held.values()].filter((r) => !keep.has(id(r)) && !addIds.has(id(r)));
    const restore = [...removed, ...add.flatMap((r) => this.held.get(id(r)) ?? [])];
    const unadd = add.filter((r) => !this.held.has(id(r)));
    let out: ResolveOutput;
    try {
      out = resolver.update(add, removed);
    } finally {
      try {
        resolver.update(restore, unadd);
      } catch {
        // The resolver's state is unknown now: the next store change builds a new one.
        this.resolver = undefined;
      }
    }
    return this.withDiagnostics(out, resources, parseDiagnostics);
  }
}

/** A change to resolve without writing it: see {@link Workspace.resourcesWith}. */
export interface VariantChange {
  dropFile?: string;
  dropKeys?: string[];
  add?: ParsedResource[];
}
