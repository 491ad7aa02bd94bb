// The builder page's script: loads the document its root element names and mounts the builder.

import "@xyflow/react/dist/style.css";
import "./builder.css";
import { StrictMode, useCallback, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { ReactFlowProvider } from "@xyflow/react";
import * as api from "./api.ts";
import { Builder } from "./Builder.tsx";
import { startLayout } from "./elk.ts";
import type { Base } from "./Builder.tsx";

function App(props: { code: string }) {
  const [base, setBase] = useState<Base | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    startLayout(); // the layout worker starts while the document downloads
    api
      .load(props.code)
      .then((loaded) => {
        if (loaded.document.kind !== "sop") throw new Error(`${props.code} is not an SOP: the builder edits flows`);
        setBase(loaded);
      })
      .catch((error: Error) => setFailure(error.message));
  }, [props.code, loads]);
  const reload = useCallback(() => {
    setBase(null);
    setLoads((n) => n + 1);
  }, []);
  if (failure) return <p className="sf-failure" role="alert">{failure}</p>;
  if (!base) return <p className="sf-loading">Loading {props.code}…</p>;
  return (
    <ReactFlowProvider>
      <Builder key={`${base.etag}:${loads}`} code={props.code} base={base} onReload={reload} />
    </ReactFlowProvider>
  );
}

const root = document.getElementById("flow-builder");
if (root?.dataset.code) {
  createRoot(root).render(
    <StrictMode>
      <App code={root.dataset.code} />
    </StrictMode>,
  );
}
