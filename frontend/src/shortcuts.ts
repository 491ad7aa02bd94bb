// The builder's keyboard shortcuts. Letters act only when no text field has the focus, so
// typing an instruction never adds nodes; Ctrl/Cmd combinations act everywhere but in fields
// for undo and redo (there the field's own undo applies).

import { useEffect } from "react";
import type { NodeKind } from "./convert.ts";

export interface Shortcuts {
  undo: () => void;
  redo: () => void;
  save: () => void;
  add: (kind: NodeKind) => void;
  copy: () => void;
  paste: () => void;
  selectAll: () => void;
}

export const ADD_KEYS: Record<string, NodeKind> = { s: "step", d: "decision", h: "handoff", o: "outcome", p: "parallel" };

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useShortcuts(actions: Shortcuts): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      const command = event.ctrlKey || event.metaKey;
      if (command && key === "s") {
        event.preventDefault();
        actions.save();
        return;
      }
      if (typing(event.target)) return;
      if (command && key === "z") {
        event.preventDefault();
        if (event.shiftKey) actions.redo();
        else actions.undo();
      } else if (command && key === "c") {
        actions.copy();
      } else if (command && key === "a") {
        event.preventDefault();
        actions.selectAll();
      } else if (command && key === "v") {
        event.preventDefault();
        actions.paste();
      } else if (command && key === "y") {
        event.preventDefault();
        actions.redo();
      } else if (!command && !event.altKey && ADD_KEYS[key]) {
        event.preventDefault();
        actions.add(ADD_KEYS[key]);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions]);
}
