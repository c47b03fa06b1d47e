import { ApiError } from '../api/client.ts';

/** An API failure shown with its code and place, never a blank screen. */
export function ErrorNote({ error, what }: { error: unknown; what: string }) {
  const e = error instanceof ApiError ? error : undefined;
  return (
    <div className="error-note" role="alert">
      <strong>Could not load {what}.</strong> {e ? `${e.code}: ${e.message}` : String(error)}
    </div>
  );
}
