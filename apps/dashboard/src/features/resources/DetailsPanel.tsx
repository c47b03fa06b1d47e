import { CopyButton } from '../../ui/CopyButton.tsx';
import { useEscape } from '../../ui/useEscape.ts';
import { placeText, problemText } from '../graph/model/node-problems.ts';
import type { GraphNodeData, NodeProblem } from '../graph/model/types.ts';
import type { ElementSummary, LinkItem } from './model/element-summary.ts';

export interface DetailsPanelProps {
  data: GraphNodeData;
  summary: ElementSummary;
  onClose(): void;
  onEdit(): void;
  onOpen(id: string): void;
  onCreateMissing?(): void;
  /** Opens the editor on a problem's resource at its place. */
  onOpenPlace?(problem: NodeProblem): void;
}

/** The side panel: a readable summary of one element, its problems first, and Edit. */
export function DetailsPanel({
  data,
  summary,
  onClose,
  onEdit,
  onOpen,
  onCreateMissing,
  onOpenPlace,
}: DetailsPanelProps) {
  useEscape(onClose);
  const editable = summary.resource !== undefined;
  return (
    // biome-ignore lint/a11y/noRedundantRoles: the DOM contract names the role explicitly.
    <aside role="complementary" aria-label="Details" className="panel">
      <div className="panel-head">
        <div className="panel-title">
          <span className={`kind-tag kind-${data.kind}`}>{data.ariaLabel.split(' ')[0]}</span>
          <h2 title={data.name}>{data.missing ? `missing: ${data.name}` : data.name}</h2>
          <CopyButton text={data.name} label="Copy name" />
        </div>
        <div className="panel-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={onEdit}
            disabled={!editable}
            title={editable ? 'Edit the resource this comes from' : 'Not backed by an editable resource'}
          >
            Edit
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <div className="panel-body">
        <p className={`status-line status-${data.status}`}>
          <span className={`status-dot ${data.status}`} aria-hidden="true" /> {statusLabel(data.status)}
        </p>
        {(data.problems.length > 0 || data.missing) && (
          <div className={`problems problems-${data.status}`} role="alert">
            <ul className="problem-items" aria-label="Problems">
              {data.problems.map((p) => (
                <ProblemItem key={problemKey(p)} problem={p} onOpenPlace={onOpenPlace} />
              ))}
            </ul>
            {data.missing && onCreateMissing && (
              <button type="button" className="btn" onClick={onCreateMissing}>
                Create {data.kind} “{data.name.split('@')[0]}”
              </button>
            )}
          </div>
        )}
        {summary.clauses && summary.clauses.length > 0 && (
          <section aria-label="Rule">
            <h3>
              Rule{' '}
              <CopyButton
                text={summary.clauses.map((c) => (c.op ? `${c.op} ${c.text}` : c.text)).join(' ')}
                label="Copy rule"
              />
            </h3>
            <ol className="clauses">
              {summary.clauses.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: clauses are positional and may repeat.
                <li key={i}>
                  {c.op && <span className="op">{c.op}</span>}
                  <code>{c.text}</code>
                </li>
              ))}
            </ol>
          </section>
        )}
        <dl className="fields">
          {summary.priority && (
            <>
              <dt>Priority</dt>
              <dd>
                <code>{summary.priority.value}</code>
                {summary.priority.derived && <span className="muted"> (rule length, the default)</span>}
              </dd>
            </>
          )}
          {summary.fields.map((f) => (
            <FieldRow key={f.label} label={f.label} value={f.value} mono={f.mono} />
          ))}
          {summary.source && (
            <>
              <dt>Source</dt>
              <dd>
                {summary.source.kind} {summary.source.namespace ? `${summary.source.namespace}/` : ''}
                {summary.source.name}
                {summary.source.file && (
                  <div>
                    <code>
                      {summary.source.file}
                      {summary.source.line ? `:${summary.source.line}` : ''}
                    </code>
                  </div>
                )}
              </dd>
            </>
          )}
        </dl>
        <Links title="Uses" items={summary.uses} onOpen={onOpen} />
        {data.kind !== 'router' && data.kind !== 'entrypoint' && (
          <Links title="Used by" items={summary.usedBy} onOpen={onOpen} empty="No router uses this." />
        )}
        {summary.raw !== undefined && (
          <details className="raw">
            <summary>Configuration (JSON)</summary>
            <pre>{JSON.stringify(summary.raw, null, 2)}</pre>
          </details>
        )}
      </div>
    </aside>
  );
}

/** One problem: its code, message and place (a link into the editor), with a copy button. */
function ProblemItem({
  problem,
  onOpenPlace,
}: {
  problem: NodeProblem;
  onOpenPlace?: (p: NodeProblem) => void;
}) {
  const place = problem.place ? placeText(problem.place) : undefined;
  const copy = place ? `${place} ${problemText(problem)}` : problemText(problem);
  return (
    <li className={`problem problem-${problem.severity}`}>
      <div className="problem-main">
        {problem.code && <span className="problem-code">{problem.code}</span>}
        <span className="problem-message">{problem.message}</span>
        {place &&
          (problem.resource && onOpenPlace ? (
            <button
              type="button"
              className="link problem-place"
              title={`Open ${problem.resource.kind} ${problem.resource.namespace}/${problem.resource.name} in the editor at line ${problem.place?.line}`}
              onClick={() => onOpenPlace(problem)}
            >
              {place}
            </button>
          ) : (
            <code className="problem-place">{place}</code>
          ))}
      </div>
      <CopyButton text={copy} label="Copy problem" />
    </li>
  );
}

function problemKey(p: NodeProblem): string {
  return `${problemText(p)}@${p.place ? placeText(p.place) : ''}`;
}

function FieldRow({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono pre' : undefined}>{value}</dd>
    </>
  );
}

function Links({
  title,
  items,
  onOpen,
  empty,
}: {
  title: string;
  items: LinkItem[];
  onOpen(id: string): void;
  empty?: string;
}) {
  if (items.length === 0 && !empty) return null;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="links">
          {items.map((item) => (
            <li key={item.id + item.label}>
              <button type="button" className="link" onClick={() => onOpen(item.id)}>
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function statusLabel(status: GraphNodeData['status']): string {
  return status === 'ok' ? 'OK' : status === 'warning' ? 'Warning' : 'Error';
}
