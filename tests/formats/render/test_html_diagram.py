"""The standalone HTML page draws its swimlane inline, so the boxes that refer to another
document are links a reader can follow; and whatever a document says stays inert there."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml import html as lxml_html

from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.html import page, render
from sopflow.formats.render.swimlane import graphviz_available, same_site
from sopflow.model import AnyDocument, Sop, Workflow

needs_dot = pytest.mark.skipif(
    not graphviz_available(), reason="Graphviz's dot is not installed (scripts/system-packages.sh)"
)
SVG = "{http://www.w3.org/2000/svg}"
BESIDE = RenderContext(link=lambda code: f"{code}.html")


def _svg(text: str) -> etree._Element:
    """The one inline <svg> of a page."""
    tree = lxml_html.fromstring(text)
    found = tree.xpath("//div[@class='diagram']/*[local-name()='svg']")
    assert len(found) == 1
    svg: etree._Element = found[0]
    return svg


def _svg_links(text: str) -> list[tuple[str, str]]:
    """Each link of the page's diagram: its address and what it says it opens."""
    return [
        (str(a.get("href")), str(a.get("aria-label")))
        for a in _svg(text).iter()
        if isinstance(a.tag, str) and a.tag.rsplit("}", 1)[-1] == "a" and a.get("href")
    ]


@needs_dot
def test_the_diagram_is_inline_svg_whose_reference_boxes_link_to_their_documents(
    refund: Sop,
) -> None:
    text = render(refund, BESIDE)
    assert "data:image/svg+xml" not in text
    assert _svg(text).get("class") == "swimlane"
    assert _svg_links(text) == [
        ("WI-PAY-003.html", "Open WI-PAY-003"),
        ("WI-PAY-004.html", "Open WI-PAY-004"),
    ]
    assert "xlink:" not in text
    assert "<?xml" not in text


@needs_dot
def test_a_workflow_stage_opens_its_sop(library: dict[str, AnyDocument]) -> None:
    workflow = library["WF-FIN-001"]
    assert isinstance(workflow, Workflow)
    stages = [(f"{s.sop}.html", f"Open {s.sop}") for s in workflow.stages if s.sop]
    assert len(stages) >= 2
    assert _svg_links(render(workflow, BESIDE)) == stages


def test_the_page_links_back_to_the_documents_that_use_it(
    library: dict[str, AnyDocument],
) -> None:
    context = RenderContext(
        documents=library, link=lambda code: f"{code}.html", referrers=("SOP-FIN-003",)
    )
    tree = lxml_html.fromstring(render(library["WI-PAY-003"], context))
    back = tree.xpath("//nav[@class='used-by']//a")
    assert [(a.get("href"), a.text_content()) for a in back] == [
        ("SOP-FIN-003.html", "SOP-FIN-003 Customer refund")
    ]
    assert not lxml_html.fromstring(render(library["WI-PAY-003"], BESIDE)).xpath("//nav")


@needs_dot
def test_the_paged_page_for_pdf_keeps_the_diagram_as_an_image(refund: Sop) -> None:
    assert "data:image/svg+xml;base64," in page(refund, BESIDE, paged=True)


def test_the_standalone_page_forbids_script_by_its_own_policy(refund: Sop) -> None:
    tree = lxml_html.fromstring(render(refund, BESIDE))
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert len(policy) == 1
    assert "default-src 'none'" in policy[0]
    assert "script-src" not in policy[0]  # default-src 'none' refuses every script


def _hostile(sop: Sop) -> Sop:
    payload = "<script>alert(1)</script> <img src=x onerror=alert(1)> ]]> &amp; javascript:x"
    first = sop.flow.nodes[0].model_copy(update={"instruction": payload})
    nodes = [
        node.model_copy(update={"instruction": payload + " card"})
        if getattr(node, "reference", None)
        else node
        for node in sop.flow.nodes[1:]
    ]
    flow = sop.flow.model_copy(update={"nodes": (first, *nodes)})
    roles = [r.model_copy(update={"name": f"{payload} {r.name}"}) for r in sop.roles]
    return sop.model_copy(update={"flow": flow, "title": payload, "roles": roles})


@needs_dot
def test_hostile_text_is_escaped_inside_the_svg_and_nothing_in_it_can_run(refund: Sop) -> None:
    text = render(_hostile(refund), BESIDE)
    svg = _svg(text)
    words = " ".join(t.text or "" for t in svg.iter() if isinstance(t.tag, str))
    assert "<script>alert(1)</script>" in words  # shown as the words written
    assert "<img src=x onerror=alert(1)>" in words
    tree = lxml_html.fromstring(text)
    assert not tree.xpath("//*[local-name()='script' or local-name()='foreignObject']")
    assert not tree.xpath("//@*[starts-with(local-name(), 'on')]")
    assert not svg.xpath(".//@id | .//@style | .//*[local-name()='style']")
    assert not tree.xpath("//*[local-name()='img' and @src='x']")
    assert "<script>" not in text
    assert [href for href, _ in _svg_links(text)] == ["WI-PAY-003.html", "WI-PAY-004.html"]


@needs_dot
def test_a_link_to_another_scheme_or_host_is_dropped_from_the_diagram(refund: Sop) -> None:
    for address in (
        "javascript:alert(1)",
        "//evil.example/x",
        "https://evil.example/",
        "java\tscript:x",
    ):
        text = render(refund, RenderContext(link=lambda code, a=address: a))
        assert _svg_links(text) == []
        assert not _svg(text).xpath(".//@*[contains(., 'evil') or contains(., 'script:')]")


def test_same_site_addresses_are_paths_or_relative_ones() -> None:
    assert same_site("WI-PAY-003.html")
    assert same_site("/documents/WI-PAY-003?from=SOP-FIN-003")
    assert same_site("../wi/WI-PAY-003.html#step-2")
    assert same_site("WI-PAY-003.html?note=a:b")
    for refused in (
        "",
        "javascript:alert(1)",
        "JavaScript:x",
        "data:text/html,x",
        "//host/x",
        "/\\host",
        "java\nscript:x",
        " javascript:x",
        "mailto:a@b",
    ):
        assert not same_site(refused), refused
