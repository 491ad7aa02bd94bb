// Layered layout, left to right, in role lanes: ELK places the nodes in layers (x) and orders
// them; each lane then becomes a horizontal band, its nodes stacked where they would overlap.
// A node placed by hand (the document's layout hints) stays where it was put in its lane.

import ELK from "elkjs/lib/elk.bundled.js";
import type { Graph } from "./convert.ts";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;
export const LANE_HEADER = 150;
const GAP = 28;
const LANE_PADDING = 26;

export interface Box {
  x: number;
  y: number;
}

export interface LaneBand {
  id: string;
  name: string;
  top: number;
  height: number;
}

export interface Layout {
  positions: Record<string, Box>;
  bands: LaneBand[];
  width: number;
}

const elk = new ELK();

/** The lane a node is drawn in: its own when the graph has it, else the "no role" lane. */
export function shownLane(graph: Graph, lane: string): string {
  return graph.lanes.some((l) => l.id === lane) ? lane : "";
}

async function layers(graph: Graph): Promise<Record<string, Box>> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const laid = await elk.layout({
    id: "flow",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "120",
      "elk.spacing.nodeNode": "30",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    },
    children: graph.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });
  const found: Record<string, Box> = {};
  for (const child of laid.children ?? []) found[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return found;
}

/** Positions for every node and the bands of the lanes, lanes in the graph's order. */
export async function layout(graph: Graph): Promise<Layout> {
  const placed = await layers(graph);
  const positions: Record<string, Box> = {};
  const bands: LaneBand[] = [];
  let top = 0;
  let width = LANE_HEADER + NODE_WIDTH;
  for (const lane of graph.lanes) {
    const members = graph.nodes
      .filter((node) => shownLane(graph, node.lane) === lane.id)
      .sort((a, b) => placed[a.id].y - placed[b.id].y);
    const rows: number[][] = []; // per row, the x ranges taken
    let lowest = 0; // the bottom of the lowest node placed by hand, from the lane's top
    for (const node of members) {
      const hint = graph.placed[node.id];
      if (hint) {
        positions[node.id] = { x: hint.x, y: top + hint.y };
        lowest = Math.max(lowest, hint.y + NODE_HEIGHT + LANE_PADDING);
        width = Math.max(width, hint.x + NODE_WIDTH + LANE_PADDING);
        continue;
      }
      const x = LANE_HEADER + placed[node.id].x;
      let row = rows.findIndex((taken) => taken.every((used) => Math.abs(used - x) >= NODE_WIDTH + GAP));
      if (row < 0) row = rows.push([]) - 1;
      rows[row].push(x);
      positions[node.id] = { x, y: top + LANE_PADDING + row * (NODE_HEIGHT + GAP) };
      width = Math.max(width, x + NODE_WIDTH + LANE_PADDING);
    }
    const height = Math.max(Math.max(1, rows.length) * (NODE_HEIGHT + GAP) - GAP + 2 * LANE_PADDING, lowest);
    bands.push({ id: lane.id, name: lane.name, top, height });
    top += height;
  }
  return { positions, bands, width };
}

/** The lane whose band holds y, else the nearest. */
export function laneAt(bands: LaneBand[], y: number): string | undefined {
  const inside = bands.find((band) => y >= band.top && y < band.top + band.height);
  if (inside) return inside.id;
  if (bands.length === 0) return undefined;
  return y < bands[0].top ? bands[0].id : bands[bands.length - 1].id;
}
