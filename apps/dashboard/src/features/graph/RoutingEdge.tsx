import { BaseEdge, type Edge, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo, useContext } from 'react';
import { LitContext } from './lit-context.ts';

export type RoutingEdgeData = { traced?: boolean };
export type FlowEdge = Edge<RoutingEdgeData, 'routing'>;

/** A bezier edge that lights when hovering a node on its path, and stands out when traced. */
function RoutingEdge(props: EdgeProps<FlowEdge>) {
  const lit = useContext(LitContext).edges?.has(props.id) ?? false;
  const [path, labelX, labelY] = getBezierPath(props);
  const traced = props.data?.traced ?? false;
  return (
    <g className={`${lit ? 'lit' : ''}${traced ? ' traced' : ''}`}>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        label={props.label}
        labelX={labelX}
        labelY={labelY}
        labelShowBg={props.labelShowBg}
      />
    </g>
  );
}

export default memo(RoutingEdge);
