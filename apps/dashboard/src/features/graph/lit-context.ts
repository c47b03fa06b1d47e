import { createContext } from 'react';

/**
 * The nodes and edges lit by hovering. Hover changes often, so it reaches nodes and edges through context: only
 * the rendered ones (those in view) re-render, and React Flow never re-adopts thousands of elements.
 */
export interface Lit {
  nodes?: ReadonlySet<string>;
  edges?: ReadonlySet<string>;
}

export const LitContext = createContext<Lit>({});
