// The builder's edits as pure functions from one graph to the next, so undo and redo are a
// list of graphs and every edit can be tested without a browser.

import { freshId, labelOf, NO_ROLE, placeOutcomes } from "./convert.ts";
import type { Graph, GraphEdge, GraphNode, NodeKind, Point } from "./convert.ts";
import type { FlowNode, JsonObject } from "./types.ts";

function relabel(node: GraphNode, source: FlowNode): GraphNode {
  return { ...node, source, label: labelOf(source) };
}

function firstRole(graph: Graph, lane: string): string {
  return lane !== NO_ROLE ? lane : (graph.lanes.find((l) => l.id !== NO_ROLE)?.id ?? NO_ROLE);
}

function otherRole(graph: Graph, role: string): string {
  return graph.lanes.find((l) => l.id !== NO_ROLE && l.id !== role)?.id ?? role;
}

/** A new node's source: the fields the format requires, with placeholder text to replace. */
function blank(graph: Graph, kind: NodeKind, id: string, lane: string): FlowNode {
  switch (kind) {
    case "decision":
      return { id, type: "decision", question: "New question?", options: [] };
    case "outcome":
      return { id, type: "outcome", name: "New outcome" };
    case "handoff":
      return { id, type: "handoff", from_role: firstRole(graph, lane), to_role: otherRole(graph, firstRole(graph, lane)) };
    case "parallel":
      return { id, type: "parallel", branches: [], join: id };
    default:
      return { id, type: "step", instruction: "New step" };
  }
}

/** The graph with a new node of kind in lane (unconnected); returns it and its id. */
export function addNode(graph: Graph, kind: NodeKind, lane: string): [Graph, string] {
  const id = freshId(graph, kind);
  const source = blank(graph, kind, id, lane);
  const node: GraphNode = { id, kind, lane, label: "", source };
  const nodes = [...graph.nodes, relabel(node, source)];
  return [{ ...graph, nodes, start: graph.nodes.length === 0 ? id : graph.start }, id];
}

/** The graph without the nodes and edges named; links to a removed node go with it. */
export function remove(graph: Graph, nodeIds: string[], edgeIds: string[] = []): Graph {
  const gone = new Set(nodeIds);
  const cut = new Set(edgeIds);
  const placed = Object.fromEntries(Object.entries(graph.placed).filter(([id]) => !gone.has(id)));
  return settle({
    ...graph,
    placed,
    nodes: graph.nodes.filter((node) => !gone.has(node.id)),
    edges: renumber(
      graph.edges.filter((edge) => !cut.has(edge.id) && !gone.has(edge.source) && !gone.has(edge.target)),
    ),
  });
}

function renumber(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Map<string, number>();
  return edges.map((edge) => {
    const index = seen.get(edge.source) ?? 0;
    seen.set(edge.source, index + 1);
    return { ...edge, id: `${edge.source}#${index}` };
  });
}

/** The graph with source leading to target: a step's or handoff's `next` (replacing the one it
 * had), or a new decision option or parallel branch. */
export function connect(graph: Graph, source: string, target: string): Graph {
  const from = graph.nodes.find((node) => node.id === source);
  if (!from || from.kind === "outcome" || !graph.nodes.some((node) => node.id === target)) {
    return graph;
  }
  let edges = graph.edges;
  let edge: GraphEdge;
  if (from.kind === "decision" || from.kind === "parallel") {
    const count = edges.filter((e) => e.source === source).length;
    const label = from.kind === "decision" ? `Option ${count + 1}` : `Branch ${count + 1}`;
    const detail: JsonObject = { label, next: target };
    edge = { id: "", source, target, kind: from.kind === "decision" ? "option" : "branch", label, detail };
  } else {
    edges = edges.filter((e) => e.source !== source);
    edge = { id: "", source, target, kind: "next" };
  }
  const at = edges.map((e) => e.source).lastIndexOf(source);
  const list = [...edges];
  list.splice(at >= 0 ? at + 1 : list.length, 0, edge);
  return settle({ ...graph, edges: renumber(list) });
}

/** The graph with each outcome in the lane its first way in leaves work in. */
function settle(graph: Graph): Graph {
  const nodes = placeOutcomes(graph.nodes, graph.edges);
  return nodes.every((node, index) => node === graph.nodes[index]) ? graph : { ...graph, nodes };
}

/** The graph with the edge removed (an option or branch goes with its edge). */
export function disconnect(graph: Graph, edgeId: string): Graph {
  return settle({ ...graph, edges: renumber(graph.edges.filter((edge) => edge.id !== edgeId)) });
}

/** The graph with node moved into lane: its role changes (a handoff's giving role). */
export function moveToLane(graph: Graph, nodeId: string, lane: string): Graph {
  return settle({
    ...graph,
    nodes: graph.nodes.map((node) => (node.id === nodeId ? { ...node, lane } : node)),
  });
}

/** The graph with fields of a node's source replaced (undefined removes a field). */
export function updateNode(graph: Graph, nodeId: string, fields: Record<string, unknown>): Graph {
  return settle({
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (node.id !== nodeId) return node;
      const source: FlowNode = { ...node.source };
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined || value === "") delete source[key];
        else source[key] = value as FlowNode[string];
      }
      return relabel(node, source);
    }),
  });
}

/** The graph with an option's or branch's fields replaced (an empty value removes it). */
export function updateEdge(graph: Graph, edgeId: string, fields: Record<string, string>): Graph {
  return {
    ...graph,
    edges: graph.edges.map((edge) => {
      if (edge.id !== edgeId || !edge.detail) return edge;
      const detail: JsonObject = { ...edge.detail };
      for (const [key, value] of Object.entries(fields)) {
        if (value === "" && key !== "label") delete detail[key];
        else detail[key] = value;
      }
      return { ...edge, detail, label: typeof detail.label === "string" ? detail.label : undefined };
    }),
  };
}

/** An id for a lane named name: its words in lower case joined by hyphens, unique. */
export function laneId(graph: Graph, name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "role";
  const taken = new Set(graph.lanes.map((lane) => lane.id));
  let id = base;
  for (let number = 2; taken.has(id); number += 1) id = `${base}-${number}`;
  return id;
}

/** The graph with a new lane (a new role) named name, above the "no role" lane. */
export function addLane(graph: Graph, name: string): Graph {
  const lane = { id: laneId(graph, name), name: name.trim() || "New role", kind: "person", responsibilities: [] };
  const at = graph.lanes.findIndex((l) => l.id === NO_ROLE);
  const lanes = [...graph.lanes];
  lanes.splice(at < 0 ? lanes.length : at, 0, lane);
  return { ...graph, lanes };
}

/** The graph with a lane renamed (its role's id, which nodes name, stays). */
export function renameLane(graph: Graph, laneId: string, name: string): Graph {
  return { ...graph, lanes: graph.lanes.map((lane) => (lane.id === laneId ? { ...lane, name } : lane)) };
}

/** The graph with a lane's role of another kind, or with other responsibilities. */
export function updateLane(graph: Graph, laneId: string, fields: { kind?: string; responsibilities?: string[] }): Graph {
  return { ...graph, lanes: graph.lanes.map((lane) => (lane.id === laneId && laneId !== NO_ROLE ? { ...lane, ...fields } : lane)) };
}

/** The graph with a node placed by hand at a point (rounded to whole units, as saved). */
export function place(graph: Graph, nodeId: string, at: Point): Graph {
  const point = { x: Math.max(0, Math.round(at.x)), y: Math.max(0, Math.round(at.y)) };
  return { ...graph, placed: { ...graph.placed, [nodeId]: point } };
}

/** The graph with every node laid out automatically again (its layout hints gone). */
export function autoLayout(graph: Graph): Graph {
  return Object.keys(graph.placed).length === 0 ? graph : { ...graph, placed: {} };
}

/** Whether a lane's role acts at some node, or receives a handoff: such a lane is kept. */
export function laneInUse(graph: Graph, laneId: string): boolean {
  return graph.nodes.some((node) => node.lane === laneId || node.source.to_role === laneId);
}

/** The graph without a lane (its role gone from the SOP); a lane in use, or the "no role"
 * lane, stays: its nodes go to another lane first, so no node is left naming no role. */
export function removeLane(graph: Graph, laneId: string): Graph {
  if (laneId === NO_ROLE || laneInUse(graph, laneId)) return graph;
  return { ...graph, lanes: graph.lanes.filter((lane) => lane.id !== laneId) };
}

/** The graph with a lane moved by step places (-1 up, 1 down); the "no role" lane stays last. */
export function moveLane(graph: Graph, laneId: string, step: number): Graph {
  const lanes = [...graph.lanes];
  const from = lanes.findIndex((lane) => lane.id === laneId);
  const to = from + step;
  if (from < 0 || to < 0 || to >= lanes.length || lanes[to].id === NO_ROLE || laneId === NO_ROLE) return graph;
  [lanes[from], lanes[to]] = [lanes[to], lanes[from]];
  return { ...graph, lanes };
}

/** What Ctrl+C keeps: nodes as they were, and the links among them (not those to others). */
export interface Clip {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The nodes named (in the graph's order) and the links that join two of them. */
export function copy(graph: Graph, nodeIds: string[]): Clip {
  const chosen = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((node) => chosen.has(node.id)),
    edges: graph.edges.filter((edge) => chosen.has(edge.source) && chosen.has(edge.target)),
  };
}

/** The graph with a copy of a clip (possibly from before later edits): each node under a fresh
 * id in its lane, the links among them with their labels and conditions, and a parallel's
 * join renamed when it was copied too. No link joins the copy to the rest: pasting never
 * rewires the flow. Returns the new ids, in the clip's order. */
export function paste(graph: Graph, clip: Clip): [Graph, string[]] {
  const renamed = new Map<string, string>();
  let next = graph;
  for (const copied of clip.nodes) {
    const id = freshId(next, copied.kind);
    renamed.set(copied.id, id);
    const source: FlowNode = { ...copied.source, id };
    delete source.next;
    if (copied.kind === "decision") source.options = [];
    if (copied.kind === "parallel") source.branches = [];
    const node: GraphNode = { ...copied, id, source };
    next = { ...next, nodes: [...next.nodes, relabel(node, source)] };
  }
  const nodes = next.nodes.map((node, index) => {
    const join = node.source.join;
    const to = typeof join === "string" ? renamed.get(join) : undefined;
    return node.kind === "parallel" && to && index >= graph.nodes.length ? relabel(node, { ...node.source, join: to }) : node;
  });
  const edges = clip.edges.flatMap((edge) => {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    return source && target ? [{ ...edge, id: "", source, target, detail: edge.detail && { ...edge.detail } }] : [];
  });
  const start = graph.nodes.length === 0 && nodes.length ? nodes[0].id : next.start;
  return [settle({ ...next, start, nodes, edges: renumber([...next.edges, ...edges]) }), [...renamed.values()]];
}

/** The graph with a parallel split in lane: the split, two branches of one step each, and the
 * step both lead to, which is its join. Returns it and the split's id. */
export function addParallel(graph: Graph, lane: string): [Graph, string] {
  let [next, split] = addNode(graph, "parallel", lane);
  const ids: string[] = [];
  for (const instruction of ["First branch's work", "Second branch's work", "Go on once both branches are done"]) {
    const [more, id] = addNode(next, "step", lane);
    next = updateNode(more, id, { instruction });
    ids.push(id);
  }
  const [first, second, join] = ids;
  next = updateNode(next, split, { join });
  next = connect(connect(next, split, first), split, second);
  next = connect(connect(next, first, join), second, join);
  return [next, split];
}

/** The graph starting at node. */
export function makeStart(graph: Graph, nodeId: string): Graph {
  return { ...graph, start: nodeId };
}

/** Undo and redo over whole graphs. */
export interface History {
  past: Graph[];
  present: Graph;
  future: Graph[];
}

export const LIMIT = 200;

export function begin(graph: Graph): History {
  return { past: [], present: graph, future: [] };
}

export function record(history: History, next: Graph): History {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-LIMIT), present: next, future: [] };
}

export function undo(history: History): History {
  const previous = history.past.at(-1);
  if (!previous) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo(history: History): History {
  const next = history.future[0];
  if (!next) return history;
  return { past: [...history.past, history.present], present: next, future: history.future.slice(1) };
}
