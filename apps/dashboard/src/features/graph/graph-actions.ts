import { createContext, type KeyboardEvent } from 'react';

/** Stable callbacks nodes use, so node data holds no functions (xyflow error002). */
export interface GraphActions {
  onKey(id: string, event: KeyboardEvent<HTMLElement>): void;
  hover(id: string | undefined): void;
}

export const GraphActionsContext = createContext<GraphActions>({
  onKey: () => {},
  hover: () => {},
});
