import { describe, expect, it } from "vitest";
import { fromGraph, NO_ROLE, toGraph } from "./convert.ts";
import { place } from "./problems.ts";
import { refund } from "./fixtures.ts";

describe("toGraph", () => {
  it("makes a node per flow node, in source order, in the lane of its role", () => {
    const graph = toGraph(refund());
    expect(graph.nodes.map((node) => [node.id, node.kind, node.lane])).toEqual([
      ["log", "step", "agent"],
      ["eligible", "decision", "agent"],
      ["to-billing", "handoff", "agent"],
      ["pay", "step", "billing"],
      ["issued", "outcome", "billing"],
      ["declined", "outcome", "agent"],
    ]);
    expect(graph.lanes.map((lane) => [lane.id, lane.name])).toEqual([
      ["agent", "Support agent"],
      ["billing", "Billing team"],
    ]);
    expect(graph.start).toBe("log");
  });

  it("labels nodes with what they say and option edges with the option's label", () => {
    const graph = toGraph(refund());
    expect(graph.nodes.map((node) => node.label)).toEqual([
      "Log the request.",
      "Eligible?",
      "Hand over: The ticket",
      "Pay it back.",
      "Refund issued",
      "Refund declined",
    ]);
    const options = graph.edges.filter((edge) => edge.kind === "option");
    expect(options.map((edge) => [edge.id, edge.target, edge.label])).toEqual([
      ["eligible#0", "to-billing", "Yes"],
      ["eligible#1", "declined", "No"],
    ]);
    expect(graph.edges.filter((edge) => edge.kind === "next")).toHaveLength(3);
  });

  it("adds a lane for nodes without a role", () => {
    const document = refund();
    delete document.flow.nodes[0].role;
    const graph = toGraph(document);
    expect(graph.lanes.at(-1)).toEqual({ id: NO_ROLE, name: "No role", kind: "person", responsibilities: [] });
    expect(fromGraph(graph, document).roles).toEqual(refund().roles);
    expect(graph.nodes[0].lane).toBe(NO_ROLE);
  });
});

describe("fromGraph", () => {
  it("gives back the document it was made from", () => {
    const document = refund();
    expect(fromGraph(toGraph(document), document)).toEqual(refund());
  });

  it("keeps a node without a role without one", () => {
    const document = refund();
    delete document.flow.nodes[0].role;
    const back = fromGraph(toGraph(document), document);
    expect(back.flow.nodes[0]).not.toHaveProperty("role");
  });

  it("writes a lane change as the node's role, and a handoff's as its giving role", () => {
    const document = refund();
    const graph = toGraph(document);
    graph.nodes[0].lane = "billing";
    graph.nodes[2].lane = "billing";
    const back = fromGraph(graph, document);
    expect(back.flow.nodes[0].role).toBe("billing");
    expect(back.flow.nodes[2].from_role).toBe("billing");
    expect(back.flow.nodes[1].role).toBe("agent");
  });
});

describe("place", () => {
  it("puts a problem on the node and the option its path names", () => {
    const document = refund();
    const placed = place(document, [
      { path: "flow.nodes[1].options[1].next", message: "m", rule: "target-exists", severity: "error" },
      { path: "flow.nodes[3]", message: "m", rule: "way-forward", severity: "error" },
      { path: "title", message: "m", rule: "title", severity: "warning" },
    ]);
    expect(placed.map((item) => [item.nodeId, item.edgeId])).toEqual([
      ["eligible", "eligible#1"],
      ["pay", undefined],
      [undefined, undefined],
    ]);
  });
  it("reads a parallel split's branches as edges and its join as kept, and writes them back", () => {
    const document = refund();
    document.flow.nodes.splice(3, 1, { id: "pay", type: "parallel", role: "billing", branches: [{ label: "Pay", next: "refund" }, { next: "note" }], join: "issued-step" });
    document.flow.nodes.push(
      { id: "refund", type: "step", role: "billing", instruction: "Pay it back.", next: "issued-step" },
      { id: "note", type: "step", role: "agent", instruction: "Note it.", next: "issued-step" },
      { id: "issued-step", type: "step", role: "billing", instruction: "Close the ticket.", next: "issued" },
    );
    const graph = toGraph(document);
    const split = graph.nodes.find((n) => n.id === "pay");
    expect(split).toMatchObject({ kind: "parallel", lane: "billing", label: "In parallel" });
    expect(graph.edges.filter((e) => e.source === "pay")).toEqual([
      { id: "pay#0", source: "pay", target: "refund", kind: "branch", label: "Pay", detail: { label: "Pay", next: "refund" } },
      { id: "pay#1", source: "pay", target: "note", kind: "branch", detail: { next: "note" } },
    ]);
    expect(fromGraph(graph, document)).toEqual(document);
    const placed = place(document, [{ path: "flow.nodes[3].branches[1].next", message: "never reaches the join", rule: "parallel", severity: "error" }]);
    expect(placed[0]).toMatchObject({ nodeId: "pay", edgeId: "pay#1" });
  });
});
