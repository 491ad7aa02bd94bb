"""A parallel split in every view: the outline numbers each branch in full before the join,
the diagram forks and joins, Mermaid and the swimlane draw + gateways, BPMN has a diverging
and a converging parallel gateway, and a BPMN round trip keeps the parallel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.bpmn.names import NAMESPACES
from sopflow.formats.diagram import diagram, join_box_id, reading_order
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.docx import render as render_docx
from sopflow.formats.render.html import render as render_html
from sopflow.formats.render.markdown import render as render_markdown
from sopflow.formats.render.mermaid import render as render_mermaid
from sopflow.formats.render.outline import outline
from sopflow.formats.render.swimlane import dot_source, graphviz_available, svg
from sopflow.model import Parallel, Sop, check_document


def test_the_reading_order_reads_each_branch_in_full_then_the_join(shipping: Sop) -> None:
    order = [node.id for node in reading_order(shipping)]
    assert order == [
        "take-order",
        "split",
        "fragile",
        "pad",
        "pack",
        "invoice",
        "print",
        "mail",
        "file",
        "ship",
        "shipped",
        "returned",
    ]


def test_the_outline_numbers_branches_like_decision_options(shipping: Sop) -> None:
    procedure = next(
        s for s in outline(shipping, RenderContext()).sections if s.title == "Procedure"
    )
    split = next(item for item in procedure.items if item.anchor == "split")
    assert (split.number, split.kind) == (2, "parallel")
    assert split.text == "Do these at the same time, in any order:"
    assert split.options == (
        ("Pack the goods", "go to 3"),
        ("Print the invoice and E-mail it", "go to 6"),
    )
    assert split.details == ("When every branch is done, go to 10.",)
    inner = next(item for item in procedure.items if item.anchor == "invoice")
    assert inner.options == (("Print the invoice", "go to 7"), ("E-mail it", "go to 8"))
    pack = next(item for item in procedure.items if item.anchor == "pack")
    assert pack.details[-1] == (
        "This ends the branch “Pack the goods” of 2; when every branch is done, go to 10."
    )
    mail = next(item for item in procedure.items if item.anchor == "mail")
    assert mail.details[-1].startswith("This ends the branch “E-mail it” of 6;")


def test_markdown_html_and_docx_show_the_branches(shipping: Sop) -> None:
    markdown = render_markdown(shipping, RenderContext())
    assert "2. **Warehouse**: Do these at the same time, in any order:\n" in markdown
    assert "   - **Pack the goods**: go to 3\n" in markdown
    assert "   - When every branch is done, go to 10.\n" in markdown
    html = render_html(shipping, RenderContext())
    assert "Do these at the same time, in any order:" in html
    assert "Print the invoice and E-mail it" in html
    word = WordDocument(io.BytesIO(render_docx(shipping, RenderContext())))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Do these at the same time, in any order:" in text
    assert "Pack the goods" in text


def test_the_diagram_forks_and_joins_around_the_branches(shipping: Sop) -> None:
    drawing = diagram(shipping)
    assert drawing.box("split").kind == "fork"
    assert drawing.box(join_box_id("split")).kind == "join"
    arrows = {(a.source, a.target, a.label) for a in drawing.arrows}
    assert ("split", "fragile", "Pack the goods") in arrows
    assert ("split", "invoice", None) in arrows
    assert ("pack", "split.join", None) in arrows  # the branch ends at the join gateway
    assert ("file", "split.join", None) in arrows
    assert ("split.join", "ship", None) in arrows
    assert ("print", "invoice.join", None) in arrows  # the inner parallel has its own
    assert ("invoice.join", "file", None) in arrows
    assert not any(target == "ship" and source != "split.join" for source, target, _ in arrows)
    assert len(drawing.boxes) == len(shipping.flow.nodes) + 1 + 2  # the start, two joins


def test_mermaid_draws_the_gateways_as_plus(shipping: Sop) -> None:
    source = render_mermaid(shipping, RenderContext())
    assert 'n_split{"+"}' in source
    assert 'n_split__join{"+"}' in source
    assert 'n_split -->|"Pack the goods"| n_fragile' in source
    assert "n_pack --> n_split__join" in source
    assert "n_split__join --> n_ship" in source


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz is not installed")
def test_the_swimlane_draws_fork_and_join_diamonds(shipping: Sop) -> None:
    graph = dot_source(diagram(shipping), RenderContext()).source
    assert '"split" [label="+"' in graph or 'split [label="+"' in graph
    assert '"split.join" [label="+"' in graph
    drawn = svg(shipping, RenderContext()).decode()
    assert drawn.count(">+</text>") == 4  # two parallels, each a fork and a join


def test_bpmn_has_a_diverging_and_a_converging_parallel_gateway(
    shipping: Sop, bpmn_schema: etree.XMLSchema
) -> None:
    tree = etree.fromstring(export(shipping))
    assert bpmn_schema.validate(tree), bpmn_schema.error_log.last_error
    gateways = tree.findall(".//bpmn:parallelGateway", NAMESPACES)
    assert [(g.get("id"), g.get("gatewayDirection")) for g in gateways] == [
        ("Node_split", "Diverging"),
        ("Node_invoice", "Diverging"),
        ("Node_invoice.join", "Converging"),
        ("Node_split.join", "Converging"),
    ]
    flows = [f for f in tree.iter("{*}sequenceFlow") if f.get("sourceRef") == "Node_split"]
    assert [(f.get("targetRef"), f.get("name")) for f in flows] == [
        ("Node_fragile", "Pack the goods"),
        ("Node_invoice", None),
    ]


def test_a_bpmn_round_trip_keeps_the_parallels(shipping: Sop, tmp_path: Path) -> None:
    path = tmp_path / "SOP-LOG-009.bpmn"
    path.write_bytes(export(shipping))
    back = import_bpmn(path).sop
    assert check_document(back) == []
    for node in shipping.flow.parallels():
        again = back.flow.node(node.id)
        assert isinstance(again, Parallel)
        assert again.model_copy(update={"provenance": None}) == node
    assert {n.id for n in back.flow.nodes} == {n.id for n in shipping.flow.nodes}


def _two_ends(shipping: Sop) -> Sop:
    """The packing branch ends in two paths: padded boxes go straight to the join."""
    nodes = tuple(
        node.model_copy(update={"next": "ship"}) if node.id == "pad" else node
        for node in shipping.flow.nodes
    )
    return shipping.model_copy(update={"flow": shipping.flow.model_copy(update={"nodes": nodes})})


def test_a_branch_ending_in_two_paths_meets_the_join_through_a_merge(shipping: Sop) -> None:
    sop = _two_ends(shipping)
    assert check_document(sop) == []
    drawing = diagram(sop)
    assert drawing.box("split.merge-1").kind == "decision"
    arrows = {(a.source, a.target) for a in drawing.arrows}
    assert {("pad", "split.merge-1"), ("pack", "split.merge-1")} <= arrows
    assert ("split.merge-1", "split.join") in arrows
    assert ("file", "split.join") in arrows  # the other branch ends in one path: no merge
    assert not any(b.id.startswith("invoice.merge") for b in drawing.boxes)


def test_bpmn_merges_a_branchs_paths_before_the_parallel_join(
    shipping: Sop, bpmn_schema: etree.XMLSchema, tmp_path: Path
) -> None:
    """A converging parallel gateway waits for a token on every incoming flow: two flows of
    one branch, only one of which is taken, would never both arrive."""
    sop = _two_ends(shipping)
    tree = etree.fromstring(export(sop))
    assert bpmn_schema.validate(tree), bpmn_schema.error_log.last_error
    into_join = [f for f in tree.iter("{*}sequenceFlow") if f.get("targetRef") == "Node_split.join"]
    assert sorted(f.get("sourceRef") for f in into_join) == ["Node_file", "Node_split.merge-1"]
    path = tmp_path / "SOP-LOG-009.bpmn"
    path.write_bytes(export(sop))
    back = import_bpmn(path).sop
    assert check_document(back) == []
    table = back.flow.by_id()
    for node in sop.flow.nodes:
        assert table[node.id].model_copy(update={"provenance": None}) == node
    assert {n.id for n in back.flow.nodes} == {n.id for n in sop.flow.nodes}
