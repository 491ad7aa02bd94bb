"""Every export opens in bpmn-js, the viewer behind Camunda Modeler and bpmn.io, with no
warning, and the names bpmn-js draws fit their tasks and sit where the export put them.

bpmn-js is a development dependency of the frontend (frontend/package.json); its
distributed viewer bundle is served from frontend/node_modules on a loopback server, with
the exports, to Chromium.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sopflow.formats.bpmn.export import export
from sopflow.formats.yaml_source import read_documents

REPO = Path(__file__).resolve().parents[3]
BPMN_JS = REPO / "frontend" / "node_modules" / "bpmn-js" / "dist"
DOCUMENTS = {
    loaded.document.code: loaded.document
    for loaded in read_documents([REPO / "examples", REPO / "tests" / "fixtures" / "captured"])
    if loaded.document is not None
}

ICON = 20
"""A task's name stays clear of its type icon (top left) and a call activity's marker (foot)."""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="bpmn-js/assets/diagram-js.css">
<link rel="stylesheet" href="bpmn-js/assets/bpmn-js.css">
<style>html, body, #canvas { margin: 0; width: 100%; height: 100%; }</style>
<script src="bpmn-js/bpmn-viewer.development.js"></script>
</head><body><div id="canvas"></div></body></html>
"""

OPEN = """async (name) => {
  const viewer = new BpmnJS({ container: '#canvas' });
  const response = await fetch(name);
  if (!response.ok) throw new Error(name + ': ' + response.status);
  const xml = await response.text();
  const result = await viewer.importXML(xml);
  viewer.get('canvas').zoom('fit-viewport');
  const registry = viewer.get('elementRegistry');
  const box = (e) => ({ id: e.id, type: e.type, x: e.x, y: e.y, width: e.width, height: e.height });
  const texts = registry.filter((e) => e.type.endsWith('Task') || e.type === 'bpmn:CallActivity')
    .map((e) => {
      const text = registry.getGraphics(e).querySelector('text');
      const b = text ? text.getBBox() : { x: 0, y: 0, width: 0, height: 0 };
      return { id: e.id, x: b.x, y: b.y, width: b.width, height: b.height,
        boxWidth: e.width, boxHeight: e.height };
    });
  return {
    warnings: result.warnings.map((w) => String(w.message || w)),
    labels: registry.filter((e) => e.type === 'label' && !e.hidden).map(box),
    shapes: registry.filter((e) => !e.waypoints && e.type !== 'label' &&
      !['bpmn:Participant', 'bpmn:Lane', 'bpmn:Collaboration', 'bpmn:Process'].includes(e.type))
      .map(box),
    texts,
  };
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A loopback server with the viewer page, the bpmn-js bundle and every export."""
    if not (BPMN_JS / "bpmn-viewer.development.js").exists():
        pytest.skip("bpmn-js is not installed in frontend/node_modules (make install)")
    root = tmp_path_factory.mktemp("bpmnjs")
    shutil.copytree(BPMN_JS, root / "bpmn-js")
    (root / "index.html").write_text(PAGE)
    for code, document in DOCUMENTS.items():
        (root / f"{code}.bpmn").write_bytes(export(document))
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The test output is no place for an access log."""


def open_in_bpmnjs(browser: Any, site: str, code: str, screenshot: Path | None = None) -> Any:
    """What bpmn-js reports and draws for the export of one document."""
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{site}/index.html")
        found = page.evaluate(OPEN, f"{code}.bpmn")
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
    finally:
        page.close()
    found["console"] = errors
    return found


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("code", sorted(DOCUMENTS))
def test_bpmnjs_opens_the_export_with_no_warning(browser: Any, site: str, code: str) -> None:
    found = open_in_bpmnjs(browser, site, code)
    assert found["warnings"] == [], json.dumps(found["warnings"])
    assert found["console"] == []
    assert found["shapes"]
    for text in found["texts"]:
        assert text["width"] <= text["boxWidth"] - 10, text
        assert text["y"] >= ICON, text
        assert text["y"] + text["height"] <= text["boxHeight"] - ICON + 4, text
    labels, shapes = found["labels"], found["shapes"]
    for number, label in enumerate(labels):
        assert not any(_overlap(label, shape) for shape in shapes), label
        assert not any(_overlap(label, other) for other in labels[number + 1 :]), label
