// What another person's revision changed, in words, for the conflict a stale save meets:
// the document's fields, its roles, and the flow's nodes by id.

import type { Json, SopDocument } from "./types.ts";

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The differences from before to after, one short phrase each. */
export function changes(before: SopDocument, after: SopDocument): string[] {
  const found: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key !== "flow" && !same(before[key], after[key])) found.push(`${key} changed`);
  }
  if (before.flow.start !== after.flow.start) found.push(`the flow now starts at ${after.flow.start}`);
  const old = new Map(before.flow.nodes.map((node) => [node.id, node]));
  const now = new Map(after.flow.nodes.map((node) => [node.id, node]));
  for (const [id, node] of now) {
    if (!old.has(id)) found.push(`node ${id} added`);
    else if (!same(old.get(id), node)) found.push(`node ${id} changed`);
  }
  for (const id of old.keys()) if (!now.has(id)) found.push(`node ${id} removed`);
  return found;
}
