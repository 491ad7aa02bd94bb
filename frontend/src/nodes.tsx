// How each kind of node and a lane look on the canvas.

import { memo } from "react";
import { Handle, Position } from "@xyflow/react";
import type { Node, NodeProps } from "@xyflow/react";
import type { NodeKind } from "./convert.ts";

export type FlowNodeData = {
  kind: NodeKind;
  label: string;
  nodeId: string;
  start: boolean;
  reference?: string;
  errors: number;
  warnings: number;
  detail?: string;
};

export type LaneData = { name: string; width: number; height: number };

const KIND_NAMES: Record<NodeKind, string> = {
  step: "Step",
  decision: "Decision",
  handoff: "Handoff",
  outcome: "Outcome",
  parallel: "Parallel",
};

export function FlowNodeView({ data, selected }: NodeProps<Node<FlowNodeData>>) {
  const classes = ["sf-node", `sf-${data.kind}`];
  if (selected) classes.push("sf-selected");
  if (data.errors) classes.push("sf-has-errors");
  else if (data.warnings) classes.push("sf-has-warnings");
  const problems = data.errors + data.warnings;
  return (
    <div className={classes.join(" ")} data-node-id={data.nodeId}>
      <Handle type="target" position={Position.Left} />
      <div className="sf-node-head">
        <span className="sf-kind">{KIND_NAMES[data.kind]}</span>
        {data.start && <span className="sf-start">Start</span>}
        {problems > 0 && (
          <span className="sf-badge" title={`${problems} problem(s)`} aria-label={`${problems} problem(s)`}>
            {problems}
          </span>
        )}
      </div>
      <div className="sf-label">{data.label || <em>(empty)</em>}</div>
      <div className="sf-foot">
        <span className="sf-id">{data.nodeId}</span>
        {data.detail && <span className="sf-detail">{data.detail}</span>}
        {data.reference && <span className="sf-ref">{data.reference}</span>}
      </div>
      {data.kind !== "outcome" && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

export function LaneView({ data }: NodeProps<Node<LaneData>>) {
  return (
    <div className="sf-lane" aria-hidden="true">
      <div className="sf-lane-name">{data.name}</div>
    </div>
  );
}

/** Drawn again only when what it shows changed (the canvas reuses unchanged nodes' data). */
export const nodeTypes = { flow: memo(FlowNodeView), lane: memo(LaneView) };
