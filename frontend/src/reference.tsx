// A step's reference: typed as a code, or picked from the library's search of WIs and SOPs;
// and the link that opens the referenced document, with the breadcrumb back to this SOP.

import { useEffect, useState } from "react";
import * as api from "./api.ts";

/** The code of the SOP being edited (the page's root element names it). */
function here(): string {
  return document.getElementById("flow-builder")?.dataset.code ?? "";
}

/** Search the library as one types; each hit a button that makes it the reference. */
export function ReferencePicker(props: { onPick: (code: string) => void }) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<api.Hit[] | null>(null);
  const [failure, setFailure] = useState("");
  useEffect(() => {
    const words = query.trim();
    if (words.length < 2) {
      setHits(null);
      return;
    }
    const stop = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .findReferences(words, stop.signal)
        .then((found) => {
          setFailure("");
          setHits(found.filter((hit) => hit.code !== here()));
        })
        .catch((error: Error) => error.name !== "AbortError" && setFailure(error.message));
    }, 250);
    return () => {
      stop.abort();
      window.clearTimeout(timer);
    };
  }, [query]);
  return (
    <div className="sf-field sf-find">
      <label htmlFor="sf-field-find-reference">Find a WI or SOP to refer to</label>
      <input id="sf-field-find-reference" type="search" value={query} placeholder="Words from its title or text" onChange={(e) => setQuery(e.target.value)} />
      {failure && <p className="sf-hint" role="alert">{failure}</p>}
      {hits && (
        <ul className="sf-hits" aria-label="Documents found" aria-live="polite">
          {hits.length === 0 && <li className="sf-hint">No WI or SOP holds those words.</li>}
          {hits.map((hit) => (
            <li key={hit.code}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  props.onPick(hit.code);
                  setQuery("");
                }}
              >
                <span className="code">{hit.code}</span> {hit.title}
              </button>{" "}
              <span className="sf-hint">({hit.state})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The referenced document's page (drill-down), in a tab of its own so the edits here stay
 * open; its breadcrumb leads back to this SOP, and this tab is the builder still. */
export function ReferenceLink(props: { code: string }) {
  const href = `/documents/${encodeURIComponent(props.code)}?from=${encodeURIComponent(here())}`;
  return (
    <p className="sf-hint">
      <a href={href} target="_blank" rel="noopener" className="sf-open-reference">
        Open {props.code}
      </a>{" "}
      (in a new tab: the builder stays open in this one, with your edits)
    </p>
  );
}
