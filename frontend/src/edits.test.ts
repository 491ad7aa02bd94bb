import { describe, expect, it } from "vitest";
import { fromGraph, toGraph } from "./convert.ts";
import { refund } from "./fixtures.ts";
import * as edits from "./edits.ts";

describe("edits", () => {
  it("adds an unconnected step that the document then has without a next", () => {
    const document = refund();
    const [graph, id] = edits.addNode(toGraph(document), "step", "billing");
    expect(id).toBe("step-1");
    const back = fromGraph(graph, document);
    expect(back.flow.nodes.at(-1)).toEqual({ id: "step-1", type: "step", instruction: "New step", role: "billing" });
  });

  it("connects a step by replacing its next, and a decision by adding an option", () => {
    const document = refund();
    let graph = toGraph(document);
    graph = edits.connect(graph, "log", "pay");
    graph = edits.connect(graph, "eligible", "issued");
    const back = fromGraph(graph, document);
    expect(back.flow.nodes[0].next).toBe("pay");
    expect(back.flow.nodes[1].options).toEqual([
      { label: "Yes", condition: "Under 30 days", next: "to-billing" },
      { label: "No", next: "declined" },
      { label: "Option 3", next: "issued" },
    ]);
  });

  it("keeps a node placed by hand in the layout hints, drops it with the node, clears all on auto layout", () => {
    const document = refund();
    let graph = edits.place(toGraph(document), "log", { x: 310.4, y: 12.6 });
    graph = edits.place(graph, "pay", { x: 640, y: -3 });
    let back = fromGraph(graph, document);
    expect(back.flow.layout).toEqual({ log: { x: 310, y: 13 }, pay: { x: 640, y: 0 } });
    expect(toGraph(back).placed).toEqual(graph.placed);
    expect(fromGraph(toGraph(back), back)).toEqual(back); // hints round-trip unedited
    back = fromGraph(edits.remove(graph, ["pay"]), document);
    expect(back.flow.layout).toEqual({ log: { x: 310, y: 13 } });
    expect("layout" in fromGraph(edits.autoLayout(graph), document).flow).toBe(false);
  });

  it("deletes a lane only when no node acts in it and no handoff goes to it", () => {
    const document = refund();
    let graph = edits.addLane(toGraph(document), "Quality team");
    expect(edits.laneInUse(graph, "quality-team")).toBe(false);
    expect(edits.removeLane(graph, "billing")).toBe(graph); // billing has nodes: kept
    graph = edits.removeLane(graph, "quality-team");
    expect(fromGraph(graph, document).roles.map((role) => role.id)).toEqual(["agent", "billing"]);
    const back = fromGraph(graph, document);
    expect(back).toEqual(document); // the lane added and deleted: the document as it was
  });

  it("removes a node with the links to it, leaving the node before it without a next", () => {
    const document = refund();
    const graph = edits.remove(toGraph(document), ["pay"]);
    const back = fromGraph(graph, document);
    expect(back.flow.nodes.map((node) => node.id)).not.toContain("pay");
    expect(back.flow.nodes[2]).not.toHaveProperty("next");
  });

  it("renumbers a decision's options when one is disconnected", () => {
    const document = refund();
    const graph = edits.disconnect(toGraph(document), "eligible#0");
    expect(graph.edges.filter((edge) => edge.source === "eligible").map((edge) => edge.id)).toEqual(["eligible#0"]);
    expect(fromGraph(graph, document).flow.nodes[1].options).toEqual([{ label: "No", next: "declined" }]);
  });

  it("edits an instruction and an option label, and removes a field set empty", () => {
    const document = refund();
    let graph = edits.updateNode(toGraph(document), "pay", { instruction: "Refund it.", reference: "" });
    graph = edits.updateEdge(graph, "eligible#1", { label: "Not eligible", condition: "" });
    const back = fromGraph(graph, document);
    expect(back.flow.nodes[3]).toEqual({ id: "pay", type: "step", role: "billing", instruction: "Refund it.", next: "issued" });
    expect(graph.nodes[3].label).toBe("Refund it.");
    expect(back.flow.nodes[1].options).toEqual([
      { label: "Yes", condition: "Under 30 days", next: "to-billing" },
      { label: "Not eligible", next: "declined" },
    ]);
  });

  it("pastes a copy of one node under a fresh id, unconnected, in its lane", () => {
    const document = refund();
    const graph = toGraph(document);
    const [pasted, ids] = edits.paste(graph, edits.copy(graph, ["eligible"]));
    expect(ids).toEqual(["decision-1"]);
    const back = fromGraph(pasted, document);
    expect(back.flow.nodes.at(-1)).toEqual({ id: "decision-1", type: "decision", role: "agent", question: "Eligible?", options: [] });
    expect(fromGraph(edits.paste(graph, edits.copy(graph, ["log"]))[0], document).flow.nodes.at(-1)).toEqual({
      id: "step-1",
      type: "step",
      role: "agent",
      instruction: "Log the request.",
      detail: { novice: "Use the form." },
    });
  });

  it("copies a selection with the links among its nodes only, and pastes it renamed", () => {
    const document = refund();
    const graph = toGraph(document);
    const clip = edits.copy(graph, ["pay", "eligible", "declined"]);
    expect(clip.nodes.map((n) => n.id)).toEqual(["eligible", "pay", "declined"]); // the graph's order
    expect(clip.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["eligible>declined"]);
    const [pasted, ids] = edits.paste(graph, clip);
    expect(ids).toEqual(["decision-1", "step-1", "outcome-1"]);
    const back = fromGraph(pasted, document);
    expect(back.flow.nodes.slice(0, 6)).toEqual(document.flow.nodes); // the rest untouched
    expect(back.flow.nodes.slice(6)).toEqual([
      { id: "decision-1", type: "decision", role: "agent", question: "Eligible?", options: [{ label: "No", next: "outcome-1" }] },
      { id: "step-1", type: "step", role: "billing", instruction: "Pay it back.", reference: "WI-PAY-003" },
      { id: "outcome-1", type: "outcome", name: "Refund declined", description: "Told why." },
    ]);
    // Pasting again gives other fresh ids; one undo takes the whole paste back.
    const [twice, more] = edits.paste(pasted, clip);
    expect(more).toEqual(["decision-2", "step-2", "outcome-2"]);
    let history = edits.record(edits.begin(graph), pasted);
    history = edits.record(history, twice);
    expect(edits.undo(history).present).toBe(pasted);
    expect(edits.undo(edits.undo(history)).present).toBe(graph);
  });

  it("pastes a copied parallel split with its join renamed to the copy's", () => {
    const document = refund();
    const [graph, split] = edits.addParallel(toGraph(document), "agent");
    const block = [split, "step-1", "step-2", "step-3"];
    const [pasted, ids] = edits.paste(graph, edits.copy(graph, block));
    expect(ids).toEqual(["parallel-2", "step-4", "step-5", "step-6"]);
    const copy = fromGraph(pasted, document).flow.nodes.find((n) => n.id === "parallel-2");
    expect(copy?.join).toBe("step-6");
    expect(copy?.branches).toEqual([
      { label: "Branch 1", next: "step-4" },
      { label: "Branch 2", next: "step-5" },
    ]);
  });

  it("adds a parallel split: two branches of one step each that meet at the join", () => {
    const document = refund();
    let [graph, split] = edits.addParallel(toGraph(document), "billing");
    graph = edits.connect(graph, "pay", split);
    const back = fromGraph(graph, document);
    expect(split).toBe("parallel-1");
    expect(back.flow.nodes.slice(6)).toEqual([
      {
        id: "parallel-1",
        type: "parallel",
        branches: [
          { label: "Branch 1", next: "step-1" },
          { label: "Branch 2", next: "step-2" },
        ],
        join: "step-3",
        role: "billing",
      },
      { id: "step-1", type: "step", instruction: "First branch's work", next: "step-3", role: "billing" },
      { id: "step-2", type: "step", instruction: "Second branch's work", next: "step-3", role: "billing" },
      { id: "step-3", type: "step", instruction: "Go on once both branches are done", role: "billing" },
    ]);
    expect(back.flow.nodes[3].next).toBe("parallel-1");
  });

  it("edits a lane's role kind and responsibilities, and leaves an unedited role as it was", () => {
    const document = refund();
    let graph = edits.updateLane(toGraph(document), "billing", { kind: "system", responsibilities: ["Pays refunds", "Keeps the ledger"] });
    graph = edits.updateLane(graph, "agent", { kind: "person" });
    const back = fromGraph(graph, document);
    expect(back.roles[0]).toBe(document.roles[0]);
    expect(back.roles[1]).toEqual({ id: "billing", name: "Billing team", kind: "system", responsibilities: ["Pays refunds", "Keeps the ledger"] });
    const cleared = fromGraph(edits.updateLane(toGraph(back), "billing", { responsibilities: [] }), back);
    expect(cleared.roles[1]).toEqual({ id: "billing", name: "Billing team", kind: "system" });
    const added = fromGraph(edits.updateLane(edits.addLane(graph, "Finance"), "finance", { responsibilities: ["Approves"] }), document);
    expect(added.roles.at(-1)).toEqual({ id: "finance", name: "Finance", kind: "person", responsibilities: ["Approves"] });
  });

  it("undoes and redoes whole edits", () => {
    const start = toGraph(refund());
    let history = edits.begin(start);
    history = edits.record(history, edits.moveToLane(history.present, "log", "billing"));
    history = edits.record(history, edits.makeStart(history.present, "eligible"));
    history = edits.undo(history);
    expect(history.present.start).toBe("log");
    expect(history.present.nodes[0].lane).toBe("billing");
    history = edits.undo(history);
    expect(history.present).toBe(start);
    history = edits.redo(history);
    expect(history.present.nodes[0].lane).toBe("billing");
    history = edits.record(history, edits.makeStart(history.present, "pay"));
    expect(history.future).toEqual([]);
  });
});

describe("lanes", () => {
  it("adds a lane as a new role, renames one and reorders them", () => {
    const document = refund();
    let graph = edits.addLane(toGraph(document), "Team lead");
    graph = edits.renameLane(graph, "agent", "Support agents");
    graph = edits.moveLane(graph, "team-lead", -1);
    graph = edits.moveToLane(graph, "pay", "team-lead");
    const back = fromGraph(graph, document);
    expect(back.roles).toEqual([
      { id: "agent", name: "Support agents", kind: "person" },
      { id: "team-lead", name: "Team lead", kind: "person" },
      { id: "billing", name: "Billing team", kind: "team" },
    ]);
    expect(back.flow.nodes[3].role).toBe("team-lead");
  });

  it("gives a new lane an id no other lane has, and keeps the no-role lane last", () => {
    const document = refund();
    delete document.flow.nodes[0].role;
    let graph = edits.addLane(toGraph(document), "Billing team!");
    expect(graph.lanes.map((lane) => lane.id)).toEqual(["agent", "billing", "billing-team", ""]);
    graph = edits.moveLane(graph, "billing-team", 1);
    expect(graph.lanes.at(-1)?.id).toBe("");
  });
});
