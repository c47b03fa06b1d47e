import type { Diagnostic } from '../../../../../core/index.ts';
import type { DryRunResult } from '../../api/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DiffView } from './DiffView.tsx';
import { impactRows, newErrors } from './model/impact.ts';

export interface ReviewDialogProps {
  review: DryRunResult;
  /** The findings before the change, so only the errors it introduces are called out. */
  current?: readonly Diagnostic[];
  applying: boolean;
  verb?: string;
  onApply(): void;
  onCancel(): void;
}

/** The diff of the file and the requests that would now go elsewhere; Apply writes it. */
export function ReviewDialog({
  review,
  current = [],
  applying,
  verb = 'Apply',
  onApply,
  onCancel,
}: ReviewDialogProps) {
  const rows = impactRows(review.impact ?? []);
  const errors = newErrors(review.diagnostics ?? [], current);
  return (
    <Dialog
      label="Review changes"
      title={`Review changes to ${review.file}`}
      wide
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn btn-primary" onClick={onApply} disabled={applying}>
            {applying ? 'Applying…' : verb}
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      <DiffView diff={review.diff} />
      <h3>Impact</h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid="impact">
          No sampled request changes its route.
        </p>
      ) : (
        <table className="impact" data-testid="impact">
          <thead>
            <tr>
              <th>Request</th>
              <th>Changes</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.request + r.before}>
                <td className="mono">{r.request}</td>
                <td>{r.changes}</td>
                <td>{r.before}</td>
                <td>{r.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {errors.length > 0 && (
        <p className="form-error">
          This change brings {errors.length} new error{errors.length === 1 ? '' : 's'}: {errors[0]!.message}
        </p>
      )}
    </Dialog>
  );
}
