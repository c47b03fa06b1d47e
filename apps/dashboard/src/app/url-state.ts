import { useCallback, useSyncExternalStore } from 'react';

export const VIEWS = [
  'graph',
  'routers',
  'services',
  'middlewares',
  'entrypoints',
  'tls',
  'diagnostics',
] as const;
export type View = (typeof VIEWS)[number];
export type Panel = 'details' | 'edit' | 'new';
export type StatusFilter = 'all' | 'error' | 'warning' | 'ok';

/** Everything a link can restore: the page, the open panel, graph filters and table state. */
export interface UrlState {
  view: View;
  /** Graph node id of the selected element. */
  node?: string;
  panel?: Panel;
  /** Template id for a new resource. */
  template?: string;
  /** The resource being edited, `<kind>/<namespace>/<name>`: kept apart from `node`, whose name may change on save. */
  res?: string;
  /** `<line>:<column>` in the resource's file where the editor opens (a problem's place). */
  at?: string;
  /** `1` while the tracer is open; it stays open beside the editor, to trace drafts. */
  trace?: string;
  /** `collapsed` draws each router's middleware chain as one edge. */
  mw?: string;
  ns?: string;
  ep?: string;
  host?: string;
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  status?: StatusFilter;
}

const KEYS = [
  'node',
  'panel',
  'template',
  'res',
  'at',
  'trace',
  'mw',
  'ns',
  'ep',
  'host',
  'q',
  'sort',
  'dir',
  'status',
] as const;

/** Reads the state from a query string; unknown values fall back to defaults. */
export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const view = p.get('view');
  const state: UrlState = {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : 'graph',
  };
  for (const key of KEYS) {
    const v = p.get(key);
    if (v !== null && v !== '') (state as unknown as Record<string, string>)[key] = v;
  }
  if (state.dir && state.dir !== 'asc' && state.dir !== 'desc') delete state.dir;
  if (state.status && !['all', 'error', 'warning', 'ok'].includes(state.status)) delete state.status;
  if (state.panel && !['details', 'edit', 'new'].includes(state.panel)) delete state.panel;
  return state;
}

/** Writes the state as a query string, leaving out defaults so links stay short. */
export function serializeUrlState(state: UrlState): string {
  const p = new URLSearchParams();
  if (state.view !== 'graph') p.set('view', state.view);
  for (const key of KEYS) {
    const v = state[key];
    if (v !== undefined && v !== '') p.set(key, v);
  }
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('routeyard:url', onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('routeyard:url', onChange);
  };
}

/** Navigates to a new state; `replace` for typing in filters so the back button skips keystrokes. */
export function navigate(state: UrlState, replace = false): void {
  const url = `${window.location.pathname}${serializeUrlState(state)}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event('routeyard:url'));
}

/** The URL state and a setter that patches it. */
export function useUrlState(): [UrlState, (patch: Partial<UrlState>, replace?: boolean) => void] {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  const state = parseUrlState(search);
  const update = useCallback((patch: Partial<UrlState>, replace = false) => {
    navigate({ ...parseUrlState(window.location.search), ...patch }, replace);
  }, []);
  return [state, update];
}

/** The `res` value for a resource. */
export function resParam(ref: { kind: string; namespace: string; name: string }): string {
  return [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
}

/** Reads a `res` value back; undefined when malformed. */
export function parseResParam(
  value: string | undefined,
): { kind: string; namespace: string; name: string } | undefined {
  const parts = value?.split('/');
  if (parts?.length !== 3 || parts.some((p) => p === '')) return undefined;
  const [kind, namespace, name] = parts.map(decodeURIComponent) as [string, string, string];
  return { kind, namespace, name };
}
