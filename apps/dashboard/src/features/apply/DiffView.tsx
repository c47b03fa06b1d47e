import { useMemo } from 'react';
import { diffStats, parseUnifiedDiff } from './model/diff-lines.ts';

/** A unified diff with line numbers and added/removed colouring. */
export function DiffView({ diff }: { diff: string }) {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  const stats = diffStats(lines);
  if (lines.length === 0) return <p className="muted">No change to the file.</p>;
  return (
    <div className="diff" data-testid="diff">
      <p className="muted">
        <span className="add-count">+{stats.added}</span> <span className="del-count">−{stats.removed}</span>
      </p>
      <pre>
        {lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional.
          <div key={i} className={`dl dl-${l.kind}`}>
            <span className="ln">{l.oldLine ?? ''}</span>
            <span className="ln">{l.newLine ?? ''}</span>
            <span className="dm">{l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}</span>
            {l.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
