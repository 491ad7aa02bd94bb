// Where the API's problems belong in the graph: a path such as flow.nodes[3].options[1].next
// names node 3 of the document that was checked, and its option 1 (an edge).

import type { Problem, SopDocument } from "./types.ts";

export interface Placed {
  problem: Problem;
  nodeId?: string;
  edgeId?: string;
}

const NODE = /^flow\.nodes\[(\d+)\](?:\.(?:options|branches)\[(\d+)\])?/;

/** Each problem with the node (and edge) it is about, when its path names one. */
export function place(document: SopDocument, problems: Problem[]): Placed[] {
  return problems.map((problem) => {
    const found = NODE.exec(problem.path);
    if (!found) return { problem };
    const node = document.flow.nodes[Number(found[1])];
    if (!node) return { problem };
    const edgeId = found[2] !== undefined ? `${node.id}#${found[2]}` : undefined;
    return { problem, nodeId: node.id, edgeId };
  });
}

/** How many problems of each severity every node has. */
export function byNode(placed: Placed[]): Map<string, { errors: number; warnings: number }> {
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const item of placed) {
    if (!item.nodeId) continue;
    const count = counts.get(item.nodeId) ?? { errors: 0, warnings: 0 };
    if (item.problem.severity === "error") count.errors += 1;
    else count.warnings += 1;
    counts.set(item.nodeId, count);
  }
  return counts;
}
