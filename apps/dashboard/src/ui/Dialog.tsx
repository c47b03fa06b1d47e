import { type ReactNode, useEffect, useRef } from 'react';

export interface DialogProps {
  label: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onCancel(): void;
  wide?: boolean;
}

/** A modal dialog: labelled, focus moved inside on open, Escape cancels. */
export function Dialog({ label, title, children, actions, onCancel, wide }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('.dialog-actions button')?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            cancel.current();
          }
        }}
      >
        <h2>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}
