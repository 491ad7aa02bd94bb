// The canvas's nodes and edges made from the graph and its layout. Each is reused while
// nothing it shows changed, so an edit re-renders the nodes it touched rather than all of them.

import { MarkerType } from "@xyflow/react";
import type { Edge, Node } from "@xyflow/react";
import type { Graph, GraphNode } from "./convert.ts";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout.ts";
import type { Box, Layout } from "./layout.ts";
import type { FlowNodeData, LaneData } from "./nodes.tsx";
import { byNode } from "./problems.ts";
import type { Placed } from "./problems.ts";

/** The last canvas node made for each flow node, with what it showed. */
export type NodeCache = Map<string, { key: string; node: Node<FlowNodeData> }>;

/** The last canvas edge made for each link, with what it showed. */
export type EdgeCache = Map<string, { key: string; edge: Edge }>;

function laneName(graph: Graph, id: string): string {
  return graph.lanes.find((lane) => lane.id === id)?.name ?? id;
}

function detailOf(graph: Graph, node: GraphNode): string | undefined {
  if (node.kind === "handoff") return `to ${laneName(graph, String(node.source.to_role ?? ""))}`;
  if (node.kind === "parallel") return typeof node.source.join === "string" ? `joins at ${node.source.join}` : "no join";
  return undefined;
}

function laneNodes(laid: Layout): Node<LaneData>[] {
  return laid.bands.map((band) => ({
    id: `lane:${band.id}`,
    type: "lane",
    position: { x: 0, y: band.top },
    data: { name: band.name, width: laid.width, height: band.height },
    style: { width: laid.width, height: band.height },
    draggable: false,
    selectable: false,
    deletable: false,
    focusable: false,
    zIndex: -1,
  }));
}

/** The lanes as bands, then every flow node at its place (a node being dragged where it is). */
export function flowNodes(
  graph: Graph,
  laid: Layout,
  dragged: Record<string, Box>,
  placed: Placed[],
  picked: Set<string>,
  cache: NodeCache,
): Node[] {
  const counts = byNode(placed);
  const shown = graph.nodes.map((node) => {
    const position = dragged[node.id] ?? laid.positions[node.id] ?? { x: 0, y: 0 };
    const data: FlowNodeData = {
      kind: node.kind,
      label: node.label,
      nodeId: node.id,
      start: node.id === graph.start,
      reference: typeof node.source.reference === "string" ? node.source.reference : undefined,
      detail: detailOf(graph, node),
      errors: counts.get(node.id)?.errors ?? 0,
      warnings: counts.get(node.id)?.warnings ?? 0,
    };
    const selected = picked.has(node.id);
    const key = JSON.stringify([position.x, position.y, selected, data]);
    const kept = cache.get(node.id);
    if (kept && kept.key === key) return kept.node;
    // Its size is known before it is measured, so it is drawn on the first paint, not hidden
    // until the measuring of every node is done.
    const made: Node<FlowNodeData> = {
      id: node.id,
      type: "flow",
      position,
      selected,
      ariaLabel: `${node.kind} ${node.label}`,
      data,
      initialWidth: NODE_WIDTH,
      initialHeight: NODE_HEIGHT,
    };
    cache.set(node.id, { key, node: made });
    return made;
  });
  return [...laneNodes(laid), ...shown];
}

/** Every link between two nodes the graph has; a wrong option's or branch's drawn red. */
export function flowEdges(graph: Graph, placed: Placed[], selected: string | null, cache: EdgeCache): Edge[] {
  const wrong = new Set(placed.map((item) => item.edgeId).filter(Boolean));
  const ids = new Set(graph.nodes.map((node) => node.id));
  return graph.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
    .map((edge) => {
      const bad = wrong.has(edge.id);
      const key = JSON.stringify([edge.source, edge.target, edge.label, edge.id === selected, bad]);
      const kept = cache.get(edge.id);
      if (kept && kept.key === key) return kept.edge;
      const made: Edge = {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label,
        selected: edge.id === selected,
        type: "smoothstep",
        className: bad ? "sf-edge-wrong" : undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        labelBgPadding: [6, 3],
        labelBgBorderRadius: 4,
      };
      cache.set(edge.id, { key, edge: made });
      return made;
    });
}
