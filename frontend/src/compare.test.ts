import { describe, expect, it } from "vitest";
import { changes } from "./compare.ts";
import { refund } from "./fixtures.ts";

describe("changes", () => {
  it("names nothing for the same document", () => {
    expect(changes(refund(), refund())).toEqual([]);
  });

  it("names changed fields and nodes added, changed and removed", () => {
    const after = refund();
    after.title = "Refunds";
    after.flow.nodes[0].instruction = "Log it.";
    after.flow.nodes = after.flow.nodes.filter((node) => node.id !== "declined");
    after.flow.nodes.push({ id: "wait", type: "step", instruction: "Wait." });
    expect(changes(refund(), after)).toEqual(["title changed", "node log changed", "node wait added", "node declined removed"]);
  });
});
