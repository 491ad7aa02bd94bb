// Conversion between an SOP's document JSON and the builder's graph: nodes in role lanes and
// the edges between them. The graph keeps each node's source object, so `fromGraph(toGraph(d))`
// is `d`: a document saved unedited is the document loaded.
//
// No runtime imports: Node runs this file as it is (type stripping) for the round-trip check.

import type { Branch, Flow, FlowNode, JsonObject, Option, Role, SopDocument } from "./types.ts";

export type NodeKind = "step" | "decision" | "handoff" | "outcome" | "parallel";

/** The lane of nodes that name no role. */
export const NO_ROLE = "";

export interface Lane {
  id: string;
  name: string;
  /** The role's kind: person, team or system. */
  kind: string;
  /** What the role is responsible for, one item each. */
  responsibilities: string[];
  /** The role as the document has it; none for a lane added in the builder. */
  source?: Role;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** The lane it is drawn in: the role that acts (a handoff's giving role), or NO_ROLE. */
  lane: string;
  /** What the node says: a step's instruction, a decision's question, an outcome's name. */
  label: string;
  /** The node as the document has it, links included (`fromGraph` replaces those). */
  source: FlowNode;
}

export type EdgeKind = "next" | "option" | "branch";

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** An option's or branch's label. */
  label?: string;
  /** The option or branch as the document has it (`next` replaced on the way back). */
  detail?: JsonObject;
}

/** A node's place as the document's layout hints keep it: x on the canvas, y from the top
 * of the node's lane, whole units. */
export interface Point {
  x: number;
  y: number;
}

export interface Graph {
  start: string;
  lanes: Lane[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes placed by hand (`flow.layout`), by id; the others are laid out automatically. */
  placed: Record<string, Point>;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function kindOf(node: FlowNode): NodeKind {
  const known: NodeKind[] = ["step", "decision", "handoff", "outcome", "parallel"];
  return known.find((kind) => kind === node.type) ?? "step";
}

/** The role a node is drawn under. */
export function laneOf(node: FlowNode): string {
  if (node.type === "handoff") return text(node.from_role);
  if (node.type === "outcome") return NO_ROLE;
  return text(node.role);
}

export function labelOf(node: FlowNode): string {
  switch (node.type) {
    case "decision":
      return text(node.question);
    case "outcome":
      return text(node.name);
    case "handoff": {
      const items = Array.isArray(node.transfers) ? node.transfers.filter((t) => typeof t === "string") : [];
      return items.length ? `Hand over: ${items.join(", ")}` : text(node.channel) || "Hand over";
    }
    case "parallel":
      return "In parallel";
    default:
      return text(node.instruction);
  }
}

function edgesOf(node: FlowNode): GraphEdge[] {
  const make = (target: string, kind: EdgeKind, index: number, detail?: JsonObject) => ({
    id: `${node.id}#${index}`,
    source: node.id,
    target,
    kind,
    ...(detail ? { detail, label: text(detail.label) || undefined } : {}),
  });
  if (node.type === "decision") {
    const options = (node.options ?? []) as Option[];
    return options.map((option, index) => make(option.next, "option", index, option));
  }
  if (node.type === "parallel") {
    const branches = (node.branches ?? []) as Branch[];
    return branches.map((branch, index) => make(branch.next, "branch", index, branch));
  }
  if ((node.type === "step" || node.type === "handoff") && typeof node.next === "string") {
    return [make(node.next, "next", 0)];
  }
  return [];
}

/** The lane work is in after a node: a handoff's receiving role, else the node's lane. */
function exitLane(node: GraphNode): string {
  return node.kind === "handoff" ? text(node.source.to_role) : node.lane;
}

/** Where an outcome sits: in the lane the first node that leads to it leaves work in. */
export function placeOutcomes(nodes: GraphNode[], edges: GraphEdge[]): GraphNode[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  return nodes.map((node) => {
    if (node.kind !== "outcome") return node;
    const before = edges.find((edge) => edge.target === node.id);
    const from = before && byId.get(before.source);
    const lane = from ? exitLane(from) : node.lane;
    return lane === node.lane ? node : { ...node, lane };
  });
}

/** The graph of an SOP document. */
export function toGraph(document: SopDocument): Graph {
  const flow: Flow = document.flow;
  const drawn: GraphNode[] = flow.nodes.map((source) => ({
    id: source.id,
    kind: kindOf(source),
    lane: laneOf(source),
    label: labelOf(source),
    source,
  }));
  const edges = flow.nodes.flatMap(edgesOf);
  const nodes = placeOutcomes(drawn, edges);
  const lanes: Lane[] = (document.roles ?? []).map((role: Role) => ({
    id: role.id,
    name: text(role.name) || role.id,
    kind: text(role.kind) || "person",
    responsibilities: Array.isArray(role.responsibilities) ? role.responsibilities.filter((r): r is string => typeof r === "string") : [],
    source: role,
  }));
  if (nodes.some((node) => node.lane === NO_ROLE || !lanes.some((l) => l.id === node.lane))) {
    lanes.push({ id: NO_ROLE, name: "No role", kind: "person", responsibilities: [] });
  }
  return { start: flow.start, lanes, nodes, edges, placed: placedOf(flow) };
}

function placedOf(flow: Flow): Record<string, Point> {
  const hints = flow.layout;
  const placed: Record<string, Point> = {};
  if (!hints || typeof hints !== "object" || Array.isArray(hints)) return placed;
  for (const [id, hint] of Object.entries(hints)) {
    if (hint && typeof hint === "object" && !Array.isArray(hint) && typeof hint.x === "number" && typeof hint.y === "number") {
      placed[id] = { x: hint.x, y: hint.y };
    }
  }
  return placed;
}

function withRole(node: FlowNode, lane: string): FlowNode {
  const copy: FlowNode = { ...node };
  const key = node.type === "handoff" ? "from_role" : node.type === "outcome" ? null : "role";
  if (key === null) return copy;
  if (lane === NO_ROLE && key === "role") delete copy.role;
  else if (lane !== NO_ROLE) copy[key] = lane;
  return copy;
}

function linked(node: FlowNode, outgoing: GraphEdge[]): FlowNode {
  const copy: FlowNode = { ...node };
  if (node.type === "decision") {
    copy.options = outgoing.map((edge) => ({ ...(edge.detail ?? {}), next: edge.target }));
  } else if (node.type === "parallel") {
    copy.branches = outgoing.map((edge) => ({ ...(edge.detail ?? {}), next: edge.target }));
  } else if (node.type === "step" || node.type === "handoff") {
    if (outgoing.length > 0) copy.next = outgoing[0].target;
    else delete copy.next;
  }
  return copy;
}

/** A lane's role: as the document had it when the lane shows it unchanged, else with the
 * lane's name, kind and responsibilities; a lane added in the builder as a new role. */
function roleOf(lane: Lane): Role {
  const role: Role = lane.source ? { ...lane.source, name: lane.name } : { id: lane.id, name: lane.name, kind: "person" };
  if (lane.kind !== (text(role.kind) || "person")) role.kind = lane.kind;
  if (JSON.stringify(lane.responsibilities) !== JSON.stringify(lane.source?.responsibilities ?? [])) {
    if (lane.responsibilities.length) role.responsibilities = [...lane.responsibilities];
    else delete role.responsibilities;
  }
  return lane.source && JSON.stringify(role) === JSON.stringify(lane.source) ? lane.source : role;
}

/** The roles of the lanes, in lane order. */
function rolesOf(lanes: Lane[]): Role[] {
  return lanes.filter((lane) => lane.id !== NO_ROLE).map(roleOf);
}

/** The document with the graph's nodes, lanes and links in place of its flow and roles. */
export function fromGraph(graph: Graph, document: SopDocument): SopDocument {
  const bySource = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) bySource.set(edge.source, [...(bySource.get(edge.source) ?? []), edge]);
  const nodes = graph.nodes.map((node) => linked(withRole(node.source, node.lane), bySource.get(node.id) ?? []));
  const roles = rolesOf(graph.lanes);
  const kept = document.roles === undefined && roles.length === 0 ? {} : { roles };
  const flow: Flow = { ...document.flow, start: graph.start, nodes };
  const placed = Object.entries(graph.placed);
  if (placed.length > 0) flow.layout = Object.fromEntries(placed.map(([id, at]) => [id, { x: at.x, y: at.y }]));
  else delete flow.layout;
  return { ...document, ...kept, flow };
}

/** An id not used by any node: `step-1`, `step-2`, ... */
export function freshId(graph: Graph, kind: NodeKind): string {
  const taken = new Set(graph.nodes.map((node) => node.id));
  let number = 1;
  while (taken.has(`${kind}-${number}`)) number += 1;
  return `${kind}-${number}`;
}
