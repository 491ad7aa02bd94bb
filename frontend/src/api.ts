// The builder's calls to the sopflow API: with the session cookie, and the page's CSRF token
// on every request that changes something.

import type { Problem, SopDocument } from "./types.ts";

export interface Loaded {
  document: SopDocument;
  etag: string;
  revision: number;
  state: string;
  author: string;
  summary: string;
}

export interface Saved {
  etag: string;
  revision: number;
  created: boolean;
  /** The validation problems the draft was saved with ("FIELD: MESSAGE"). */
  problems: string[];
}

/** A refused request, with the API's problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly field?: string;

  constructor(status: number, message: string, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

function csrf(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
  return meta?.content ?? "";
}

async function refused(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    return new ApiError(response.status, String(body.detail ?? body.title ?? response.statusText), body.field);
  } catch {
    return new ApiError(response.status, response.statusText);
  }
}

function base(code: string): string {
  return `/api/v1/documents/${encodeURIComponent(code)}`;
}

export async function load(code: string): Promise<Loaded> {
  const response = await fetch(base(code), { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw await refused(response);
  const body = await response.json();
  return {
    document: body.document as SopDocument,
    etag: response.headers.get("ETag") ?? "",
    revision: Number(body.revision?.number ?? 0),
    state: String(body.revision?.state ?? ""),
    author: String(body.revision?.author ?? ""),
    summary: String(body.revision?.summary ?? ""),
  };
}

export async function check(code: string, document: SopDocument): Promise<Problem[]> {
  const response = await fetch(`${base(code)}/validate`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: JSON.stringify({ document }),
  });
  if (!response.ok) throw await refused(response);
  const body = await response.json();
  return body.problems as Problem[];
}

export async function save(code: string, document: SopDocument, etag: string, summary: string): Promise<Saved> {
  const response = await fetch(base(code), {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf(), "If-Match": etag },
    // A draft may keep its validation problems; review refuses it until they are fixed.
    body: JSON.stringify({ summary, document, keep_problems: true }),
  });
  if (!response.ok) throw await refused(response);
  const body = await response.json();
  return {
    etag: response.headers.get("ETag") ?? "",
    revision: Number(body.revision?.number ?? 0),
    created: Boolean(body.created),
    problems: Array.isArray(body.problems) ? body.problems.map(String) : [],
  };
}

/** A document the library search found. */
export interface Hit {
  code: string;
  kind: string;
  title: string;
  state: string;
}

/** The WIs and SOPs holding every word of query, best first (the library's search). */
export async function findReferences(query: string, signal?: AbortSignal): Promise<Hit[]> {
  const words = new URLSearchParams({ q: query, limit: "20" });
  const response = await fetch(`/api/v1/search?${words}`, { headers: { Accept: "application/json" }, signal });
  if (!response.ok) throw await refused(response);
  const body = await response.json();
  const hits = Array.isArray(body.hits) ? (body.hits as Hit[]) : [];
  return hits.filter((hit) => hit.kind === "wi" || hit.kind === "sop");
}
