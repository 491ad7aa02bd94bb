// The flow builder: the canvas of nodes in role lanes, the panel of the selected node, the
// problems the API finds as one edits, and saving as a new draft revision.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Background, Controls, MarkerType, ReactFlow, useReactFlow } from "@xyflow/react";
import type { Connection, Edge, EdgeChange, Node, NodeChange, OnNodeDrag } from "@xyflow/react";
import * as api from "./api.ts";
import { fromGraph, NO_ROLE, toGraph } from "./convert.ts";
import type { Graph, GraphNode, NodeKind } from "./convert.ts";
import { changes } from "./compare.ts";
import * as edits from "./edits.ts";
import { Inspector } from "./inspector.tsx";
import { laneAt, layout, NODE_HEIGHT, shownLane } from "./layout.ts";
import type { Box, Layout } from "./layout.ts";
import { nodeTypes } from "./nodes.tsx";
import type { FlowNodeData, LaneData } from "./nodes.tsx";
import { byNode, place } from "./problems.ts";
import type { Placed } from "./problems.ts";
import { LanesPanel, ProblemList, Toolbar } from "./panels.tsx";
import type { SopDocument } from "./types.ts";
import { useShortcuts } from "./shortcuts.ts";

export type Base = api.Loaded;

/** A save refused because someone saved a revision since: theirs, and what it changed. */
interface Conflict {
  latest: api.Loaded;
  changed: string[];
}

/** Which nodes and links the graph has, and in which lanes: a change of it lays out again. */
function shapeOf(graph: Graph): string {
  const nodes = graph.nodes.map((n) => `${n.id}@${n.lane}${graph.placed[n.id] ? `:${graph.placed[n.id].x},${graph.placed[n.id].y}` : ""}`).join(",");
  const lanes = graph.lanes.map((lane) => `${lane.id}=${lane.name}`).join(",");
  return `${nodes}|${graph.edges.map((e) => `${e.source}>${e.target}`).join(",")}|${lanes}`;
}

function useLayout(graph: Graph, nonce: number) {
  const [laid, setLaid] = useState<Layout | null>(null);
  const shape = shapeOf(graph);
  const latest = useRef(graph);
  latest.current = graph;
  useEffect(() => {
    let current = true;
    void layout(latest.current).then((found) => current && setLaid(found));
    return () => {
      current = false;
    };
  }, [shape, nonce]);
  return [laid, setLaid] as const;
}

function useProblems(code: string, document: SopDocument) {
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

const DELETE_KEYS = ["Delete", "Backspace"];

function laneName(graph: Graph, id: string): string {
  return graph.lanes.find((lane) => lane.id === id)?.name ?? id;
}

/** The last canvas node made for each flow node, reused while nothing it shows changed, so
 * an edit re-renders the nodes it touched rather than all of them. */
type NodeCache = Map<string, { key: string; node: Node<FlowNodeData> }>;

function canvasNode(node: GraphNode, position: Box, data: FlowNodeData, selected: boolean): Node<FlowNodeData> {
  return { id: node.id, type: "flow", position, selected, ariaLabel: `${node.kind} ${node.label}`, data };
}

function flowNodes(graph: Graph, laid: Layout, placed: Placed[], selected: string | null, cache: NodeCache): Node[] {
  const counts = byNode(placed);
  const lanes: Node<LaneData>[] = laid.bands.map((band) => ({
    id: `lane:${band.id}`,
    type: "lane",
    position: { x: 0, y: band.top },
    data: { name: band.name, width: laid.width, height: band.height },
    style: { width: laid.width, height: band.height },
    draggable: false,
    selectable: false,
    deletable: false,
    focusable: false,
    zIndex: -1,
  }));
  const shown = graph.nodes.map((node) => {
    const position = laid.positions[node.id] ?? { x: 0, y: 0 };
    const data: FlowNodeData = {
      kind: node.kind,
      label: node.label,
      nodeId: node.id,
      start: node.id === graph.start,
      reference: typeof node.source.reference === "string" ? node.source.reference : undefined,
      detail: node.kind === "handoff" ? `to ${laneName(graph, String(node.source.to_role ?? ""))}` : undefined,
      errors: counts.get(node.id)?.errors ?? 0,
      warnings: counts.get(node.id)?.warnings ?? 0,
    };
    const key = JSON.stringify([position.x, position.y, node.id === selected, data]);
    const kept = cache.get(node.id);
    if (kept && kept.key === key) return kept.node;
    const made = canvasNode(node, position, data, node.id === selected);
    cache.set(node.id, { key, node: made });
    return made;
  });
  return [...lanes, ...shown];
}

/** The last canvas edge made for each link, reused while it shows the same. */
type EdgeCache = Map<string, { key: string; edge: Edge }>;

function flowEdges(graph: Graph, placed: Placed[], selected: string | null, cache: EdgeCache): Edge[] {
  const wrong = new Set(placed.map((item) => item.edgeId).filter(Boolean));
  const ids = new Set(graph.nodes.map((node) => node.id));
  return graph.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
    .map((edge) => {
      const bad = wrong.has(edge.id);
      const key = JSON.stringify([edge.source, edge.target, edge.label, edge.id === selected, bad]);
      const kept = cache.get(edge.id);
      if (kept && kept.key === key) return kept.edge;
      const made: Edge = {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label,
        selected: edge.id === selected,
        type: "smoothstep",
        className: bad ? "sf-edge-wrong" : undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        labelBgPadding: [6, 3],
        labelBgBorderRadius: 4,
      };
      cache.set(edge.id, { key, edge: made });
      return made;
    });
}

function ConflictNotice(props: { conflict: Conflict; onReload: () => void; onOverwrite: () => void }) {
  const { latest, changed } = props.conflict;
  return (
    <div className="sf-message sf-message-conflict sf-conflict" role="alert">
      <p>
        <strong>
          {latest.author} saved revision {latest.revision} since you opened this one
        </strong>
        {latest.summary ? `: “${latest.summary}”` : ""}. It changed {changed.length ? changed.join(", ") : "nothing in the flow"}.
      </p>
      <p>Your edits are still here. Reload the latest revision and apply them again, or save yours on top of it (theirs stays in the history and in the diff).</p>
      <div className="sf-group">
        <button type="button" onClick={props.onReload}>
          Reload the latest revision
        </button>
        <button type="button" onClick={props.onOverwrite}>
          Save mine on top of revision {latest.revision}
        </button>
      </div>
    </div>
  );
}

/** What the status line says after a save. */
function savedText(result: api.Saved): string {
  if (!result.created) return "Nothing changed: the latest revision has this content.";
  const count = result.problems.length;
  if (count === 0) return `Saved as revision ${result.revision} (draft).`;
  return `Saved as revision ${result.revision} (draft) with ${count} problem${count === 1 ? "" : "s"}: it cannot be submitted for review until they are fixed.`;
}

export function Builder(props: { code: string; base: Base; onReload: () => void }) {
  const { code, base } = props;
  const [history, setHistory] = useState(() => edits.begin(toGraph(base.document)));
  const [saved, setSaved] = useState({ etag: base.etag, revision: base.revision, graph: history.present });
  const [selected, setSelected] = useState<string | null>(null);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const [laid, setLaid] = useLayout(history.present, nonce);
  const [message, setMessage] = useState<{ text: string; kind: "info" | "error" | "conflict" } | null>(null);
  const [summary, setSummary] = useState("");
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const flow = useReactFlow();
  const graph = history.present;
  const document = useMemo(() => fromGraph(graph, base.document), [graph, base.document]);
  const { placed, checking } = useProblems(code, document);
  const dirty = graph !== saved.graph;

  const apply = useCallback((change: (g: Graph) => Graph) => setHistory((h) => edits.record(h, change(h.present))), []);

  const add = useCallback(
    (kind: NodeKind) => {
      setHistory((h) => {
        const after = h.present.nodes.find((node) => node.id === selected);
        const lane = after ? shownLane(h.present, after.lane) : (h.present.lanes[0]?.id ?? NO_ROLE);
        let [next, id] = edits.addNode(h.present, kind, lane);
        if (after) next = edits.connect(next, after.id, id);
        setSelected(id);
        return edits.record(h, next);
      });
    },
    [selected],
  );

  const removeSelected = useCallback(() => {
    if (selected) apply((g) => edits.remove(g, [selected]));
    setSelected(null);
  }, [apply, selected]);

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

  const clipboard = useRef<GraphNode | null>(null);
  useShortcuts({
    copy: () => {
      clipboard.current = graph.nodes.find((node) => node.id === selected) ?? null;
    },
    paste: () => {
      const copied = clipboard.current;
      if (!copied) return;
      setHistory((h) => {
        const [next, id] = edits.paste(h.present, copied);
        setSelected(id);
        return edits.record(h, next);
      });
    },
    undo: () => setHistory(edits.undo),
    redo: () => setHistory(edits.redo),
    save: () => void doSave(),
    add,
  });

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      for (const change of changes) {
        if (change.type === "select" && !change.id.startsWith("lane:")) {
          if (change.selected) setSelected(change.id);
          else setSelected((current) => (current === change.id ? null : current));
        }
        if (change.type === "position" && change.position) {
          const at: Box = change.position;
          setLaid((current) => current && { ...current, positions: { ...current.positions, [change.id]: at } });
        }
      }
    },
    [setLaid],
  );

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
  const nodes = useMemo(() => (laid ? flowNodes(graph, laid, placed, selected, made.current) : []), [graph, laid, placed, selected]);
  const drawnEdges = useRef<EdgeCache>(new Map());
  const edges = useMemo(() => flowEdges(graph, placed, selectedEdge, drawnEdges.current), [graph, placed, selectedEdge]);
  const chosen = graph.nodes.find((node) => node.id === selected);

  const focusNode = useCallback(
    (nodeId: string) => {
      setSelected(nodeId);
      void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
    },
    [flow],
  );

  return (
    <div className="sf-builder">
      <Toolbar
        onAdd={add}
        onDelete={removeSelected}
        canDelete={Boolean(selected)}
        onUndo={() => setHistory(edits.undo)}
        onRedo={() => setHistory(edits.redo)}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onLayout={() => {
          apply(edits.autoLayout);
          setNonce((n) => n + 1);
        }}
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
        <div className="sf-canvas" ref={canvas}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onNodeDragStop={onNodeDragStop}
            onConnect={onConnect}
            onEdgesChange={onEdgesChange}
            deleteKeyCode={DELETE_KEYS}
            onDelete={({ nodes: goneNodes, edges: goneEdges }) =>
              apply((g) => edits.remove(g, goneNodes.map((n) => n.id), goneEdges.map((e) => e.id)))
            }
            onPaneClick={() => setSelected(null)}
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
            node={chosen}
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
            inUse={(laneId) => edits.laneInUse(graph, laneId)}
          />
        </aside>
      </div>
    </div>
  );
}
