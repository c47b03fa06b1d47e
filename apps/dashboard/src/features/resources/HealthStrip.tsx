import type { Health } from './model/health.ts';

const SHOWN = 4;

export interface HealthStripProps {
  health: Health;
  entryPoints: { name: string; address: string }[];
  onOpen(id: string): void;
  onShowDiagnostics(): void;
  onEntryPoint(name: string): void;
}

/** Error and warning counts with the broken objects, and the entrypoints as filters, in one row. */
export function HealthStrip({
  health,
  entryPoints,
  onOpen,
  onShowDiagnostics,
  onEntryPoint,
}: HealthStripProps) {
  const more = health.broken.length - SHOWN;
  return (
    <section className="health" aria-label="Health">
      <button type="button" className="health-count error" onClick={onShowDiagnostics}>
        <strong>{health.errors}</strong> error{health.errors === 1 ? '' : 's'}
      </button>
      <button type="button" className="health-count warning" onClick={onShowDiagnostics}>
        <strong>{health.warnings}</strong> warning{health.warnings === 1 ? '' : 's'}
      </button>
      {health.broken.length === 0 ? (
        <span className="health-ok">Everything resolves.</span>
      ) : (
        <ul className="broken-list" aria-label="Broken objects">
          {health.broken.slice(0, SHOWN).map((b) => (
            <li key={b.id}>
              <button
                type="button"
                className={`broken ${b.status}`}
                onClick={() => onOpen(b.id)}
                title={b.reason}
              >
                <span className="broken-name">{b.label}</span>
                <span className="broken-reason">{b.reason}</span>
              </button>
            </li>
          ))}
          {more > 0 && (
            <li>
              <button type="button" className="link" onClick={onShowDiagnostics}>
                +{more} more
              </button>
            </li>
          )}
        </ul>
      )}
      <fieldset className="health-eps">
        <legend className="sr-only">Entrypoints</legend>
        {entryPoints.map((ep) => (
          <button type="button" key={ep.name} className="ep-chip" onClick={() => onEntryPoint(ep.name)}>
            {ep.name} <code>{ep.address}</code>
          </button>
        ))}
      </fieldset>
    </section>
  );
}
