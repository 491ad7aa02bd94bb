"""docs/capture-web.md stays true to the code: every capture route, stage and marker."""

from __future__ import annotations

from pathlib import Path

from sopflow.model.base import REVIEW_BELOW
from sopflow.settings import Settings
from sopflow.web.app import create_app
from sopflow.web.routes.capture_pages import STAGE_LABELS

DOC = Path(__file__).resolve().parents[2] / "docs" / "capture-web.md"


def test_every_capture_api_route_is_in_the_table(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    app = create_app(Settings(home=tmp_path))
    paths = app.openapi()["paths"]
    app.state.context.library.close()
    routes = [
        f"`{method.upper()} {path.replace('{job_id}', '{id}')}`"
        for path, operations in paths.items()
        if path.startswith("/api/v1/captures")
        for method in operations
    ]
    assert len(routes) == 10
    assert [route for route in routes if route not in text] == []


def test_the_stages_and_the_low_confidence_mark_are_as_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [name for name in STAGE_LABELS if f"| {name} |" not in text] == []
    assert f"less sure of it than {round(REVIEW_BELOW * 100)}%" in text
