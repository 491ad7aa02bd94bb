// What the builder says after a save: the status line's text, and the notice of a conflict.

import type * as api from "./api.ts";

/** A save refused because someone saved a revision since: theirs, and what it changed. */
export interface Conflict {
  latest: api.Loaded;
  changed: string[];
}

export function ConflictNotice(props: { conflict: Conflict; onReload: () => void; onOverwrite: () => void }) {
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
export function savedText(result: api.Saved): string {
  if (!result.created) return "Nothing changed: the latest revision has this content.";
  const count = result.problems.length;
  if (count === 0) return `Saved as revision ${result.revision} (draft).`;
  return `Saved as revision ${result.revision} (draft) with ${count} problem${count === 1 ? "" : "s"}: it cannot be submitted for review until they are fixed.`;
}
