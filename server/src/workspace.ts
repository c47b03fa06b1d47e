import type { Diagnostic, ParsedResource, RuntimeConfig } from './core.ts';
import { resourceKey } from './core.ts';
import type { Engine } from './engine.ts';
import type { EventBus } from './events.ts';
import type { Store, StoreChange } from './stores/store.ts';

/** The resolved view of a set of resources. */
export interface Resolved {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
}

export interface WorkspaceOptions {
  entryPoints?: RuntimeConfig['entryPoints'];
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

  constructor(
    readonly store: Store,
    readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly options: WorkspaceOptions = {},
  ) {}

  start(): void {
    this.current = this.resolveAll(this.store.resources(), this.store.diagnostics());
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
    this.current = this.resolveAll(this.store.resources(), this.store.diagnostics());
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

  /** Resolves a set of resources with every diagnostic, as the whole workspace would see them. */
  resolveAll(resources: ParsedResource[], parseDiagnostics: Diagnostic[] = []): Resolved {
    if (this.validated.size > 10_000) this.validated.clear();
    const opts = {
      ...(this.options.entryPoints === undefined ? {} : { entryPoints: this.options.entryPoints }),
      ...(this.options.now === undefined ? {} : { now: this.options.now() }),
    };
    const { config, diagnostics } = this.engine.resolve(resources, opts);
    return {
      config,
      diagnostics: [
        ...(this.options.staticDiagnostics ?? []),
        ...parseDiagnostics,
        ...resources.flatMap((r) => this.validate(r)),
        ...diagnostics,
      ],
    };
  }

  /**
   * The workspace's resources with some replaced: `drop` removes the documents of a file or some keys, `add`
   * puts new parsed documents in (a draft replaces the resource with the same key).
   */
  resourcesWith(change: {
    dropFile?: string;
    dropKeys?: string[];
    add?: ParsedResource[];
  }): ParsedResource[] {
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
}
