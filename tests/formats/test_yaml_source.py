"""The YAML source format: positioned problems, canonical writing, and the round trip."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopflow.formats.migrations import FORMAT_VERSION
from sopflow.formats.yaml_source import SourceError, load_document, parse_document, read_documents
from sopflow.formats.yaml_write import dump_document
from sopflow.model import (
    AnyDocument,
    AnyNode,
    Decision,
    Flow,
    Handoff,
    Option,
    Outcome,
    Parallel,
    ParallelBranch,
    Policy,
    Provenance,
    Role,
    Sop,
    Step,
    WiStep,
    WorkInstruction,
)

HEADER = "sopflow: 1\nkind: sop\ncode: SOP-OPS-001\ntitle: Returns\n"
FLOW = """\
flow:
  start: a
  nodes:
    - id: a
      type: step
      instruction: Open the parcel
      next: end
    - id: end
      type: outcome
      name: Done
"""


def problems_of(text: str) -> list[str]:
    """Each problem as LINE:COLUMN: message (the file name is always 'f.yaml' here)."""
    loaded = parse_document(textwrap.dedent(text), "f.yaml")
    return [str(problem).removeprefix("f.yaml:") for problem in loaded.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(HEADER + FLOW, [], id="valid"),
        pytest.param(
            "sopflow: 1\nkind: sop\ntitle: [unclosed\n",
            [
                "4:1: YAML syntax: while parsing a flow sequence expected ',' or ']', "
                "but got '<stream end>'"
            ],
            id="yaml syntax",
        ),
        pytest.param(
            "sopflow: 1\nsopflow: 1\n",
            [
                '2:1: YAML syntax: while constructing a mapping found duplicate key "sopflow" '
                'with value "1" (original value: "1")'
            ],
            id="duplicate key",
        ),
        pytest.param("", ["1:1: the file is empty; a document is a YAML mapping"], id="empty"),
        pytest.param(
            "- a\n- b\n",
            ["1:1: the file is a list; a document is a YAML mapping"],
            id="a list",
        ),
        pytest.param(
            HEADER.replace("sopflow: 1\n", "") + FLOW,
            ["1:1: missing the format version: start with `sopflow: 3`"],
            id="no format version",
        ),
        pytest.param(
            HEADER.replace("sopflow: 1", "sopflow: 9") + FLOW,
            ["1:10: format version 9 is newer than this sopflow understands (3); upgrade sopflow"],
            id="newer format version",
        ),
        pytest.param(
            HEADER + FLOW.replace("next: end", "next: ending"),
            [
                "11:13: step 'a' leads to 'ending', which does not exist",
                "12:11: outcome 'end' cannot be reached from the start node 'a'",
            ],
            id="missing target",
        ),
        pytest.param(
            HEADER + "ownr: Ops\n" + FLOW,
            ["5:1: ownr: unknown field `ownr`; did you mean `owner`?"],
            id="misspelt field",
        ),
        pytest.param(
            HEADER + FLOW.replace("      instruction: Open the parcel\n", ""),
            ["8:7: flow.nodes[0]: missing required field `instruction`"],
            id="missing field",
        ),
        pytest.param(
            HEADER + FLOW.replace("type: step", "type: stp"),
            [
                "9:13: flow.nodes[0].type: unknown type 'stp'; expected one of "
                "'step', 'decision', 'parallel', 'handoff', 'outcome'"
            ],
            id="unknown node type",
        ),
        pytest.param(
            HEADER.replace("SOP-OPS-001", "SOP-1") + FLOW,
            [
                "3:7: code: 'SOP-1' is not a document code: use KIND-AREA-NNN, "
                "for example SOP-FIN-003 or WI-PAY-003"
            ],
            id="bad code",
        ),
        pytest.param(
            HEADER.replace("kind: sop", "kind: procedure") + FLOW,
            [
                "2:7: kind: unknown kind 'procedure'; expected one of "
                "'policy', 'workflow', 'sop', 'wi'"
            ],
            id="unknown kind",
        ),
        pytest.param(
            "sopflow: 1\nkind: wi\ncode: WI-OPS-001\ntitle: Print\nsteps:\n"
            "  - action: Click Print\n    options: [a, b]\n",
            [
                "7:5: steps[0].options: work instruction steps are linear and cannot branch "
                "(`options`); put the decision in an SOP that references this work instruction"
            ],
            id="branching in a work instruction",
        ),
    ],
)
def test_problems_name_line_column_and_element(text: str, expected: list[str]) -> None:
    assert problems_of(text) == expected


PARALLEL_FLOW = """\
flow:
  start: both
  nodes:
    - id: both
      type: parallel
      branches:
        - label: Refund the customer
          next: refund
        - next: restock
      join: end
    - id: refund
      type: step
      instruction: Refund the customer
      next: end
    - id: restock
      type: step
      instruction: Put the item back on the shelf
      next: refund
    - id: end
      type: outcome
      name: Done
"""


def test_a_parallel_problem_names_the_line_of_the_branch() -> None:
    text = HEADER.replace("sopflow: 1", "sopflow: 2") + PARALLEL_FLOW
    assert problems_of(text) == [
        "13:11: parallel 'both' branch 2 shares node 'refund' with an earlier branch; "
        "branches meet only at the join 'end'"
    ]
    assert (
        problems_of(text.replace("next: refund\n    - id: end", "next: end\n    - id: end")) == []
    )
    assert problems_of(text.replace("join: end", "join: ending")) == [
        "14:13: parallel 'both' joins at 'ending', which does not exist"
    ]
    assert problems_of(text.replace("- next: restock", "- nxt: restock")) == [
        "13:11: flow.nodes[0].branches[1]: missing required field `next`",
        "13:11: flow.nodes[0].branches[1].nxt: unknown field `nxt`; did you mean `next`?",
    ]


def test_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(HEADER + FLOW, encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "copy.yml").write_text(HEADER + FLOW, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    results = read_documents([tmp_path, tmp_path / "missing.yaml"])
    assert [Path(loaded.file).name for loaded in results] == [
        "missing.yaml",
        "good.yaml",
        "copy.yml",
    ]
    assert str(results[0].problems[0]).endswith("missing.yaml:1:1: no such file or folder")
    assert results[1].ok
    assert [problem.rule for problem in results[2].problems] == ["unique-code"]
    assert "code SOP-OPS-001 is also used by" in results[2].problems[0].message


def test_load_document_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(SourceError) as raised:
        load_document(path)
    assert str(raised.value) == f"{path}:1:1: not UTF-8 text"


def test_examples_are_written_back_unchanged_in_content(examples: Path) -> None:
    for path in sorted(examples.rglob("*.yaml")):
        document = load_document(path)
        again = parse_document(dump_document(document), str(path))
        assert again.ok, again.problems
        assert again.document == document


def test_writing_is_canonical() -> None:
    document = WorkInstruction(
        code="WI-OPS-001",
        title="Print a label",
        steps=(WiStep(action="Click Print", detail="Two lines\nof detail"),),
    )
    assert dump_document(document) == textwrap.dedent(
        """\
        sopflow: 3
        kind: wi
        code: WI-OPS-001
        title: Print a label
        steps:
          - action: Click Print
            detail: |-
              Two lines
              of detail
        """
    )
    assert dump_document(document).startswith(f"sopflow: {FORMAT_VERSION}\n")


# Generated documents for the round-trip property.

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
areas = st.from_regex(r"[A-Z][A-Z0-9]{1,5}", fullmatch=True)
provenance = st.none() | st.builds(
    Provenance,
    source=st.none() | texts,
    span=st.none() | st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)),
    time=st.none() | st.tuples(st.floats(0, 1e5), st.floats(0, 1e5)),
    quote=st.none() | texts,
    confidence=st.none() | st.floats(0, 1),
    supported=st.booleans(),
)


@st.composite
def sops(draw: st.DrawFn) -> Sop:
    """A valid SOP: a chain of steps and handoffs, some decisions branching to outcomes, some
    parallels whose two branches meet at the next node of the chain."""
    names = draw(st.lists(ids, min_size=2, max_size=8, unique=True))
    roles = tuple(Role(id=f"r{i}", name=draw(texts)) for i in range(draw(st.integers(1, 3))))
    role_ids = st.sampled_from([role.id for role in roles])
    nodes: list[AnyNode] = []
    for index, name in enumerate(names):
        following = names[index + 1] if index + 1 < len(names) else "the-end"
        shape = draw(st.sampled_from(["step", "decision", "handoff", "parallel"]))
        if shape == "step":
            nodes.append(
                Step(
                    id=name,
                    role=draw(st.none() | role_ids),
                    instruction=draw(texts),
                    detail=draw(st.dictionaries(st.sampled_from(["novice", "expert"]), texts)),
                    warnings=tuple(draw(st.lists(texts, max_size=2))),
                    expected_result=draw(st.none() | texts),
                    reference=draw(st.none() | areas.map(lambda area: f"WI-{area}-001")),
                    mandatory=draw(st.booleans()),
                    next=following,
                    provenance=draw(provenance),
                )
            )
        elif shape == "decision":
            nodes.append(
                Decision(
                    id=name,
                    role=draw(role_ids),
                    question=draw(texts),
                    options=(
                        Option(label="yes", condition=draw(st.none() | texts), next=following),
                        Option(label="no", next="the-end"),
                    ),
                )
            )
        elif shape == "parallel":
            starts = (f"{name}_1", f"{name}_2")  # `_` keeps them apart from the drawn ids
            nodes.append(
                Parallel(
                    id=name,
                    role=draw(st.none() | role_ids),
                    branches=(
                        ParallelBranch(label=draw(st.none() | texts), next=starts[0]),
                        ParallelBranch(next=starts[1], provenance=draw(provenance)),
                    ),
                    join=following,
                )
            )
            nodes.extend(
                Step(id=start, instruction=draw(texts), next=following) for start in starts
            )
        else:
            nodes.append(
                Handoff(
                    id=name,
                    from_role=draw(role_ids),
                    to_role=draw(role_ids),
                    transfers=tuple(draw(st.lists(texts, max_size=2))),
                    next=following,
                )
            )
    nodes.append(Outcome(id="the-end", name=draw(texts)))
    return Sop(
        code=f"SOP-{draw(areas)}-{draw(st.integers(1, 999)):03d}",
        title=draw(texts),
        owner=draw(st.none() | texts),
        tags=tuple(draw(st.lists(texts, max_size=3))),
        purpose=draw(st.none() | texts),
        roles=roles,
        flow=Flow(start=names[0], nodes=tuple(nodes)),
    )


work_instructions = st.builds(
    WorkInstruction,
    code=areas.map(lambda area: f"WI-{area}-002"),
    title=texts,
    system=st.none() | texts,
    prerequisites=st.lists(texts, max_size=3).map(tuple),
    steps=st.lists(
        st.builds(
            WiStep,
            action=texts,
            target=st.none() | texts,
            value=st.none() | texts,
            warning=st.none() | texts,
            provenance=provenance,
        ),
        min_size=1,
        max_size=5,
    ).map(tuple),
)
policies = st.builds(
    Policy,
    code=areas.map(lambda area: f"POL-{area}-001"),
    title=texts,
    statement=texts,
    implemented_by=st.lists(areas.map(lambda area: f"SOP-{area}-001"), max_size=3).map(tuple),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(sops(), work_instructions, policies))
def test_load_write_load_gives_an_equal_model(document: AnyDocument) -> None:
    text = dump_document(document)
    loaded = parse_document(text, "generated.yaml")
    assert loaded.document == document, (text, loaded.problems)
    assert dump_document(loaded.document) == text
