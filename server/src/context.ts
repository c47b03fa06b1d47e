import type { Engine } from './engine.ts';
import type { EventBus } from './events.ts';
import type { ProxyLink } from './proxy/proxy-link.ts';
import type { SseRegistry } from './sse.ts';
import type { Store } from './stores/store.ts';
import type { Workspace } from './workspace.ts';

/** What every route plugin works with. */
export interface AppContext {
  store: Store;
  workspace: Workspace;
  engine: Engine;
  bus: EventBus;
  proxy: ProxyLink;
  sse: SseRegistry;
  /** The built dashboard (index.html and assets), when there is one. */
  dashboardDir?: string;
}
