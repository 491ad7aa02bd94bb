// The toolbar above the canvas and the list of problems beside it.

import { useState } from "react";
import { NO_ROLE } from "./convert.ts";
import type { Lane, NodeKind } from "./convert.ts";
import type { Placed } from "./problems.ts";
import { LinesField } from "./inspector.tsx";

export interface ToolbarProps {
  onAdd: (kind: NodeKind) => void;
  onDelete: () => void;
  canDelete: boolean;
  onCopy: () => void;
  onPaste: () => void;
  onUndo: () => void;
  onRedo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onLayout: () => void;
  summary: string;
  onSummary: (text: string) => void;
  onSave: () => void;
  dirty: boolean;
}

const ADDABLE: [NodeKind, string, string][] = [
  ["step", "Step", "S"],
  ["decision", "Decision", "D"],
  ["handoff", "Handoff", "H"],
  ["outcome", "Outcome", "O"],
  ["parallel", "Parallel", "P"],
];

export function Toolbar(props: ToolbarProps) {
  return (
    <div className="sf-toolbar" role="toolbar" aria-label="Flow builder">
      <div className="sf-group" aria-label="Add after the selected node">
        {ADDABLE.map(([kind, name, key]) => (
          <button key={kind} type="button" onClick={() => props.onAdd(kind)} aria-keyshortcuts={key} title={kind === "parallel" ? `Add a parallel split with two branches and their join (${key})` : `Add a ${kind} (${key})`}>
            + {name}
          </button>
        ))}
      </div>
      <div className="sf-group">
        <button type="button" onClick={props.onDelete} disabled={!props.canDelete} aria-keyshortcuts="Delete">
          Delete
        </button>
        <button type="button" onClick={props.onCopy} disabled={!props.canDelete} aria-keyshortcuts="Control+C" title="Copy the selected nodes and the links among them (Ctrl+C)">
          Copy
        </button>
        <button type="button" onClick={props.onPaste} aria-keyshortcuts="Control+V" title="Paste the nodes copied (Ctrl+V)">
          Paste
        </button>
        <button type="button" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="Control+Z">
          Undo
        </button>
        <button type="button" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Shift+Z">
          Redo
        </button>
        <button type="button" onClick={props.onLayout}>
          Auto layout
        </button>
      </div>
      <div className="sf-group sf-save">
        <label htmlFor="sf-summary">What changed</label>
        <input id="sf-summary" value={props.summary} placeholder="Edited in the flow builder" maxLength={2000} onChange={(e) => props.onSummary(e.target.value)} />
        <button type="button" className="sf-primary" onClick={props.onSave} aria-keyshortcuts="Control+S">
          Save draft{props.dirty ? " *" : ""}
        </button>
      </div>
    </div>
  );
}

export function ProblemList(props: { placed: Placed[]; onPick: (nodeId: string) => void }) {
  return (
    <section className="sf-problems" aria-label="Problems">
      <h2>Problems ({props.placed.length})</h2>
      {props.placed.length === 0 ? (
        <p className="sf-hint">None: the flow passes validation and lint.</p>
      ) : (
        <ul>
          {props.placed.map((item, index) => (
            <li key={index} className={`sf-problem sf-problem-${item.problem.severity}`}>
              <span className="sf-severity">{item.problem.severity}</span>{" "}
              {item.nodeId ? (
                <button type="button" className="link" onClick={() => props.onPick(item.nodeId as string)}>
                  {item.problem.message}
                </button>
              ) : (
                <span>{item.problem.message}</span>
              )}
              {item.problem.hint && <span className="sf-hint"> {item.problem.hint}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface LanesProps {
  lanes: Lane[];
  onAdd: (name: string) => void;
  onRename: (laneId: string, name: string) => void;
  onMove: (laneId: string, step: number) => void;
  onRemove: (laneId: string) => void;
  onRole: (laneId: string, fields: { kind?: string; responsibilities?: string[] }) => void;
  /** Whether a lane has nodes (or receives a handoff), so it cannot be deleted yet. */
  inUse: (laneId: string) => boolean;
}

const ROLE_KINDS = ["person", "team", "system"];

/** A lane's role: its kind and what it is responsible for. */
function RoleDetails(props: { lane: Lane; index: number; onRole: LanesProps["onRole"] }) {
  const { lane, index } = props;
  const id = `sf-lane-${index}-kind`;
  return (
    <details className="sf-role">
      <summary>
        Role: {lane.kind}, {lane.responsibilities.length} responsibilit{lane.responsibilities.length === 1 ? "y" : "ies"}
      </summary>
      <div className="sf-field">
        <label htmlFor={id}>Kind of {lane.name}</label>
        <select id={id} value={lane.kind} onChange={(e) => props.onRole(lane.id, { kind: e.target.value })}>
          {ROLE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </div>
      <LinesField
        name={`lane-${index}-responsibilities`}
        label={`Responsibilities of ${lane.name} (one a line)`}
        value={lane.responsibilities}
        onChange={(v) => props.onRole(lane.id, { responsibilities: v ?? [] })}
      />
    </details>
  );
}

/** The lanes (the SOP's roles): rename, move up and down, delete an empty one, add one. */
export function LanesPanel(props: LanesProps) {
  const [name, setName] = useState("");
  const shown = props.lanes.filter((lane) => lane.id !== NO_ROLE);
  return (
    <details className="sf-lanes">
      <summary>Lanes ({shown.length})</summary>
      <ol>
        {shown.map((lane, index) => (
          <li key={lane.id}>
            <input aria-label={`Name of lane ${index + 1}`} value={lane.name} onChange={(e) => props.onRename(lane.id, e.target.value)} />
            <button type="button" className="sf-small" aria-label={`Move ${lane.name} up`} disabled={index === 0} onClick={() => props.onMove(lane.id, -1)}>
              ↑
            </button>
            <button type="button" className="sf-small" aria-label={`Move ${lane.name} down`} disabled={index === shown.length - 1} onClick={() => props.onMove(lane.id, 1)}>
              ↓
            </button>
            <button
              type="button"
              className="sf-small"
              aria-label={`Delete lane ${lane.name}`}
              title={props.inUse(lane.id) ? "Move its nodes (and handoffs to it) to another lane first" : "Delete this lane and its role"}
              disabled={props.inUse(lane.id)}
              onClick={() => props.onRemove(lane.id)}
            >
              ✕
            </button>
            <RoleDetails lane={lane} index={index} onRole={props.onRole} />
          </li>
        ))}
      </ol>
      <form
        className="sf-add-lane"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) props.onAdd(name.trim());
          setName("");
        }}
      >
        <input aria-label="New lane's name" placeholder="New role, e.g. Finance team" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="sf-small">
          Add lane
        </button>
      </form>
    </details>
  );
}
