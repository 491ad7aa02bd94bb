"""The JSON shapes of the documents and search API, so OpenAPI describes real schemas.

Documents themselves are the model's own types (Policy, Workflow, Sop, WorkInstruction):
the schema comes from the model, and the content is the canonical source structure (defaults
left out) without the format version, which travels beside it as `format_version`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, SkipValidation

from sopflow.analysis.diff import DocumentDiff
from sopflow.analysis.lint import Finding
from sopflow.formats.migrations import FORMAT_KEY, FORMAT_VERSION
from sopflow.formats.yaml_write import document_data
from sopflow.library.documents import Listed
from sopflow.library.revisions import StoredRevision
from sopflow.library.search import SearchHit
from sopflow.model import AnyDocument
from sopflow.model.revisions import RevisionInfo
from sopflow.services.checks import Checked, Linted
from sopflow.services.documents import DocumentPage, WhereUsed
from sopflow.services.revisions import SavedRevision


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, naming the field when there is one."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    field: str | None = None
    code: str | None = Field(default=None, description="The document, for a stale save.")
    base_revision: int | None = Field(default=None, description="412: what the save was based on.")
    latest_revision: int | None = Field(default=None, description="412, 428: the latest now.")


def _problem(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        "description": description,
        "model": Problem,  # registers the schema; errors are sent as problem+json
        "content": {"application/problem+json": {"schema": schema}},
    }


PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: _problem("The request cannot be served (a library error, say)."),
    401: _problem("Not signed in, or the API token is not valid."),
    403: _problem("The roles of the account do not allow this."),
    404: _problem("No such document, revision or file."),
    422: _problem("A value is wrong; `field` names it."),
}
"""The problems every documents and search route may answer with."""


def etag(info: RevisionInfo) -> str:
    """The entity tag that names a revision: "CODE@N", quoted."""
    return f'"{info.code}@{info.number}"'


def document_href(code: str) -> str:
    """The API address of a document."""
    return f"/api/v1/documents/{code}"


class DocumentSummary(BaseModel):
    """A document in a list: what its latest revision says."""

    code: str
    kind: str
    title: str
    owner: str | None
    department: str | None
    state: str
    latest_revision: int
    href: str

    @classmethod
    def of(cls, row: Listed) -> DocumentSummary:
        return cls(
            code=row.code,
            kind=row.kind,
            title=row.title,
            owner=row.owner,
            department=row.department,
            state=row.state,
            latest_revision=row.latest,
            href=document_href(row.code),
        )


class DocumentList(BaseModel):
    """One page of documents and how many the filters keep in all."""

    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]

    @classmethod
    def of(cls, page: DocumentPage) -> DocumentList:
        return cls(
            total=page.total,
            limit=page.limit,
            offset=page.offset,
            documents=[DocumentSummary.of(row) for row in page.documents],
        )


class DocumentRevision(BaseModel):
    """What is known about a revision besides its content."""

    code: str
    number: int
    state: str
    author: str
    created_at: datetime
    summary: str
    sha256: str
    etag: str = Field(description='The ETag naming this revision ("CODE@N"), for If-Match.')

    @classmethod
    def of(cls, info: RevisionInfo) -> DocumentRevision:
        return cls(
            code=info.code,
            number=info.number,
            state=info.state.value,
            author=info.author,
            created_at=info.created_at,
            summary=info.summary,
            sha256=info.sha256,
            etag=etag(info),
        )


class RevisionDocument(BaseModel):
    """A revision with its document in the canonical source structure."""

    code: str
    kind: str
    revision: DocumentRevision
    format_version: int = Field(description="The source format version of `document`.")
    document: SkipValidation[AnyDocument]


def revision_body(stored: StoredRevision) -> dict[str, Any]:
    """The RevisionDocument of a stored revision as JSON-ready data (the document exactly
    in its canonical structure, which a model dump would not keep)."""
    data = document_data(stored.document)
    version = data.pop(FORMAT_KEY, FORMAT_VERSION)
    return {
        "code": stored.info.code,
        "kind": stored.info.kind,
        "revision": DocumentRevision.of(stored.info).model_dump(mode="json"),
        "format_version": version,
        "document": data,
    }


class RevisionSave(BaseModel):
    """A new revision: the whole document, and what changed in a few words."""

    summary: str = Field(min_length=1, max_length=2000, description="What this revision changes.")
    document: SkipValidation[AnyDocument] = Field(
        description="The whole document in its source structure (as GET gives it); checked "
        "as a YAML source file is, and refused naming the field when it is not valid."
    )
    keep_problems: bool = Field(
        default=False,
        description="Save the draft even when its flow breaks the model's rules (a step "
        "leading nowhere, an unreachable node, a decision with one option); `problems` in "
        "the answer lists them, and the revision cannot be submitted for review until a "
        "revision without them is saved. A document that does not match the format is "
        "refused whatever this says.",
    )


class SaveResult(BaseModel):
    """The outcome of a save."""

    code: str
    created: bool = Field(description="False when the content equals the latest revision's.")
    revision: DocumentRevision
    problems: list[str] = Field(
        default_factory=list,
        description="The validation problems the draft was saved with (keep_problems), as "
        "FIELD: MESSAGE; empty when it has none.",
    )

    @classmethod
    def of(cls, saved: SavedRevision, problems: list[str] | None = None) -> SaveResult:
        return cls(
            code=saved.revision.code,
            created=saved.created,
            revision=DocumentRevision.of(saved.revision),
            problems=problems or [],
        )


class RevisionHistory(BaseModel):
    """Every revision of a document, oldest first."""

    code: str
    revisions: list[DocumentRevision]


class DiffWords(BaseModel):
    """A run of words the same in both revisions, or only in the old or the new one."""

    kind: str
    text: str


class DiffChange(BaseModel):
    """One difference between two revisions, as a person would describe it."""

    kind: str
    element: str
    summary: str
    words: list[DiffWords] = []


class RevisionDiff(BaseModel):
    """What changed from one revision to another."""

    code: str
    old: str
    new: str
    changes: list[DiffChange]

    @classmethod
    def of(cls, diff: DocumentDiff) -> RevisionDiff:
        return cls(
            code=diff.code,
            old=diff.old,
            new=diff.new,
            changes=[
                DiffChange(
                    kind=change.kind,
                    element=change.element,
                    summary=change.summary,
                    words=[DiffWords(kind=w.kind, text=w.text) for w in change.words],
                )
                for change in diff.changes
            ],
        )


class Dependant(BaseModel):
    """A document that depends on the one asked about, directly (depth 1) or through others."""

    code: str
    kind: str
    title: str
    depends_on: str
    depth: int


class WhereUsedOut(BaseModel):
    """The documents that depend on a code, and whether the library holds it."""

    code: str
    known: bool
    dependants: list[Dependant]

    @classmethod
    def of(cls, used: WhereUsed) -> WhereUsedOut:
        return cls(
            code=used.code,
            known=used.known,
            dependants=[
                Dependant(
                    code=d.code, kind=d.kind, title=d.title, depends_on=d.depends_on, depth=d.depth
                )
                for d in used.dependants
            ],
        )


class LintFinding(BaseModel):
    """One lint finding, located in the revision's canonical YAML."""

    rule: str
    severity: str
    path: str
    message: str
    hint: str
    line: int
    column: int

    @classmethod
    def of(cls, finding: Finding) -> LintFinding:
        data = finding.as_json()
        return cls(**{key: data[key] for key in cls.model_fields})


class LintReport(BaseModel):
    """The lint findings of one revision."""

    code: str
    revision: int
    errors: int
    warnings: int
    findings: list[LintFinding]

    @classmethod
    def of(cls, linted: Linted) -> LintReport:
        return cls(
            code=linted.revision.code,
            revision=linted.revision.number,
            errors=linted.errors,
            warnings=len(linted.findings) - linted.errors,
            findings=[LintFinding.of(finding) for finding in linted.findings],
        )


class DocumentCheck(BaseModel):
    """A document to check without saving it (the flow builder's live validation)."""

    document: SkipValidation[AnyDocument] = Field(
        description="The whole document in its source structure, as a save would send it."
    )


class CheckedProblem(BaseModel):
    """One problem in a posted document, located by the path of its field."""

    rule: str
    severity: str
    path: str = Field(description="The field, as flow.nodes[3].next; (document) for all of it.")
    message: str
    hint: str


class CheckReport(BaseModel):
    """What validation and lint find in a posted document; nothing is stored."""

    code: str
    savable: bool = Field(description="Whether a save would take it (no validation error).")
    draft_savable: bool = Field(
        description="Whether a save with keep_problems would take it: it matches the format, "
        "though its flow may break the model's rules."
    )
    errors: int
    warnings: int
    problems: list[CheckedProblem]

    @classmethod
    def of(cls, checked: Checked) -> CheckReport:
        problems = [
            CheckedProblem(**{key: finding.as_json()[key] for key in CheckedProblem.model_fields})
            for finding in checked.findings
        ]
        errors = checked.errors
        return cls(
            code=checked.code,
            savable=checked.savable,
            draft_savable=checked.draft_savable,
            errors=errors,
            warnings=len(problems) - errors,
            problems=problems,
        )


class SnippetFragment(BaseModel):
    """A piece of a snippet; highlighted pieces are the words that matched. Plain text:
    escape it before showing it in HTML."""

    text: str
    highlighted: bool


class SearchHitOut(BaseModel):
    """A document that matches, with a snippet of where."""

    code: str
    kind: str
    title: str
    state: str
    owner: str | None
    department: str | None
    rank: float = Field(description="Higher is better; comparable within one search only.")
    snippet: list[SnippetFragment]
    href: str

    @classmethod
    def of(cls, hit: SearchHit) -> SearchHitOut:
        return cls(
            code=hit.code,
            kind=hit.kind,
            title=hit.title,
            state=hit.state,
            owner=hit.owner,
            department=hit.department,
            rank=round(hit.rank, 6),
            snippet=[SnippetFragment(text=f.text, highlighted=f.highlighted) for f in hit.snippet],
            href=document_href(hit.code),
        )


class SearchResults(BaseModel):
    """The hits of a search, best first."""

    query: str
    hits: list[SearchHitOut]
