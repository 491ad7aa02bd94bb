// Layered layout, left to right, in role lanes. The layers (each node's x, and an order to
// stack it by) come from elkjs, in a worker (elk.ts), or, while ELK has not answered, from a
// quick placement here; `compose` then makes each lane a horizontal band, its nodes stacked
// where they would overlap. A node placed by hand (the document's layout hints) stays where it
// was put in its lane, and a node the layers do not know yet (just added) goes next to the
// node that leads to it, a row below where that place is taken. Composing is cheap, so an edit
// is drawn at once; ELK's layout of the new shape replaces it when it comes.
//
// No runtime imports but convert.ts: the unit tests run it as it is.

import type { Graph } from "./convert.ts";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;
export const LANE_HEADER = 150;
export const LAYER_GAP = 120;
export const ROW_GAP = 30;
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

/** Per node, its layer's x and a y to order it by within its lane (ELK's, or the quick one). */
export type Layers = Record<string, Box>;

/** The lane a node is drawn in: its own when the graph has it, else the "no role" lane. */
export function shownLane(graph: Graph, lane: string): string {
  return graph.lanes.some((l) => l.id === lane) ? lane : "";
}

/** What the layers depend on: the nodes and the links among them (not lanes, texts or hints). */
export function shapeOf(graph: Graph): string {
  return `${graph.nodes.map((n) => n.id).join(",")}|${graph.edges.map((e) => `${e.source}>${e.target}`).join(",")}`;
}

/** The links between nodes the graph has, by source. */
function successors(graph: Graph): Map<string, string[]> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const after = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) {
    if (ids.has(edge.source) && ids.has(edge.target)) after.get(edge.source)?.push(edge.target);
  }
  return after;
}

/** Depth-first order from the start (then from each node not reached), and the links that
 * lead back to a node still open (loops), which layering ignores. */
function visit(graph: Graph, after: Map<string, string[]>): { order: string[]; back: Set<string> } {
  const order: string[] = [];
  const back = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const roots = [graph.start, ...graph.nodes.map((node) => node.id)].filter((id) => after.has(id));
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, "open");
    order.push(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = after.get(top[0])?.[top[1]];
      top[1] += 1;
      if (next === undefined) {
        state.set(top[0], "done");
        stack.pop();
      } else if (state.get(next) === "open") {
        back.add(`${top[0]}>${next}`);
      } else if (!state.has(next)) {
        state.set(next, "open");
        order.push(next);
        stack.push([next, 0]);
      }
    }
  }
  return { order, back };
}

/** A layered placement without ELK, in linear time: each node one layer after the furthest
 * node that leads to it (loops ignored), stacked in the order a walk from the start meets them. */
export function quickLayers(graph: Graph): Layers {
  const after = successors(graph);
  const { order, back } = visit(graph, after);
  const before = new Map<string, number>(order.map((id) => [id, 0]));
  for (const [from, targets] of after) {
    for (const to of targets) if (!back.has(`${from}>${to}`)) before.set(to, (before.get(to) ?? 0) + 1);
  }
  const layer = new Map<string, number>();
  const ready = order.filter((id) => before.get(id) === 0);
  for (const id of ready) layer.set(id, 0);
  for (let index = 0; index < ready.length; index += 1) {
    const from = ready[index];
    for (const to of after.get(from) ?? []) {
      if (back.has(`${from}>${to}`)) continue;
      layer.set(to, Math.max(layer.get(to) ?? 0, (layer.get(from) ?? 0) + 1));
      const left = (before.get(to) ?? 1) - 1;
      before.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  const filled = new Map<number, number>();
  const found: Layers = {};
  for (const id of order) {
    const at = layer.get(id) ?? 0;
    const row = filled.get(at) ?? 0;
    filled.set(at, row + 1);
    found[id] = { x: at * (NODE_WIDTH + LAYER_GAP), y: row * (NODE_HEIGHT + ROW_GAP) };
  }
  return found;
}

/** Each node's x on the canvas: its hint's, its layer's, or (a node the layers do not know)
 * one layer to the right of the node that leads to it; unlinked, at the lanes' start. */
function columns(graph: Graph, layers: Layers): Map<string, number> {
  const xs = new Map<string, number>();
  const into = new Map<string, string>();
  for (const edge of graph.edges) if (!into.has(edge.target)) into.set(edge.target, edge.source);
  const xOf = (id: string, depth: number): number => {
    const known = xs.get(id);
    if (known !== undefined) return known;
    const hint = graph.placed[id];
    const laid = layers[id];
    const anchor = into.get(id);
    let x = LANE_HEADER;
    if (hint) x = hint.x;
    else if (laid) x = LANE_HEADER + laid.x;
    else if (anchor !== undefined && anchor !== id && depth < 50) x = xOf(anchor, depth + 1) + NODE_WIDTH + LAYER_GAP;
    xs.set(id, x);
    return x;
  };
  for (const node of graph.nodes) xOf(node.id, 0);
  return xs;
}

/** Positions for every node and the bands of the lanes, lanes in the graph's order. */
export function compose(graph: Graph, layers: Layers): Layout {
  const xs = columns(graph, layers);
  const positions: Record<string, Box> = {};
  const bands: LaneBand[] = [];
  const order = (id: string) => layers[id]?.y ?? Number.POSITIVE_INFINITY; // new nodes last
  let top = 0;
  let width = LANE_HEADER + NODE_WIDTH;
  const byLane = new Map<string, typeof graph.nodes>(graph.lanes.map((lane) => [lane.id, []]));
  for (const node of graph.nodes) byLane.get(shownLane(graph, node.lane))?.push(node);
  for (const lane of graph.lanes) {
    const members = [...(byLane.get(lane.id) ?? [])].sort((a, b) => order(a.id) - order(b.id));
    const rows: number[][] = []; // per row, the x ranges taken
    let lowest = 0; // the bottom of the lowest node placed by hand, from the lane's top
    for (const node of members) {
      const x = xs.get(node.id) ?? LANE_HEADER;
      width = Math.max(width, x + NODE_WIDTH + LANE_PADDING);
      const hint = graph.placed[node.id];
      if (hint) {
        positions[node.id] = { x, y: top + hint.y };
        lowest = Math.max(lowest, hint.y + NODE_HEIGHT + LANE_PADDING);
        continue;
      }
      let row = rows.findIndex((taken) => taken.every((used) => Math.abs(used - x) >= NODE_WIDTH + GAP));
      if (row < 0) row = rows.push([]) - 1;
      rows[row].push(x);
      positions[node.id] = { x, y: top + LANE_PADDING + row * (NODE_HEIGHT + GAP) };
    }
    const height = Math.max(Math.max(1, rows.length) * (NODE_HEIGHT + GAP) - GAP + 2 * LANE_PADDING, lowest);
    bands.push({ id: lane.id, name: lane.name, top, height });
    top += height;
  }
  return { positions, bands, width };
}

/** Whether every node has a place kept in the layout hints: then no layering is needed. */
export function allPlaced(graph: Graph): boolean {
  return graph.nodes.every((node) => graph.placed[node.id] !== undefined);
}

/** The lane whose band holds y, else the nearest. */
export function laneAt(bands: LaneBand[], y: number): string | undefined {
  const inside = bands.find((band) => y >= band.top && y < band.top + band.height);
  if (inside) return inside.id;
  if (bands.length === 0) return undefined;
  return y < bands[0].top ? bands[0].id : bands[bands.length - 1].id;
}
