import type { DryRunResult } from '../../../api/types.ts';

/**
 * The save flow as a reducer: editing → reviewing (diff + impact) → applying → done, with the 409 branch
 * (conflict: see their change, reload, or overwrite with their version as the base).
 */
export type SaveState =
  | { kind: 'editing' }
  | { kind: 'reviewing'; review: DryRunResult }
  | { kind: 'applying'; review: DryRunResult }
  | { kind: 'conflict'; theirs: { resourceVersion: string; yaml: string | null }; showTheirs: boolean }
  | { kind: 'failed'; message: string };

export type SaveAction =
  | { type: 'review'; review: DryRunResult }
  | { type: 'cancel' }
  | { type: 'apply' }
  | { type: 'applied' }
  | { type: 'conflict'; resourceVersion: string; yaml: string | null }
  | { type: 'toggle-theirs' }
  | { type: 'failed'; message: string };

export const INITIAL_SAVE: SaveState = { kind: 'editing' };

export function saveReducer(state: SaveState, action: SaveAction): SaveState {
  switch (action.type) {
    case 'review':
      return { kind: 'reviewing', review: action.review };
    case 'apply':
      return state.kind === 'reviewing' ? { kind: 'applying', review: state.review } : state;
    case 'applied':
    case 'cancel':
      return { kind: 'editing' };
    case 'conflict':
      return {
        kind: 'conflict',
        theirs: { resourceVersion: action.resourceVersion, yaml: action.yaml },
        showTheirs: false,
      };
    case 'toggle-theirs':
      return state.kind === 'conflict' ? { ...state, showTheirs: !state.showTheirs } : state;
    case 'failed':
      return { kind: 'failed', message: action.message };
  }
}

/** Reads a 409's details: the current version and text on the server. */
export function conflictDetails(
  details: unknown,
): { resourceVersion: string; yaml: string | null } | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const d = details as { resourceVersion?: unknown; yaml?: unknown };
  if (typeof d.resourceVersion !== 'string') return undefined;
  return { resourceVersion: d.resourceVersion, yaml: typeof d.yaml === 'string' ? d.yaml : null };
}
