"""Mixed levels: click-level detail inside an SOP, branching inside a work instruction, and
SOP steps with no role. An SOP says who does what; the how belongs in a work instruction."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sopflow.analysis.lint_rules.base import Hit, LintContext, Rule
from sopflow.model import AnyDocument, Decision, Sop, Step, WorkInstruction

CLICK_WORDS = re.compile(
    r"\b(?:(?:double|right)[- ]?click|click(?:s|ed|ing)?|tap|press|type|select|tick|untick"
    r"|check ?box|tab|button|field|drop[- ]?down|menu|scroll|drag)\b",
    re.IGNORECASE,
)
"""Words that describe screen operations rather than process steps."""

BRANCH_WORDS = re.compile(
    r"\b(?:if|otherwise|else|unless|depending on|in case|whether|go to step)\b", re.IGNORECASE
)
"""Words that make a work instruction's step conditional."""


def click_detail(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """SOP steps describe actions, not clicks on a screen."""
    if not isinstance(document, Sop):
        return
    for index, node in enumerate(document.flow.nodes):
        if not isinstance(node, Step):
            continue
        texts = [("instruction", node.instruction)]
        texts += [("detail", text) for text in node.detail.values()]
        for field, text in texts:
            found = CLICK_WORDS.search(text)
            if found:
                path = ("flow", "nodes", index, field)
                yield Hit(path, f"step '{node.id}' has click-level detail ('{found[0]}')")
                break


def wi_branching(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """A work instruction is linear: its actions do not branch."""
    if not isinstance(document, WorkInstruction):
        return
    for index, step in enumerate(document.steps):
        for field in ("action", "value"):
            text = getattr(step, field) or ""
            found = BRANCH_WORDS.search(text)
            if found:
                yield Hit(
                    ("steps", index, field),
                    f"step {index + 1} branches ('{found[0]}'): a work instruction is linear",
                )
                break


def step_role(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """Every SOP step and decision names the role that acts."""
    if not isinstance(document, Sop):
        return
    for index, node in enumerate(document.flow.nodes):
        if isinstance(node, Step | Decision) and node.role is None:
            yield Hit(("flow", "nodes", index), f"{node.type} '{node.id}' names no role")


RULES = (
    Rule(
        "sop-click-detail",
        "warning",
        "SOP steps hold no click-level detail.",
        "move the screen operations into a work instruction and reference it from the step",
        click_detail,
    ),
    Rule(
        "wi-branching",
        "warning",
        "Work instruction steps do not branch.",
        "put the decision in the SOP and write one work instruction per branch",
        wi_branching,
    ),
    Rule(
        "step-no-role",
        "warning",
        "Every SOP step and decision names its role.",
        "add `role:` with the id of one of the SOP's roles",
        step_role,
    ),
)
