"""Links indexed from content: where-used, transitive dependants, broken references."""

from __future__ import annotations

from pathlib import Path

from sopflow.library.documents import save_document
from sopflow.library.links import BrokenLink, broken_links, where_used
from sopflow.library.store import Library
from sopflow.library.sync import import_documents, read_sources
from sopflow.model import Policy


def _import(library: Library, *paths: Path) -> None:
    with library.transaction() as connection:
        import_documents(connection, docs=read_sources(paths), author="t", summary="import")


def test_the_stripe_wi_is_used_by_the_refund_sop(library: Library, examples: Path) -> None:
    _import(library, examples)
    with library.transaction() as connection:
        direct = where_used(connection, code="WI-PAY-003")
        everything = where_used(connection, code="WI-PAY-003", transitive=True)
    assert [(d.code, d.depth) for d in direct] == [("SOP-FIN-003", 1)]
    assert [(d.code, d.depends_on, d.depth) for d in everything] == [
        ("SOP-FIN-003", "WI-PAY-003", 1),
        ("POL-FIN-001", "SOP-FIN-003", 2),
        ("WF-FIN-001", "SOP-FIN-003", 2),
    ]


def test_cycles_end(library: Library, examples: Path) -> None:
    _import(library, examples)  # the policy and the SOP refer to each other
    with library.transaction() as connection:
        found = where_used(connection, code="POL-FIN-001", transitive=True)
    assert "POL-FIN-001" not in {d.code for d in found}
    assert {d.code for d in found} == {"SOP-FIN-003", "WF-FIN-001"}


def test_a_missing_target_is_a_broken_link(library: Library, examples: Path) -> None:
    _import(library, examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    with library.transaction() as connection:
        assert broken_links(connection) == [
            BrokenLink("SOP-FIN-003", "POL-FIN-001"),
            BrokenLink("SOP-FIN-003", "WI-PAY-003"),
            BrokenLink("SOP-FIN-003", "WI-PAY-004"),
        ]
    _import(library, examples)
    with library.transaction() as connection:
        assert broken_links(connection) == []


def test_links_follow_the_latest_revision(library: Library, examples: Path) -> None:
    _import(library, examples)
    with library.transaction() as connection:
        policy = read_sources([examples / "refunds" / "POL-FIN-001-refund-policy.yaml"])[0]
        assert isinstance(policy, Policy)
        narrowed = policy.model_copy(update={"implemented_by": ("WF-FIN-001",)})
        save_document(connection, document=narrowed, author="t", summary="narrow", base=1)
        assert [d.code for d in where_used(connection, code="SOP-FIN-003")] == ["WF-FIN-001"]
