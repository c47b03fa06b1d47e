import { Handle, type Node, type NodeProps, Position, type ReactFlowState, useStore } from '@xyflow/react';
import { memo, useContext } from 'react';
import { GraphActionsContext } from '../graph-actions.ts';
import { LitContext } from '../lit-context.ts';
import type { GraphNodeData } from '../model/types.ts';

export type FlowNodeData = GraphNodeData & { traced?: boolean };
export type FlowNode = Node<FlowNodeData, 'routing'>;

/** Below this zoom the text is unreadable anyway: nodes draw as coloured boxes, which keeps zoomed-out views fast. */
const FAR_ZOOM = 0.4;
const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

const KIND_TAG: Record<GraphNodeData['kind'], string> = {
  entrypoint: 'EP',
  router: 'R',
  middleware: 'MW',
  service: 'SVC',
  server: 'SRV',
};

/**
 * One node of the routing graph. The focusable element carries the role, label and test id the DOM contract
 * names; actions go through GraphActionsContext so node data stays serializable.
 */
function GraphNode({ id, data }: NodeProps<FlowNode>) {
  const actions = useContext(GraphActionsContext);
  const far = useStore(isFar);
  const lit = useContext(LitContext).nodes?.has(id) ?? false;
  const statusText = data.status === 'ok' ? 'ok' : data.status;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <button> cannot hold the node's block layout and handles.
    <div
      role="button"
      tabIndex={0}
      aria-label={data.ariaLabel}
      aria-describedby={far ? undefined : `${id}-desc`}
      data-testid={data.testId}
      data-status={data.status}
      data-traced={data.traced ? 'true' : undefined}
      className={`gnode gnode-${data.kind} status-${data.status}${data.missing ? ' missing' : ''}${far ? ' far' : ''}${lit ? ' lit' : ''}`}
      onKeyDown={(event) => actions.onKey(id, event)}
      onMouseEnter={(event) => {
        // While a button is down the user is panning: lighting paths then would only cost frames.
        if (event.buttons === 0) actions.hover(id);
      }}
      onMouseLeave={() => actions.hover(undefined)}
      onFocus={() => actions.hover(id)}
      onBlur={() => actions.hover(undefined)}
    >
      {data.kind !== 'entrypoint' && <Handle type="target" position={Position.Left} isConnectable={false} />}
      {!far && (
        <>
          <div className="gnode-head">
            <span className={`kind-tag kind-${data.kind}`}>{KIND_TAG[data.kind]}</span>
            <span className="gnode-name" title={data.name}>
              {data.missing ? `missing: ${shortName(data)}` : shortName(data)}
            </span>
            {data.status !== 'ok' && <span className={`status-dot ${data.status}`} aria-hidden="true" />}
          </div>
          <div id={`${id}-desc`} className="gnode-body">
            {data.missing || data.errors.length > 0 ? (
              <span className="gnode-error" title={data.errors.join('\n')}>
                {data.errors[0] ?? statusText}
              </span>
            ) : (
              data.lines.map((line) => (
                <span key={line} className="gnode-line" title={line}>
                  {line}
                </span>
              ))
            )}
          </div>
        </>
      )}
      {data.kind !== 'server' && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </div>
  );
}

/**
 * The name as the node shows it: without the `@provider` suffix, which every CRD element shares and which would
 * push the distinctive part out of the box. The full name is in the tooltip, the label and the side panel.
 */
function shortName(data: GraphNodeData): string {
  if (data.kind === 'server' || data.kind === 'entrypoint') return data.name;
  const at = data.name.lastIndexOf('@');
  return at > 0 ? data.name.slice(0, at) : data.name;
}

export default memo(GraphNode);
