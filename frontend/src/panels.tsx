// The toolbar above the canvas and the list of problems beside it.

import type { NodeKind } from "./convert.ts";
import type { Placed } from "./problems.ts";

export interface ToolbarProps {
  onAdd: (kind: NodeKind) => void;
  onDelete: () => void;
  canDelete: boolean;
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
];

export function Toolbar(props: ToolbarProps) {
  return (
    <div className="sf-toolbar" role="toolbar" aria-label="Flow builder">
      <div className="sf-group" aria-label="Add after the selected node">
        {ADDABLE.map(([kind, name, key]) => (
          <button key={kind} type="button" onClick={() => props.onAdd(kind)} aria-keyshortcuts={key} title={`Add a ${kind} (${key})`}>
            + {name}
          </button>
        ))}
      </div>
      <div className="sf-group">
        <button type="button" onClick={props.onDelete} disabled={!props.canDelete} aria-keyshortcuts="Delete">
          Delete
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
