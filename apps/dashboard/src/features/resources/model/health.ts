import type { Diagnostic } from '../../../../../../core/index.ts';
import type { RoutingGraph } from '../../graph/model/types.ts';

export interface BrokenItem {
  id: string;
  label: string;
  reason: string;
  status: 'error' | 'warning';
}

export interface Health {
  errors: number;
  warnings: number;
  broken: BrokenItem[];
}

/**
 * What is broken, for the strip above the fold (anchors point 1): diagnostic counts, and the elements in error
 * first, then those with warnings, each with its first reason.
 */
export function summarizeHealth(graph: RoutingGraph, diagnostics: readonly Diagnostic[]): Health {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const broken: BrokenItem[] = [];
  for (const n of graph.nodes) {
    if (n.data.status === 'ok' || n.data.kind === 'server') continue;
    broken.push({
      id: n.id,
      label: n.data.missing ? `${n.data.ariaLabel}` : n.data.ariaLabel,
      reason: n.data.errors[0] ?? n.data.status,
      status: n.data.status,
    });
  }
  broken.sort((a, b) =>
    a.status === b.status ? a.label.localeCompare(b.label) : a.status === 'error' ? -1 : 1,
  );
  return { errors, warnings, broken };
}
