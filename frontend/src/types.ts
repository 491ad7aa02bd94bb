// The document JSON the API gives (GET /api/v1/documents/{code}: `document`), as far as the
// builder reads it. Every object keeps the fields the builder does not know, so a document
// saved unedited is the document it loaded.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Role extends JsonObject {
  id: string;
  name: string;
}

export interface Option extends JsonObject {
  label: string;
  next: string;
}

export interface Branch extends JsonObject {
  next: string;
}

/** One node of `flow.nodes`; `type` tells which fields it has. */
export interface FlowNode extends JsonObject {
  id: string;
  type: string;
}

export interface Flow extends JsonObject {
  start: string;
  nodes: FlowNode[];
}

export interface SopDocument extends JsonObject {
  kind: string;
  code: string;
  title: string;
  roles: Role[];
  flow: Flow;
}

/** A problem the API found in a posted document (validation or lint). */
export interface Problem {
  path: string;
  message: string;
  rule: string;
  severity: string;
  hint?: string;
}
