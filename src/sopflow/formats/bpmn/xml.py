"""Reading XML from other tools safely: no DTDs, no entities, no network.

A BPMN file never needs a document type declaration, so any file that has one is refused
before anything in it is expanded or fetched: that rules out external entities (reading
local files or URLs), external DTDs and entity-expansion bombs alike. XInclude elements are
refused too.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sopflow.errors import SopflowError

XINCLUDE = "http://www.w3.org/2001/XInclude"
"""lxml only follows an XInclude when asked (it is not); one is refused, not left unread."""


def _parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )


def parse_xml(data: bytes, file: str) -> etree._Element:
    """The root element; SopflowError naming the file (and line) when it is not safe, plain XML."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SopflowError(
            f"{file}: has a DOCTYPE or entity declaration; BPMN files need none, "
            "and sopflow does not read them (they can fetch files or expand without end)"
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        root = _lenient(data, error)
        if root is None:
            line = error.position[0] if error.position else "?"
            raise SopflowError(f"{file}:{line}: not well-formed XML: {error.msg}") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise SopflowError(f"{file}: has a document type declaration, which sopflow does not read")
    for element in root.iter(f"{{{XINCLUDE}}}*"):
        raise SopflowError(
            f"{file}:{element.sourceline}: has an XInclude; BPMN files need none, and sopflow "
            "does not read the files it names"
        )
    return root


def _lenient(data: bytes, error: etree.XMLSyntaxError) -> etree._Element | None:
    """The tree of a file whose only fault is a namespace name that is not a valid URI
    (some tools put spaces in their own namespaces): well-formed XML, read as bpmn-js does."""
    if "is not a valid URI" not in error.msg:
        return None
    parser = _parser(recover=True)
    root = etree.fromstring(data, parser)
    if root is None or any("is not a valid URI" not in e.message for e in parser.error_log):
        return None
    return root


def read_xml(path: Path) -> etree._Element:
    """Parse a file; a missing or unreadable file is the user's mistake, reported as such."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SopflowError(f"{path}: cannot read: {error.strerror}") from None
    return parse_xml(data, str(path))
