/** The graph's view model: plain serializable data, so React Flow never re-renders on identity changes. */
export type NodeKind = 'entrypoint' | 'router' | 'middleware' | 'service' | 'server';
export type NodeStatus = 'ok' | 'warning' | 'error';

/** What a node shows; kept serializable (xyflow error002: no functions or components in node data). */
export interface GraphNodeData {
  [key: string]: unknown;
  kind: NodeKind;
  /** Traefik's qualified name (`name@provider`), or the URL of a server. */
  name: string;
  /** `<Kind> <name>` or `<Kind> <name> (missing)`, for assistive technology and e2e. */
  ariaLabel: string;
  testId: string;
  status: NodeStatus;
  /** One or two short lines under the name: a router's rule and priority, a middleware's type, ... */
  lines: string[];
  /** One line per problem (`CODE: message`), for the node's body and tooltips. */
  errors: string[];
  /** The same problems with their code, place and resource, for the side panel. */
  problems: NodeProblem[];
  missing: boolean;
  namespace?: string;
}

/** One problem of an element: from a diagnostic (code and place known) or the element's own error text. */
export interface NodeProblem {
  message: string;
  code?: string;
  severity: 'error' | 'warning' | 'info';
  /** Where in the input, as the diagnostic gives it (1-based). */
  place?: { file: string; line: number; column: number };
  /** The resource the place belongs to, to open in the editor. */
  resource?: { kind: string; namespace: string; name: string };
}

export interface GraphNodeModel {
  id: string;
  data: GraphNodeData;
}

export type EdgeKind = 'entry' | 'chain' | 'weighted' | 'mirror' | 'failover' | 'server';

export interface GraphEdgeModel {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  label?: string;
}

/** One router's path: the nodes and edges a request routed by it goes through. */
export interface RouterPath {
  nodes: string[];
  edges: string[];
}

export interface RoutingGraph {
  nodes: GraphNodeModel[];
  edges: GraphEdgeModel[];
  /** Per router node id, its path (entrypoints, middlewares, service tree, servers). */
  paths: Record<string, RouterPath>;
  /** Per router node id, what filters look at. */
  routerFacets: Record<string, RouterFacets>;
}

export interface RouterFacets {
  namespace?: string;
  entryPoints: string[];
  hosts: string[];
  /** Lower-cased text searched by the free-text filter: names on the path and the rule. */
  text: string;
}

/** Node id for a kind and a qualified name. */
export function nodeId(kind: NodeKind, name: string, missing = false): string {
  return `${kind}:${missing ? 'missing:' : ''}${name}`;
}

const KIND_LABEL: Record<NodeKind, string> = {
  entrypoint: 'EntryPoint',
  router: 'Router',
  middleware: 'Middleware',
  service: 'Service',
  server: 'Server',
};

/** `EntryPoint`, `Router`, ... as the DOM contract names kinds. */
export function kindLabel(kind: NodeKind): string {
  return KIND_LABEL[kind];
}
