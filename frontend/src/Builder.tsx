// The flow builder: the canvas of nodes in role lanes, the panel of the selected node, the
// problems the API finds as one edits, and saving as a new draft revision.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Background, Controls, ReactFlow, useReactFlow } from "@xyflow/react";
import type { Connection, EdgeChange, NodeChange, OnNodeDrag } from "@xyflow/react";
import * as api from "./api.ts";
import { flowEdges, flowNodes } from "./canvas.ts";
import type { EdgeCache, NodeCache } from "./canvas.ts";
import { fromGraph, NO_ROLE, toGraph } from "./convert.ts";
import type { Graph, NodeKind } from "./convert.ts";
import { changes } from "./compare.ts";
import * as edits from "./edits.ts";
import { useLayers, useProblems } from "./hooks.ts";
import { Inspector } from "./inspector.tsx";
import { compose, laneAt, NODE_HEIGHT, shownLane } from "./layout.ts";
import type { Box } from "./layout.ts";
import { nodeTypes } from "./nodes.tsx";
import { ConflictNotice, savedText } from "./notices.tsx";
import type { Conflict } from "./notices.tsx";
import { LanesPanel, ProblemList, Toolbar } from "./panels.tsx";
import { useShortcuts } from "./shortcuts.ts";

export type Base = api.Loaded;

const DELETE_KEYS = ["Delete", "Backspace"];

/** The ids in picked, with id added (on) or taken out. */
function toggled(picked: string[], id: string, on: boolean): string[] {
  if (on) return picked.includes(id) ? picked : [...picked, id];
  return picked.includes(id) ? picked.filter((other) => other !== id) : picked;
}

export function Builder(props: { code: string; base: Base; onReload: () => void }) {
  const { code, base } = props;
  const [history, setHistory] = useState(() => edits.begin(toGraph(base.document)));
  const [saved, setSaved] = useState({ etag: base.etag, revision: base.revision, graph: history.present });
  const [chosen, setPicked] = useState<string[]>([]);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [dragged, setDragged] = useState<Record<string, Box>>({});
  const [message, setMessage] = useState<{ text: string; kind: "info" | "error" | "conflict" } | null>(null);
  const [summary, setSummary] = useState("");
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const flow = useReactFlow();
  const graph = history.present;
  const { layers, settled, failed, shape } = useLayers(graph);
  // The places change with the shape, the nodes' lanes, the lanes and the kept places, not
  // with what a node says: rewording keeps them (and so every other canvas node) as they were.
  const lanesOf = useMemo(() => graph.nodes.map((node) => node.lane).join("\u0000"), [graph.nodes]);
  const laid = useMemo(
    () => layers && compose(graph, layers),
    [layers, shape, lanesOf, graph.lanes, graph.placed],
  );
  // A drop is kept in the graph; the rest snap back (no new object when nothing was dragged,
  // so an edit does not hand the canvas its nodes twice).
  useEffect(() => setDragged((current) => (Object.keys(current).length ? {} : current)), [graph]);
  const document = useMemo(() => fromGraph(graph, base.document), [graph, base.document]);
  const { placed, checking } = useProblems(code, document);
  const dirty = graph !== saved.graph;
  const present = useMemo(() => new Set(graph.nodes.map((node) => node.id)), [graph]);
  const picked = useMemo(() => chosen.filter((id) => present.has(id)), [chosen, present]); // an undo or delete may take some
  const selected = picked.length === 1 ? picked[0] : null;

  const apply = useCallback((change: (g: Graph) => Graph) => setHistory((h) => edits.record(h, change(h.present))), []);

  const add = useCallback(
    (kind: NodeKind) => {
      setHistory((h) => {
        const after = h.present.nodes.find((node) => node.id === selected);
        const lane = after ? shownLane(h.present, after.lane) : (h.present.lanes[0]?.id ?? NO_ROLE);
        let [next, id] = kind === "parallel" ? edits.addParallel(h.present, lane) : edits.addNode(h.present, kind, lane);
        if (after) next = edits.connect(next, after.id, id);
        setPicked([id]);
        return edits.record(h, next);
      });
    },
    [selected],
  );

  const removeSelected = useCallback(() => {
    if (picked.length) apply((g) => edits.remove(g, picked));
    setPicked([]);
  }, [apply, picked]);

  const doSave = useCallback(
    async (onto?: string) => {
      const said = summary.trim() || "Edited in the flow builder";
      try {
        const result = await api.save(code, document, onto ?? saved.etag, said);
        setSaved({ etag: result.etag, revision: result.revision, graph });
        setConflict(null);
        setMessage({ text: savedText(result), kind: "info" });
        setSummary("");
      } catch (error) {
        const failed = error as api.ApiError;
        if (failed.status === 412) {
          const latest = await api.load(code);
          setConflict({ latest, changed: changes(base.document, latest.document) });
        }
        setMessage({ text: failed.message, kind: failed.status === 412 ? "conflict" : "error" });
      }
    },
    [base.document, code, document, graph, saved.etag, summary],
  );

  const clipboard = useRef<edits.Clip | null>(null);
  const copySelection = useCallback(() => {
    if (!picked.length) return;
    clipboard.current = edits.copy(graph, picked);
    const { nodes, edges } = clipboard.current;
    setMessage({ text: `Copied ${nodes.length} node(s) and ${edges.length} link(s) among them.`, kind: "info" });
  }, [graph, picked]);
  const pasteClip = useCallback(() => {
    const clip = clipboard.current;
    if (!clip) return;
    setHistory((h) => {
      const [next, ids] = edits.paste(h.present, clip);
      setPicked(ids);
      return edits.record(h, next);
    });
  }, []);
  const shortcuts = useMemo(
    () => ({
      copy: copySelection,
      paste: pasteClip,
      selectAll: () => setPicked(graph.nodes.map((node) => node.id)),
      undo: () => setHistory(edits.undo),
      redo: () => setHistory(edits.redo),
      save: () => void doSave(),
      add,
    }),
    [add, copySelection, doSave, graph.nodes, pasteClip],
  );
  useShortcuts(shortcuts);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    for (const change of changes) {
      if (change.type === "select" && !change.id.startsWith("lane:")) {
        setPicked((current) => toggled(current, change.id, change.selected));
      }
      if (change.type === "position" && change.position) {
        const at: Box = change.position;
        setDragged((current) => ({ ...current, [change.id]: at }));
      }
    }
  }, []);

  const onNodeDragStop: OnNodeDrag = useCallback(
    (_event, node) => {
      if (!laid) return;
      const lane = laneAt(laid.bands, node.position.y + NODE_HEIGHT / 2);
      const current = graph.nodes.find((n) => n.id === node.id);
      if (lane === undefined || !current) return;
      // An outcome is drawn where work ends, so it keeps its lane; the others take the new one.
      const into = current.kind !== "outcome" ? lane : shownLane(graph, current.lane);
      const band = laid.bands.find((b) => b.id === into);
      const at = { x: node.position.x, y: node.position.y - (band?.top ?? 0) };
      apply((g) => {
        const moved = into !== shownLane(g, current.lane) ? edits.moveToLane(g, node.id, into) : g;
        return edits.place(moved, node.id, at);
      });
    },
    [apply, graph, laid],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type !== "select") continue;
      if (change.selected) setSelectedEdge(change.id);
      else setSelectedEdge((current) => (current === change.id ? null : current));
    }
  }, []);

  const onConnect = useCallback((connection: Connection) => apply((g) => edits.connect(g, connection.source, connection.target)), [apply]);

  const canvas = useRef<HTMLDivElement>(null);
  const framed = useRef(false);
  useEffect(() => {
    // The first view: every lane in height, from the left, at a readable zoom.
    if (!laid || framed.current || !canvas.current) return;
    framed.current = true;
    const { clientWidth, clientHeight } = canvas.current; // fit the lanes in height; scroll along
    const height = laid.bands.reduce((sum, band) => sum + band.height, 0) + 16;
    const zoom = Math.min(0.75, Math.max(0.5, clientHeight / height, Math.min(1, clientWidth / laid.width)));
    void flow.setViewport({ x: 8, y: 8, zoom });
  }, [flow, laid]);

  const made = useRef<NodeCache>(new Map());
  const pickedSet = useMemo(() => new Set(picked), [picked]);
  const nodes = useMemo(
    () => (laid ? flowNodes(graph, laid, dragged, placed, pickedSet, made.current) : []),
    [graph, laid, dragged, placed, pickedSet],
  );
  const drawnEdges = useRef<EdgeCache>(new Map());
  const edges = useMemo(
    () => flowEdges(graph, placed, selectedEdge, drawnEdges.current),
    [graph.edges, shape, placed, selectedEdge], // the links and which nodes there are
  );
  const shownNode = graph.nodes.find((node) => node.id === selected);

  const focusNode = useCallback(
    (nodeId: string) => {
      setPicked([nodeId]);
      void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
    },
    [flow],
  );

  return (
    <div className="sf-builder">
      <Toolbar
        onAdd={add}
        onDelete={removeSelected}
        canDelete={picked.length > 0}
        onCopy={copySelection}
        onPaste={pasteClip}
        onUndo={() => setHistory(edits.undo)}
        onRedo={() => setHistory(edits.redo)}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onLayout={() => apply(edits.autoLayout)}
        summary={summary}
        onSummary={setSummary}
        onSave={() => void doSave()}
        dirty={dirty}
      />
      <div className="sf-status" role="status" aria-live="polite">
        <span>
          Based on revision {saved.revision}
          {base.state && saved.revision === base.revision ? ` (${base.state})` : ""}
        </span>
        <span>{dirty ? "Unsaved changes" : "No unsaved changes"}</span>
        <span>{checking ? "Checking…" : `${placed.length} problem(s)`}</span>
        {message && !conflict && <span className={`sf-message sf-message-${message.kind}`}>{message.text}</span>}
        {message?.kind === "info" && saved.revision > base.revision && !conflict && (
          <span className="sf-after-save">
            <a href={`/documents/${encodeURIComponent(code)}/history?from=${base.revision}&to=${saved.revision}`}>
              See the changes
            </a>
            {" · "}
            <a href={`/runs/new?code=${encodeURIComponent(code)}&revision=${saved.revision}`}>
              Try revision {saved.revision} in the runner
            </a>
          </span>
        )}
      </div>
      {conflict && <ConflictNotice conflict={conflict} onReload={props.onReload} onOverwrite={() => void doSave(conflict.latest.etag)} />}
      <div className="sf-work">
        <div className="sf-canvas" ref={canvas} data-layout={settled ? "settled" : "pending"} data-layout-engine={failed ? "quick" : "elk"}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onNodeDragStop={onNodeDragStop}
            onConnect={onConnect}
            onEdgesChange={onEdgesChange}
            deleteKeyCode={DELETE_KEYS}
            onDelete={({ nodes: goneNodes, edges: goneEdges }) => {
              apply((g) => edits.remove(g, goneNodes.map((n) => n.id), goneEdges.map((e) => e.id)));
              setPicked([]);
            }}
            onPaneClick={() => setPicked([])}
            defaultViewport={{ x: 8, y: 8, zoom: 0.8 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} />
            <Controls showInteractive={false} position="bottom-right" />
          </ReactFlow>
        </div>
        <aside className="sf-side">
          <Inspector
            graph={graph}
            node={shownNode}
            count={picked.length}
            onConnect={(target) => selected && apply((g) => edits.connect(g, selected, target))}
            onNode={(fields) => selected && apply((g) => edits.updateNode(g, selected, fields))}
            onEdge={(edgeId, fields) => apply((g) => edits.updateEdge(g, edgeId, fields))}
            onDisconnect={(edgeId) => apply((g) => edits.disconnect(g, edgeId))}
            onLane={(lane) => selected && apply((g) => edits.moveToLane(g, selected, lane))}
            onStart={() => selected && apply((g) => edits.makeStart(g, selected))}
          />
          <ProblemList placed={placed} onPick={focusNode} />
          <LanesPanel
            lanes={graph.lanes}
            onAdd={(name) => apply((g) => edits.addLane(g, name))}
            onRename={(laneId, name) => apply((g) => edits.renameLane(g, laneId, name))}
            onMove={(laneId, step) => apply((g) => edits.moveLane(g, laneId, step))}
            onRemove={(laneId) => apply((g) => edits.removeLane(g, laneId))}
            onRole={(laneId, fields) => apply((g) => edits.updateLane(g, laneId, fields))}
            inUse={(laneId) => edits.laneInUse(graph, laneId)}
          />
        </aside>
      </div>
    </div>
  );
}
