import { useConfig, useProxyStatus } from '../api/hooks.ts';
import type { EventsState } from '../api/useServerEvents.ts';
import { type UrlState, VIEWS, type View } from './url-state.ts';

const VIEW_LABEL: Record<View, string> = {
  graph: 'Graph',
  routers: 'Routers',
  services: 'Services',
  middlewares: 'Middlewares',
  entrypoints: 'Entrypoints',
  tls: 'TLS',
  diagnostics: 'Diagnostics',
};

export interface HeaderProps {
  state: UrlState;
  events: EventsState;
  counts: Partial<Record<View, { total: number; errors: number }>>;
  update(patch: Partial<UrlState>): void;
}

/** Brand, navigation with problem badges, config version, proxy state, and the global actions. */
export function Header({ state, events, counts, update }: HeaderProps) {
  const config = useConfig();
  const proxy = useProxyStatus();
  const proxyState = proxy.data?.state;
  const proxyText = !proxy.data
    ? proxy.isError
      ? 'unknown'
      : '…'
    : proxyState === 'failed'
      ? `failed: ${proxy.data.error ?? 'unknown reason'}`
      : (proxyState ?? 'unknown');
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        Routeyard
      </div>
      <nav aria-label="Views" className="views">
        {VIEWS.map((v) => {
          const c = counts[v];
          return (
            <button
              type="button"
              key={v}
              className={`view-tab${state.view === v ? ' active' : ''}`}
              aria-current={state.view === v ? 'page' : undefined}
              onClick={() =>
                update({ view: v, sort: undefined, dir: undefined, q: undefined, status: undefined })
              }
            >
              {VIEW_LABEL[v]}
              {c && v !== 'graph' && (
                <span className={`badge${c.errors > 0 ? ' badge-error' : ''}`}>
                  {c.total}
                  {c.errors > 0 ? ` · ${c.errors} error${c.errors === 1 ? '' : 's'}` : ''}
                </span>
              )}
            </button>
          );
        })}
      </nav>
      <div className="header-status">
        <span className="meta" title={`configuration version ${config.data?.version ?? ''}`}>
          config <code data-testid="config-version">{config.data?.version ?? '…'}</code>
        </span>
        <span
          className={`proxy-state proxy-${proxyState ?? 'unknown'}`}
          title={`${proxyText}${proxy.data?.servedVersion ? ` · serving ${proxy.data.servedVersion}` : ''}`}
        >
          proxy <strong data-testid="proxy-state">{proxyText}</strong>
        </span>
        <span className={`live live-${events}`} title={`server events: ${events}`}>
          <span className="sr-only">server events {events}</span>
        </span>
        <button type="button" className="btn" onClick={() => update({ panel: 'new', node: undefined })}>
          New
        </button>
        <button type="button" className="btn btn-primary" onClick={() => update({ trace: '1' })}>
          Trace
        </button>
      </div>
    </header>
  );
}
