from __future__ import annotations

from pathlib import Path

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.model import AnyDocument, Decision, Outcome, Sop, Step, check_document


def _again(document: AnyDocument, folder: Path) -> Sop:
    path = folder / f"{document.code}.bpmn"
    path.write_bytes(export(document))
    return import_bpmn(path).sop


def test_sop_to_bpmn_to_sop_keeps_the_procedure(
    library: dict[str, AnyDocument], tmp_path: Path
) -> None:
    sops = [d for d in library.values() if isinstance(d, Sop)]
    assert len(sops) >= 2
    for sop in sops:
        back = _again(sop, tmp_path)
        assert back.code == sop.code
        assert back.title == sop.title
        assert [(r.id, r.name, r.kind) for r in back.roles] == [
            (r.id, r.name, r.kind) for r in sop.roles
        ]
        assert back.flow.start == sop.flow.start
        for node in sop.flow.nodes:
            again = back.flow.node(node.id)
            assert type(again) is type(node), node.id
            if isinstance(node, Step):
                assert isinstance(again, Step)
                assert (again.role, again.instruction, again.reference, again.next) == (
                    node.role,
                    node.instruction,
                    node.reference,
                    node.next,
                )
            elif isinstance(node, Decision):
                assert isinstance(again, Decision)
                assert again.question == node.question
                assert again.role == node.role
                assert [(o.label, o.condition, o.next) for o in again.options] == [
                    (o.label, o.condition, o.next) for o in node.options
                ]
            elif isinstance(node, Outcome):
                assert isinstance(again, Outcome)
                assert again.name == node.name
        assert len(back.flow.nodes) == len(sop.flow.nodes)


def test_every_example_re_imports_to_a_valid_sop(
    library: dict[str, AnyDocument], tmp_path: Path
) -> None:
    for document in library.values():
        assert check_document(_again(document, tmp_path)) == [], document.code
