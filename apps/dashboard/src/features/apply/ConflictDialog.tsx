import { Dialog } from '../../ui/Dialog.tsx';
import { DiffView } from './DiffView.tsx';

export interface ConflictDialogProps {
  theirs: { resourceVersion: string; yaml: string | null };
  showTheirs: boolean;
  theirDiff?: string;
  onToggle(): void;
  onReload(): void;
  onOverwrite(): void;
  onCancel(): void;
}

/** The resource changed since it was opened: see their change, reload it (dropping ours), or overwrite it. */
export function ConflictDialog({
  theirs,
  showTheirs,
  theirDiff,
  onToggle,
  onReload,
  onOverwrite,
  onCancel,
}: ConflictDialogProps) {
  return (
    <Dialog
      label="Conflict"
      title="Changed meanwhile"
      wide
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onToggle} aria-expanded={showTheirs}>
            Show their change
          </button>
          <button type="button" className="btn" onClick={onReload}>
            Reload
          </button>
          <button type="button" className="btn btn-danger" onClick={onOverwrite}>
            Overwrite
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        Someone changed this resource after you opened it (now version <code>{theirs.resourceVersion}</code>).
        Nothing was written. Reload takes their version and drops your edits; Overwrite replaces their version
        with yours.
      </p>
      {showTheirs && (
        <div className="their-change" data-testid="their-change">
          {theirDiff ? (
            <DiffView diff={theirDiff} />
          ) : (
            <pre>{theirs.yaml ?? '(their text is not shown: the resource holds secret data)'}</pre>
          )}
        </div>
      )}
    </Dialog>
  );
}
