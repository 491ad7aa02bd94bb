// The builder's background work: the layout of the flow's shape (ELK in a worker) and the
// live check of the document (the API), each kept off the path of an edit.

import { useEffect, useMemo, useRef, useState } from "react";
import * as api from "./api.ts";
import type { Graph } from "./convert.ts";
import { elkLayers } from "./elk.ts";
import { allPlaced, quickLayers, shapeOf } from "./layout.ts";
import type { Layers } from "./layout.ts";
import { place } from "./problems.ts";
import type { Placed } from "./problems.ts";
import type { SopDocument } from "./types.ts";

/** From this many nodes on, a flow is drawn at once on the quick layering while ELK works;
 * a smaller one waits for ELK (a fraction of a second), so it is drawn once, not twice. */
export const QUICK_FROM = 80;
/** How long after a change of shape ELK is asked: a burst of edits asks once. */
export const RELAYOUT_DELAY = 400;

/** The layers to draw on: ELK's, once it has laid out the latest shape; until then the ones
 * it gave before (compose fits new nodes in), or on opening a large flow the quick layering.
 * A flow whose every node has a kept place needs no ELK to open. */
export function useLayers(graph: Graph): { layers: Layers | null; settled: boolean; failed: boolean; shape: string } {
  const shape = useMemo(() => shapeOf(graph), [graph.nodes, graph.edges]);
  const [elk, setElk] = useState<Layers | null>(null);
  const [laidShape, setLaidShape] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const had = useRef(false);
  const latest = useRef(graph);
  latest.current = graph;
  useEffect(() => {
    const now = latest.current;
    if (!had.current && allPlaced(now)) {
      setLaidShape(shape); // every node where it was put: nothing to wait for
      return;
    }
    let current = true;
    const timer = window.setTimeout(
      () => {
        elkLayers(now)
          .catch(() => {
            setFailed(true); // the worker could not run: the quick layering stands in
            return quickLayers(now);
          })
          .then((found) => {
            if (!current) return;
            had.current = true;
            setElk(found);
            setLaidShape(shape);
          });
      },
      had.current ? RELAYOUT_DELAY : 0,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [shape]);
  const drawn = useRef(false);
  const quick = useMemo(
    () => (elk === null && (drawn.current || graph.nodes.length >= QUICK_FROM || allPlaced(graph)) ? quickLayers(graph) : null),
    // The layers follow the shape (and whether every node has a kept place), not the texts.
    [elk, shape, graph.placed],
  );
  const layers = elk ?? quick;
  if (layers) drawn.current = true;
  return { layers, settled: laidShape === shape, failed, shape };
}

/** The problems the API finds in the document, checked a moment after each edit. */
export function useProblems(code: string, document: SopDocument) {
  const [placed, setPlaced] = useState<Placed[]>([]);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    setChecking(true);
    const timer = window.setTimeout(() => {
      api
        .check(code, document)
        .then((problems) => setPlaced(place(document, problems)))
        .catch((error: Error) => setPlaced([{ problem: { path: "", message: error.message, rule: "check", severity: "error" } }]))
        .finally(() => setChecking(false));
    }, 300);
    return () => window.clearTimeout(timer);
  }, [code, document]);
  return { placed, checking };
}
