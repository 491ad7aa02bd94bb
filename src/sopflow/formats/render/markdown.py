"""GitHub-flavoured Markdown: headings, numbered steps, references as links, Mermaid flow."""

from __future__ import annotations

from sopflow.formats.diagram import diagram
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.mermaid import flowchart
from sopflow.formats.render.outline import Item, Link, outline
from sopflow.formats.render.registry import Renderer
from sopflow.model import AnyDocument

_SPECIAL = "\\`*_{}[]<>#|!"


def escape(value: str) -> str:
    """Plain text that Markdown shows as written (no accidental emphasis, links or HTML)."""
    return "".join("\\" + c if c in _SPECIAL else c for c in " ".join(value.split()))


def _link(target: Link) -> str:
    return f"[{escape(target.text)}]({target.href})"


def _item(item: Item) -> list[str]:
    role = f"**{escape(item.role)}**: " if item.role else ""
    head = f"{item.number}. {role}{escape(item.text)}"
    if item.link:
        head += f" (see {_link(item.link)})"
    lines = [head]
    lines += [f"   > **Warning:** {escape(w)}" for w in item.warnings]
    lines += [f"   - **{escape(label)}**: {escape(then)}" for label, then in item.options]
    lines += [f"   - {escape(line)}" for line in item.details]
    lines += [f"   - *{escape(item.origin)}*"] if item.origin else []
    lines += [f"   - **{escape(line)}**" for line in item.review]
    lines += [f"      {n}. {escape(action)}" for n, action in enumerate(item.sub_steps, 1)]
    if item.image:
        lines.append(f"   ![Screenshot of step {item.number}](<{item.image}>)")
    return lines


def render(document: AnyDocument, context: RenderContext) -> str:
    """The document as one Markdown page."""
    view = outline(document, context)
    lines = [f"# {escape(view.code)} {escape(view.title)}", "", f"*{view.kind}*", ""]
    if not context.control.controlled:
        lines += [
            f"> Uncontrolled copy: revision {escape(context.control.revision)}, "
            f"state {escape(context.control.state)}.",
            "",
        ]
    if view.summary:
        lines += [escape(view.summary), ""]
    for section in view.sections:
        lines += [f"## {escape(section.title)}", ""]
        lines += [line for p in section.paragraphs for line in (escape(p), "")]
        if section.diagram:
            lines += ["```mermaid", flowchart(diagram(document), context).rstrip(), "```", ""]
        if section.facts:
            lines += ["| | |", "|---|---|"]
            lines += [f"| **{escape(k)}** | {escape(v)} |" for k, v in section.facts]
            lines.append("")
        lines += [f"- {escape(b)}" for b in section.bullets]
        lines += [f"- {_link(target)}" for target in section.links]
        for item in section.items:
            lines += _item(item)
        if section.bullets or section.links or section.items:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


renderer = Renderer("md", ".md", "GitHub-flavoured Markdown with a Mermaid flowchart", render)
