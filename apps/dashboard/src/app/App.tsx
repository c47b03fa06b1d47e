import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { useServerEvents } from '../api/useServerEvents.ts';
import { GraphFilters } from '../features/graph/GraphFilters.tsx';
import { GraphView } from '../features/graph/GraphView.tsx';
import { useRoutingGraph } from '../features/graph/useRoutingGraph.ts';
import { DetailsPanel } from '../features/resources/DetailsPanel.tsx';
import { HealthStrip } from '../features/resources/HealthStrip.tsx';
import { ListView } from '../features/resources/ListView.tsx';
import { summarize } from '../features/resources/model/element-summary.ts';
import { summarizeHealth } from '../features/resources/model/health.ts';
import { viewCounts } from '../features/resources/model/tables.ts';
import { TracerPanel } from '../features/tracer/TracerPanel.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Header } from './Header.tsx';
import { parseResParam, resParam, useUrlState } from './url-state.ts';

// The editor pulls in Monaco; it loads when first opened, outside the first load's JavaScript.
const EditorPanel = lazy(() => import('../features/editor/EditorPanel.tsx'));

const NO_TRACE: ReadonlySet<string> = new Set();

export function App() {
  const [state, update] = useUrlState();
  const events = useServerEvents();
  const { config, diagnostics, graph, byNode } = useRoutingGraph();
  const [traced, setTraced] = useState<ReadonlySet<string>>(NO_TRACE);
  const draft = useRef<string | undefined>(undefined);
  const [hasDraft, setHasDraft] = useState(false);

  const filter = useMemo(
    () => ({
      namespace: state.ns,
      entryPoint: state.ep,
      host: state.host,
      text: state.view === 'graph' ? state.q : undefined,
    }),
    [state.ns, state.ep, state.host, state.q, state.view],
  );
  const health = useMemo(
    () => summarizeHealth(graph, diagnostics.data?.items ?? []),
    [graph, diagnostics.data],
  );
  const counts = useMemo(
    () =>
      config.data ? viewCounts(config.data.config, diagnostics.data?.items ?? [], graph, Date.now()) : {},
    [config.data, diagnostics.data, graph],
  );
  const open = useCallback((id: string) => update({ node: id, panel: 'details' }), [update]);
  const openInGraph = useCallback(
    (id: string) => update({ view: 'graph', node: id, panel: 'details' }),
    [update],
  );
  const onDraft = useCallback((yaml: string | undefined) => {
    draft.current = yaml;
    setHasDraft(yaml !== undefined);
  }, []);

  const node = state.node ? graph.nodes.find((n) => n.id === state.node) : undefined;
  const summary =
    node && config.data
      ? summarize(config.data.config, node.data, byNode.get(node.id)?.filter((r) => r !== node.id) ?? [])
      : undefined;
  const editRef = parseResParam(state.res);
  const resourceForNode = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    return n && config.data ? summarize(config.data.config, n.data, []).resource : undefined;
  };
  const edit = (id: string) => {
    const ref = resourceForNode(id);
    if (ref) update({ node: id, panel: 'edit', res: resParam(ref) });
  };
  const entryPoints = Object.entries(config.data?.config.entryPoints ?? {}).map(([name, ep]) => ({
    name,
    address: ep.address,
  }));

  return (
    <div className="app">
      <Header state={state} events={events} counts={counts} update={update} />
      <HealthStrip
        health={health}
        entryPoints={entryPoints}
        onOpen={openInGraph}
        onShowDiagnostics={() => update({ view: 'diagnostics', node: undefined })}
        onEntryPoint={(ep) => update({ view: 'graph', ep }, true)}
      />
      {config.isError && <ErrorNote error={config.error} what="the configuration" />}
      <div className="workspace">
        <main className="app-main">
          {state.view === 'graph' ? (
            <>
              <GraphFilters graph={graph} state={state} update={update} />
              <ErrorBoundary what="graph">
                <GraphView
                  graph={graph}
                  filter={filter}
                  selected={state.node}
                  traced={traced}
                  collapsed={state.mw === 'collapsed'}
                  onOpen={open}
                />
              </ErrorBoundary>
            </>
          ) : config.data ? (
            <ListView
              view={state.view}
              state={state}
              update={update}
              config={config.data.config}
              diagnostics={diagnostics.data?.items ?? []}
              graph={graph}
              onGraph={openInGraph}
              onEdit={edit}
            />
          ) : (
            <p className="app-loading">Loading the configuration…</p>
          )}
          {state.trace === '1' && (
            <TracerPanel
              config={config.data?.config}
              hasDraft={hasDraft}
              draft={draft}
              onTraced={setTraced}
              onClose={() => {
                setTraced(NO_TRACE);
                update({ trace: undefined });
              }}
            />
          )}
        </main>
        {(state.panel === 'new' || (state.panel === 'edit' && editRef)) && (
          <Suspense fallback={<aside className="panel panel-wide app-loading">Loading the editor…</aside>}>
            <EditorPanel
              key={state.panel === 'new' ? `new:${state.template ?? ''}` : `edit:${state.res ?? ''}`}
              resource={state.panel === 'edit' ? editRef : undefined}
              at={state.panel === 'edit' ? state.at : undefined}
              template={state.panel === 'new' ? state.template : undefined}
              onTemplate={(template) => update({ template }, true)}
              onDraft={onDraft}
              onClose={() => {
                onDraft(undefined);
                update({
                  panel: state.node && state.panel === 'edit' ? 'details' : undefined,
                  template: undefined,
                  res: undefined,
                  at: undefined,
                });
              }}
              onTrace={() => update({ trace: '1' })}
            />
          </Suspense>
        )}
        {state.panel === 'details' && node && summary && (
          <DetailsPanel
            data={node.data}
            summary={summary}
            onClose={() => update({ node: undefined, panel: undefined })}
            onEdit={() =>
              summary.resource && update({ panel: 'edit', res: resParam(summary.resource), at: undefined })
            }
            onOpen={open}
            onOpenPlace={(p) =>
              p.resource &&
              p.place &&
              update({ panel: 'edit', res: resParam(p.resource), at: `${p.place.line}:${p.place.column}` })
            }
            onCreateMissing={
              node.data.missing && node.data.kind === 'middleware'
                ? () => update({ panel: 'new', template: 'middleware:headers', node: undefined })
                : undefined
            }
          />
        )}
      </div>
    </div>
  );
}
