import type { TraceView } from './model/trace-view.ts';

/** The trace's steps in order; misses show the clause that failed. */
export function TraceSteps({ view }: { view: TraceView }) {
  const notFound = view.notFound;
  return (
    <div className="trace-out">
      <p className="trace-summary">
        {view.status !== undefined && (
          <strong className={`pill pill-${view.status < 400 ? 'ok' : 'error'}`}>{view.status}</strong>
        )}{' '}
        {view.router ? `routed by ${view.router}` : 'no router matched'}
        {view.upstream ? ` → ${view.upstream}` : ''}
      </p>
      <ol className="trace-steps" data-testid="trace-steps">
        {view.steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are ordered and may repeat a name.
          <li key={i} className={`tstep tstep-${s.tone}`}>
            <span className="tstep-title">{s.title}</span>
            {s.lines.map((l, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional.
              <span key={j} className="tstep-line">
                {l}
              </span>
            ))}
          </li>
        ))}
      </ol>
      {(notFound || view.closestMisses.length > 0) && (
        <div className="closest" data-testid="closest-misses">
          <h3>Closest misses</h3>
          {view.closestMisses.length === 0 ? (
            <p className="muted">No router came close.</p>
          ) : (
            <ul>
              {view.closestMisses.map((m) => (
                <li key={m.router}>
                  <code>{m.router}</code> failed only on <code>{m.clause}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
