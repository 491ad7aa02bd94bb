// elkjs's layered layout, run in a Web Worker (the elk-worker script, served from this site as
// the Content-Security-Policy wants), so a layout of hundreds of nodes never holds up typing,
// clicking or drawing. The builder shows `compose` of the last layers it has meanwhile.

import ELK from "elkjs/lib/elk-api.js";
import type { ELK as Elk } from "elkjs/lib/elk-api.js";
import workerUrl from "elkjs/lib/elk-worker.min.js?url";
import type { Graph } from "./convert.ts";
import { LAYER_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP } from "./layout.ts";
import type { Layers } from "./layout.ts";

let elk: Elk | null = null;
let broken: Promise<never> = new Promise(() => undefined);

/** The worker, started on first use: call early (before the document loads) to overlap its
 * start with the download. A worker that cannot start makes every layout fail (the builder
 * then keeps the quick layering) rather than wait for ever. */
export function startLayout(): Elk {
  elk ??= new ELK({
    workerUrl,
    algorithms: ["layered"],
    workerFactory: (url) => {
      const worker = new Worker(url ?? workerUrl);
      broken = new Promise((_, reject) => worker.addEventListener("error", () => reject(new Error("the layout worker failed"))));
      broken.catch(() => undefined);
      return worker;
    },
  });
  return elk;
}

/** ELK's layers for the graph's nodes and links. */
export async function elkLayers(graph: Graph): Promise<Layers> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const engine = startLayout(); // first, so that `broken` is this worker's
  const laid = await Promise.race([broken, engine.layout({
    id: "flow",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": String(LAYER_GAP),
      "elk.spacing.nodeNode": String(ROW_GAP),
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    },
    children: graph.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  })]);
  const found: Layers = {};
  for (const child of laid.children ?? []) found[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return found;
}
