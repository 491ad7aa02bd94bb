// The panel beside the canvas: the selected node's fields, its options or branches, its lane.

import { useEffect, useState } from "react";
import type { Graph, GraphEdge, GraphNode } from "./convert.ts";
import { NO_ROLE } from "./convert.ts";
import { ReferenceLink, ReferencePicker } from "./reference.tsx";

export interface InspectorProps {
  graph: Graph;
  node: GraphNode | undefined;
  /** How many nodes are selected (the panel shows one). */
  count: number;
  onConnect: (target: string) => void;
  onNode: (fields: Record<string, unknown>) => void;
  onEdge: (edgeId: string, fields: Record<string, string>) => void;
  onDisconnect: (edgeId: string) => void;
  onLane: (lane: string) => void;
  onStart: () => void;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function list(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}

export function toLines(text: string): string[] | undefined {
  const list = text.split("\n").map((line) => line.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

function Field(props: { label: string; value: string; onChange: (v: string) => void; multiline?: boolean; name: string }) {
  const id = `sf-field-${props.name}`;
  return (
    <div className="sf-field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea id={id} rows={3} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </div>
  );
}

/** A list edited as text, one item a line: the text is kept as typed (an empty line too)
 * while it means the same list, so Enter starts a new line. */
export function LinesField(props: { label: string; value: string[] | undefined; onChange: (v: string[] | undefined) => void; name: string }) {
  const shown = (props.value ?? []).join("\n");
  const [text, setText] = useState(shown);
  useEffect(() => {
    setText((typed) => (JSON.stringify(toLines(typed) ?? []) === JSON.stringify(props.value ?? []) ? typed : shown));
  }, [props.value, shown]);
  return (
    <Field
      name={props.name}
      label={props.label}
      multiline
      value={text}
      onChange={(v) => {
        setText(v);
        props.onChange(toLines(v));
      }}
    />
  );
}

function RoleSelect(props: { graph: Graph; label: string; value: string; onChange: (v: string) => void; name: string }) {
  const id = `sf-field-${props.name}`;
  return (
    <div className="sf-field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.graph.lanes.map((lane) => (
          <option key={lane.id} value={lane.id}>
            {lane.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A node to link to, chosen from a list: connecting without a mouse. */
function Target(props: { graph: Graph; node: GraphNode; label: string; value: string; onChange: (target: string) => void; name?: string }) {
  const id = `sf-field-target-${props.name ?? props.node.kind}`;
  return (
    <div className="sf-field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => e.target.value && props.onChange(e.target.value)}>
        <option value="">{props.value ? "" : "(choose a node)"}</option>
        {props.graph.nodes
          .filter((other) => other.id !== props.node.id)
          .map((other) => (
            <option key={other.id} value={other.id}>
              {other.id}: {other.label.slice(0, 50)}
            </option>
          ))}
      </select>
    </div>
  );
}

function Links(props: { edges: GraphEdge[]; kind: string } & Pick<InspectorProps, "onEdge" | "onDisconnect">) {
  return (
    <fieldset className="sf-options">
      <legend>{props.kind === "decision" ? "Options" : "Branches"}</legend>
      {props.edges.length === 0 && <p className="sf-hint">Drag from the node's right handle to a node to add one.</p>}
      {props.edges.map((edge, index) => (
        <div className="sf-option" key={edge.id}>
          <Field
            name={`option-${index}-label`}
            label={`Label (to ${edge.target})`}
            value={str(edge.detail?.label)}
            onChange={(v) => props.onEdge(edge.id, { label: v })}
          />
          {props.kind === "decision" && (
            <Field
              name={`option-${index}-condition`}
              label="Condition"
              value={str(edge.detail?.condition)}
              onChange={(v) => props.onEdge(edge.id, { condition: v })}
            />
          )}
          <button type="button" className="sf-small" onClick={() => props.onDisconnect(edge.id)}>
            Remove
          </button>
        </div>
      ))}
    </fieldset>
  );
}

function StepFields({ node, onNode }: Pick<InspectorProps, "onNode"> & { node: GraphNode }) {
  const detail = (node.source.detail ?? {}) as Record<string, string>;
  const setDetail = (level: string, text: string) => {
    const next = { ...detail, [level]: text };
    if (!text) delete next[level];
    onNode({ detail: Object.keys(next).length ? next : undefined });
  };
  return (
    <>
      <Field name="instruction" label="Instruction" multiline value={str(node.source.instruction)} onChange={(v) => onNode({ instruction: v })} />
      <Field name="novice" label="Detail for novices" multiline value={str(detail.novice)} onChange={(v) => setDetail("novice", v)} />
      <Field name="expert" label="Detail for experts" multiline value={str(detail.expert)} onChange={(v) => setDetail("expert", v)} />
      <LinesField name="warnings" label="Warnings (one a line)" value={list(node.source.warnings)} onChange={(v) => onNode({ warnings: v })} />
      <Field name="expected" label="Expected result" value={str(node.source.expected_result)} onChange={(v) => onNode({ expected_result: v })} />
      <Field name="reference" label="Reference (WI or SOP code)" value={str(node.source.reference)} onChange={(v) => onNode({ reference: v.toUpperCase() })} />
      {str(node.source.reference) && <ReferenceLink code={str(node.source.reference)} />}
      <ReferencePicker onPick={(code) => onNode({ reference: code })} />
    </>
  );
}

function KindFields(props: InspectorProps & { node: GraphNode }) {
  const { node, graph, onNode } = props;
  switch (node.kind) {
    case "step":
      return <StepFields node={node} onNode={onNode} />;
    case "decision":
      return <Field name="question" label="Question" multiline value={str(node.source.question)} onChange={(v) => onNode({ question: v })} />;
    case "outcome":
      return (
        <>
          <Field name="name" label="Outcome" value={str(node.source.name)} onChange={(v) => onNode({ name: v })} />
          <Field name="description" label="Description" multiline value={str(node.source.description)} onChange={(v) => onNode({ description: v })} />
        </>
      );
    case "handoff":
      return (
        <>
          <RoleSelect name="to-role" graph={graph} label="Hands over to" value={str(node.source.to_role)} onChange={(v) => onNode({ to_role: v })} />
          <LinesField name="transfers" label="What goes with it (one a line)" value={list(node.source.transfers)} onChange={(v) => onNode({ transfers: v })} />
          <Field name="channel" label="Channel" value={str(node.source.channel)} onChange={(v) => onNode({ channel: v })} />
        </>
      );
    case "parallel":
      return <Target name="join" graph={graph} node={node} label="Joins at (where every branch arrives)" value={str(node.source.join)} onChange={(v) => onNode({ join: v })} />;
    default:
      return null;
  }
}

export function Inspector(props: InspectorProps) {
  const { node, graph } = props;
  if (!node) {
    return (
      <section className="sf-inspector" aria-label="Selected node">
        <h2>{props.count > 1 ? `${props.count} nodes selected` : "Nothing selected"}</h2>
        <p className="sf-hint">
          Select a node to edit it (Ctrl+click, or Ctrl+Enter on a focused node, adds one to the selection; Ctrl+A selects all). Keys: S step, D decision, H handoff, O outcome, P parallel
          split (added after the selected node), Delete, Ctrl+C / Ctrl+V copy and paste the selected nodes and the links among them, Ctrl+Z / Ctrl+Shift+Z, Ctrl+S save.
        </p>
      </section>
    );
  }
  const outgoing = graph.edges.filter((edge) => edge.source === node.id);
  return (
    <section className="sf-inspector" aria-label="Selected node">
      <h2>
        <span className="sf-kind-name">{node.kind}</span> <code>{node.id}</code>
      </h2>
      {node.kind !== "outcome" && (
        <RoleSelect name="lane" graph={graph} label={node.kind === "handoff" ? "From role (lane)" : "Role (lane)"} value={graph.lanes.some((l) => l.id === node.lane) ? node.lane : NO_ROLE} onChange={props.onLane} />
      )}
      <KindFields {...props} node={node} />
      {(node.kind === "decision" || node.kind === "parallel") && (
        <Links edges={outgoing} kind={node.kind} onEdge={props.onEdge} onDisconnect={props.onDisconnect} />
      )}
      {(node.kind === "step" || node.kind === "handoff") && (
        <div className="sf-next">
          <Target graph={graph} node={node} label="Leads to" value={outgoing[0]?.target ?? ""} onChange={props.onConnect} />
          {outgoing[0] && (
            <button type="button" className="sf-small" onClick={() => props.onDisconnect(outgoing[0].id)}>
              Disconnect
            </button>
          )}
        </div>
      )}
      {(node.kind === "decision" || node.kind === "parallel") && (
        <Target graph={graph} node={node} label={node.kind === "decision" ? "Add an option leading to" : "Add a branch starting at"} value="" onChange={props.onConnect} />
      )}
      {graph.start !== node.id && (
        <button type="button" onClick={props.onStart}>
          Make it the start
        </button>
      )}
    </section>
  );
}
