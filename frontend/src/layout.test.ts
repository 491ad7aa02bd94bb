import { describe, expect, it } from "vitest";
import { toGraph } from "./convert.ts";
import * as edits from "./edits.ts";
import { refund } from "./fixtures.ts";
import { allPlaced, compose, LANE_HEADER, LAYER_GAP, NODE_WIDTH, quickLayers, shapeOf } from "./layout.ts";

const STEP = NODE_WIDTH + LAYER_GAP;

describe("layout", () => {
  it("layers a flow without ELK: each node a layer after the furthest node leading to it", () => {
    const graph = toGraph(refund());
    const layers = quickLayers(graph);
    const layer = (id: string) => layers[id].x / STEP;
    expect(["log", "eligible", "to-billing", "pay", "issued"].map(layer)).toEqual([0, 1, 2, 3, 4]);
    expect(layer("declined")).toBe(2);
    expect(layers["declined"].y).toBeGreaterThan(layers["to-billing"].y); // met later, stacked below
  });

  it("ignores a loop back when layering", () => {
    const graph = edits.connect(toGraph(refund()), "pay", "log");
    const layers = quickLayers(graph);
    expect(layers["log"].x).toBe(0);
    expect(layers["pay"].x).toBe(3 * STEP);
  });

  it("puts a node the layers do not know one layer right of the node leading to it, a row below when taken", () => {
    const graph = toGraph(refund());
    const layers = quickLayers(graph);
    const before = compose(graph, layers);
    let [next, id] = edits.addNode(graph, "step", "agent");
    next = edits.connect(next, "log", id); // log now leads to the new step, where eligible is
    const after = compose(next, layers);
    expect(after.positions[id].x).toBe(before.positions["log"].x + STEP);
    expect(after.positions[id].y).toBeGreaterThan(before.positions["eligible"].y); // the row below
    const agent = after.bands.find((b) => b.id === "agent");
    const billing = after.bands.find((b) => b.id === "billing");
    expect(agent && billing && billing.top).toBe(agent?.height); // the lanes below moved down
    expect(after.positions["pay"].y - before.positions["pay"].y).toBe(after.bands[1].top - before.bands[1].top);
  });

  it("keeps nodes placed by hand; a flow whose every node has a place needs no layering", () => {
    let graph = toGraph(refund());
    expect(allPlaced(graph)).toBe(false);
    graph.nodes.forEach((node, index) => {
      graph = edits.place(graph, node.id, { x: LANE_HEADER + index * 300, y: 26 });
    });
    expect(allPlaced(graph)).toBe(true);
    const laid = compose(graph, {});
    expect(laid.positions["pay"]).toEqual({ x: LANE_HEADER + 3 * 300, y: laid.bands[1].top + 26 });
  });

  it("changes shape with nodes and links, not with texts or lanes", () => {
    const graph = toGraph(refund());
    expect(shapeOf(edits.updateNode(graph, "log", { instruction: "Other words" }))).toBe(shapeOf(graph));
    expect(shapeOf(edits.moveToLane(graph, "log", "billing"))).toBe(shapeOf(graph));
    expect(shapeOf(edits.connect(graph, "log", "pay"))).not.toBe(shapeOf(graph));
  });
});
