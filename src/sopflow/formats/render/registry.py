"""The one registry of renderers, filled from the `sopflow.renderers` entry-point group.

The built-in renderers are registered in pyproject.toml exactly as a plug-in would register
its own, so a plug-in package adds a format by declaring an entry point and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

from sopflow.errors import SopflowError
from sopflow.formats.render.context import RenderContext
from sopflow.model import AnyDocument

GROUP = "sopflow.renderers"

RenderFunction = Callable[[AnyDocument, RenderContext], str | bytes]


@dataclass(frozen=True)
class Renderer:
    """One output format."""

    name: str
    suffix: str
    """The file suffix, with its dot: ".md"."""
    description: str
    render: RenderFunction

    @property
    def binary(self) -> bool:
        """Binary formats cannot be printed to a terminal."""
        return self.suffix in {".pdf", ".docx"}


@cache
def renderers() -> dict[str, Renderer]:
    """Every installed renderer by name, loaded once from the entry points."""
    found: dict[str, Renderer] = {}
    for point in entry_points(group=GROUP):
        renderer = point.load()
        if not isinstance(renderer, Renderer):
            raise TypeError(f"entry point {point.value} is not a Renderer")
        found[point.name] = renderer
    return dict(sorted(found.items()))


def renderer(name: str) -> Renderer:
    """The renderer for a format name; a SopflowError lists the known ones."""
    table = renderers()
    if name not in table:
        raise SopflowError(f"unknown format '{name}'; choose one of {', '.join(table)}")
    return table[name]


def render(document: AnyDocument, name: str, context: RenderContext | None = None) -> str | bytes:
    """The document in the named format."""
    return renderer(name).render(document, context or RenderContext())
