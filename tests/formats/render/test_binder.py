"""The PDF and DOCX as filed in an audit binder: paper, fonts, tags, bookmarks, a diagram
readable on paper, properties from the document, numbered lists, captured provenance."""

from __future__ import annotations

import base64
import io
import itertools
import re
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from sopflow.errors import SopflowError
from sopflow.formats.render import docx as word_view
from sopflow.formats.render import pdf as pdf_view
from sopflow.formats.render.context import Control, HistoryEntry, RenderContext
from sopflow.formats.render.html import page
from sopflow.formats.render.outline import outline
from sopflow.formats.render.pages import (
    MIN_TEXT,
    MM,
    SIDE_MARGIN,
    landscape_area,
    parts,
    smallest_text,
)
from sopflow.formats.render.swimlane import graphviz_available, svg
from sopflow.formats.yaml_source import load_document
from sopflow.model import AnyDocument, Sop
from sopflow.settings import load_settings, paper_setting

needs_dot = pytest.mark.skipif(not graphviz_available(), reason="Graphviz's dot is not installed")
SVG = "{http://www.w3.org/2000/svg}"
POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
FILED = Control(
    revision="4",
    state="effective",
    effective_date=date(2026, 3, 1),
    owner="Head of Customer Support",
    approver="Chief Financial Officer",
    history=(
        HistoryEntry("3", date(2025, 9, 1), "A. Agent", "Added bank transfers", "superseded"),
        HistoryEntry("4", date(2026, 3, 1), "B. Billing", "New refund window", "effective"),
    ),
)
CAPTURED = Path(__file__).resolve().parents[2] / "fixtures" / "captured"


@pytest.fixture(scope="module")
def filed_pdf(request: pytest.FixtureRequest) -> PdfReader:
    examples = request.config.rootpath / "examples"
    sop = load_document(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    data = pdf_view.render(sop, RenderContext(control=FILED, paper="a4"))
    return PdfReader(io.BytesIO(data))


def _fonts(resources: DictionaryObject, found: set[str]) -> None:
    """Every font's name in a page's resources, the SVG drawings' forms included."""
    for font in (resources.get("/Font") or {}).values():
        found.add(str(font.get_object()["/BaseFont"]))
    for xobject in (resources.get("/XObject") or {}).values():
        inner = xobject.get_object().get("/Resources")
        if inner is not None:
            _fonts(inner.get_object(), found)


def test_a4_by_default_and_one_font_family_throughout(filed_pdf: PdfReader) -> None:
    found: set[str] = set()
    for sheet in filed_pdf.pages:
        width, height = sorted((float(sheet.mediabox.width), float(sheet.mediabox.height)))
        assert (round(width), round(height)) == (595, 842)
        _fonts(sheet["/Resources"].get_object(), found)
    families = {
        re.sub(r"-(Bold|Oblique|BoldOblique)$", "", re.sub(r"^[A-Z]{6}\+", "", name.lstrip("/")))
        for name in found
    }
    assert families == {"DejaVu-Sans"}, found  # body, header, footer and diagram alike


def test_the_pdf_is_tagged_with_headings_as_bookmarks(filed_pdf: PdfReader) -> None:
    root = filed_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    top = filed_pdf.outline
    assert top[0]["/Title"] == "SOP-FIN-003 Customer refund"
    titles = [entry["/Title"] for entry in top[1]]
    assert [t for t in titles if t in ("About", "Flow", "Procedure", "Outcomes", "Records")] == [
        "About",
        "Flow",
        "Procedure",
        "Outcomes",
        "Records",
    ]
    assert filed_pdf.metadata is not None
    assert filed_pdf.metadata.author == "Head of Customer Support"


def _runs(sheet: object) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    sheet.extract_text(visitor_text=seen)  # type: ignore[attr-defined]
    return found


def test_the_page_counter_and_the_footer_keep_to_one_line(filed_pdf: PdfReader) -> None:
    pages = len(filed_pdf.pages)
    for number, sheet in enumerate(filed_pdf.pages, 1):
        runs = _runs(sheet)
        counter = [r for r in runs if r[0] == f"{number} of {pages}"]
        assert len(counter) == 1, (number, counter)  # "1 of" and "5" never on two lines
        note = next(r for r in runs if r[0].startswith("Uncontrolled when printed"))
        foot = next(r for r in runs if r[0] == f"Page {number} of {pages}")
        assert abs(note[2] - foot[2]) < 1  # the print note and page x of y on one line
        assert note[2] < 50  # in the bottom margin


def test_the_control_block_spans_landscape_pages_as_it_spans_portrait_ones(
    filed_pdf: PdfReader,
) -> None:
    spans = {}
    for sheet in filed_pdf.pages:
        width = float(sheet.mediabox.width)
        labels = [x for text, x, _ in _runs(sheet) if text in ("Code", "State")]
        text_width = width - 2 * SIDE_MARGIN * MM
        spans[width > float(sheet.mediabox.height)] = (labels[1] - labels[0]) / text_width
    # the distance from "Code" to "State" is the same share of either page's text width
    assert spans[True] == pytest.approx(spans[False], abs=0.01)


def test_parts_are_drawn_as_large_as_the_page_lets_them(refund: Sop) -> None:
    whole = svg(refund, RenderContext())
    width, height = landscape_area("a4", 35, 24)
    shown = parts(whole, (width, height))
    assert max(part.drawn_width for part in shown) <= width + 0.5
    assert max(part.drawn_height for part in shown) == pytest.approx(height, abs=0.5)
    roomy = parts(whole, (width, 10 * height))  # a page this tall: the width is the bound
    assert max(part.drawn_width for part in roomy) == pytest.approx(width, abs=0.5)


def _drawn(html: str) -> list[tuple[bytes, float]]:
    """Each part of the diagram on the page: its SVG and the width it is drawn at (pt)."""
    found = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)" style="width: ([0-9.]+)pt', html)
    return [(base64.b64decode(data), float(width)) for data, width in found]


@needs_dot
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_swimlane_is_drawn_at_8_points_or_more_in_page_wide_parts(
    refund: Sop, paper: str
) -> None:
    drawn = _drawn(page(refund, RenderContext(control=FILED, paper=paper), paged=True))
    assert len(drawn) >= 2  # this flow is wide: it is cut into parts
    width = landscape_area(paper, 0, 0)[0]
    for part, on_page in drawn:
        box = [float(v) for v in etree.fromstring(part).get("viewBox", "").split()]
        scale = on_page / box[2]
        assert smallest_text(part) * scale >= MIN_TEXT - 0.01
        assert on_page <= width + 0.5
    later = [etree.fromstring(p).findall(f"{SVG}text") for p, _ in drawn[1:]]
    assert all("Billing team (continued)" in [t.text for t in texts] for texts in later)
    whole = etree.fromstring(svg(refund, RenderContext()))
    total = float(whole.get("viewBox", "").split()[2])
    assert sum(float(p.split(b'viewBox="')[1].split(b" ")[2]) for p, _ in drawn) == (
        pytest.approx(total, abs=1)
    )


def _bounds(element: etree._Element) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for child in element.iter():
        for x, y in re.findall(
            r"([-0-9.]+),([-0-9.]+)", child.get("points") or child.get("d") or ""
        ):
            xs.append(float(x))
            ys.append(float(y))
        if child.tag == f"{SVG}text":
            half = len(child.text or "") * float(child.get("font-size", "10")) * 0.3
            x, y = float(child.get("x", "0")), float(child.get("y", "0"))
            xs += [x - half, x + half]
            ys += [y - float(child.get("font-size", "10")), y]
        if child.get("cx") is not None:
            cx, cy = float(child.get("cx", "0")), float(child.get("cy", "0"))
            rx, ry = float(child.get("rx", "0")), float(child.get("ry", "0"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
    return min(xs), min(ys), max(xs), max(ys)


@needs_dot
def test_lanes_have_equal_width_and_hold_every_node(library: dict[str, AnyDocument]) -> None:
    from sopflow.formats.diagram import diagram

    for document in library.values():
        drawing = diagram(document)
        root = etree.fromstring(svg(document, RenderContext()))
        groups = {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g")}
        lanes = [_bounds(groups[f"cluster_{n}"]) for n in range(len(drawing.lanes))]
        assert max(b[2] - b[0] for b in lanes) - min(b[2] - b[0] for b in lanes) <= 1.5
        ordered = sorted(lanes, key=lambda b: b[1])
        assert all(a[3] <= b[1] + 0.5 for a, b in itertools.pairwise(ordered))
        for box in drawing.boxes:
            number = [lane.id for lane in drawing.lanes].index(drawing.lane_of(box))
            left, top, right, bottom = _bounds(groups[box.id])
            lane = lanes[number]
            assert lane[0] <= left, (document.code, box.id)
            assert right <= lane[2], (document.code, box.id)
            assert lane[1] <= top, (document.code, box.id)
            assert bottom <= lane[3], (document.code, box.id)


def test_outcomes_are_ends_not_numbered_steps(refund: Sop) -> None:
    procedure = next(s for s in outline(refund, RenderContext()).sections if s.items)
    assert [item.number for item in procedure.items] == list(range(1, 13))
    assert {item.kind for item in procedure.items} <= {"step", "decision", "handoff"}
    texts = [line for item in procedure.items for line in item.details]
    assert "End: Refund issued" in texts  # the step before an outcome says the flow ends
    options = dict(next(i for i in procedure.items if i.kind == "decision").options)
    assert not any("go to 13" in then for then in options.values())


def test_docx_core_properties_come_from_the_document(refund: Sop) -> None:
    word = docx.Document(io.BytesIO(word_view.render(refund, RenderContext(control=FILED))))
    props = word.core_properties
    assert props.title == "SOP-FIN-003 Customer refund"
    assert props.author == props.last_modified_by == "Head of Customer Support"
    assert props.subject == refund.summary
    assert props.category == "Standard operating procedure"
    assert props.revision == 4
    assert props.keywords == ", ".join(refund.tags)
    assert props.comments == refund.purpose
    assert props.content_status == "effective"
    assert props.version == "4"
    assert props.created == datetime(2025, 9, 1, tzinfo=UTC)
    assert props.modified == datetime(2026, 3, 1, tzinfo=UTC)
    assert "python-docx" not in (props.author, props.last_modified_by, props.comments)


def test_a_draft_docx_is_dated_the_day_it_is_made(refund: Sop) -> None:
    made = date(2026, 4, 2)
    word = docx.Document(io.BytesIO(word_view.render(refund, RenderContext(printed=made))))
    assert word.core_properties.created.date() == made
    assert word.core_properties.revision == 1
    assert word.core_properties.version == "draft"


def test_docx_numbers_each_work_instructions_actions_from_one(
    refund: Sop, library: dict[str, AnyDocument]
) -> None:
    context = RenderContext(documents=library, paper="a4")
    word = docx.Document(io.BytesIO(word_view.render(refund, context)))
    lists: dict[str, list[str]] = {}
    for paragraph in word.paragraphs:
        if paragraph.style.name == "List Number 2":
            number = paragraph._p.pPr.numPr.numId.val
            lists.setdefault(str(number), []).append(paragraph.text)
    wi = library["WI-PAY-003"]
    assert [wi.steps[0].action, wi.steps[1].action] == next(iter(lists.values()))[:2]  # type: ignore[union-attr]
    assert len(lists) == 2  # a list of its own per referenced WI, each restarting at 1
    numbering = word.part.numbering_part.element.xml
    for number in lists:
        found = re.search(rf'<w:num w:numId="{number}">.*?</w:num>', numbering, re.S)
        assert found is not None
        assert '<w:startOverride w:val="1"/>' in found.group(0)


def test_docx_styles_use_one_font_family(refund: Sop) -> None:
    word = docx.Document(io.BytesIO(word_view.render(refund, RenderContext())))
    styles = word.styles.element.xml
    assert "Theme=" not in styles
    assert set(re.findall(r'w:ascii="([^"]+)"', styles)) == {word_view.FONT}


@needs_dot
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_docx_paper_and_the_diagram_on_landscape_pages(refund: Sop, paper: str) -> None:
    word = docx.Document(io.BytesIO(word_view.render(refund, RenderContext(paper=paper))))
    first = word.sections[0]
    assert (round(first.page_width.pt), round(first.page_height.pt)) == tuple(
        round(v) for v in POINTS[paper]
    )
    landscape = word.sections[1]
    assert landscape.page_width > landscape.page_height
    assert word.sections[2].page_width < word.sections[2].page_height
    whole = svg(refund, RenderContext())
    shown = parts(whole, landscape_area(paper, word_view_top(), 26))
    pictures = word.inline_shapes
    assert len(pictures) == len(shown)
    for picture, part in zip(pictures, shown, strict=True):
        assert picture.width.pt * smallest_text(part.svg) / part.width >= MIN_TEXT - 0.05
        text_width = landscape.page_width - landscape.left_margin - landscape.right_margin
        assert picture.width <= text_width + 12700  # within a point of the text width


def word_view_top() -> float:
    from sopflow.formats.render.docx_parts import LANDSCAPE_TOP

    return LANDSCAPE_TOP


def test_the_paper_setting_is_a4_letter_or_a_message() -> None:
    assert paper_setting({}) == "a4"
    assert paper_setting({"SOPFLOW_PAPER": " Letter "}) == "letter"
    assert load_settings({"SOPFLOW_PAPER": "letter"}).paper == "letter"
    assert load_settings({}).paper == RenderContext().paper == "a4"
    with pytest.raises(SopflowError, match="SOPFLOW_PAPER: 'a5' is not one of a4, letter"):
        paper_setting({"SOPFLOW_PAPER": "a5"})


def test_a_letter_pdf(refund: Sop) -> None:
    data = pdf_view.render(refund, RenderContext(paper="letter"))
    for sheet in PdfReader(io.BytesIO(data)).pages:
        size = sorted((float(sheet.mediabox.width), float(sheet.mediabox.height)))
        assert (round(size[0]), round(size[1])) == (612, 792)


def test_a_captured_draft_shows_where_each_element_was_said_and_what_to_check() -> None:
    from sopflow.formats.render.provenance import clock
    from sopflow.model.base import REVIEW_BELOW

    draft = load_document(CAPTURED / "SOP-GEN-001-refund-call-teams.yaml")
    assert isinstance(draft, Sop)
    items = {i.anchor: i for s in outline(draft, RenderContext()).sections for i in s.items}
    for node in draft.flow.nodes:
        if node.id not in items or node.provenance is None or node.provenance.time is None:
            continue
        shown = items[node.id]
        assert shown.origin is not None
        assert shown.origin.startswith(f"Recorded at {clock(node.provenance.time[0])}")
        low = node.provenance.confidence is not None and node.provenance.confidence < REVIEW_BELOW
        assert any(line.startswith("Check: low confidence") for line in shown.review) == low
    unsupported = [
        (node.id, option.label)
        for node in draft.flow.nodes
        for option in getattr(node, "options", ())
        if option.provenance is not None and not option.provenance.supported
    ]
    assert unsupported  # the fixture has one, for the reviewer to confirm
    for node_id, label in unsupported:
        assert (
            f"Check option “{label}”: nothing in the recording supports it."
            in items[node_id].review
        )
    html = page(draft, RenderContext())
    assert '<p class="review">Check option' in html
    word = docx.Document(io.BytesIO(word_view.render(draft, RenderContext())))
    assert any(p.text.startswith("Recorded at ") for p in word.paragraphs)


def test_cuts_fall_between_shapes_and_share_the_width_out() -> None:
    from sopflow.formats.render.pages import cuts

    taken = [(x, x + 80.0) for x in range(0, 2000, 100)]  # a shape every 100 points
    edges = cuts(2000, 760, taken)
    widths = [b - a for a, b in itertools.pairwise(edges)]
    assert len(widths) == 3
    assert max(widths) <= 760
    assert min(widths) >= 600  # about a third each, not two full pages and a sliver
    assert all(not (a < cut < b) for cut in edges for a, b in taken)
