from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.xml import parse_xml, read_xml

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p"><task id="t" name="&secret;"/></process>
</definitions>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
<task id="t" name="&lol9;"/></process></definitions>"""


def test_an_external_entity_is_refused_before_anything_is_read() -> None:
    with pytest.raises(SopflowError, match=r"model\.bpmn: has a DOCTYPE or entity declaration"):
        parse_xml(EXTERNAL_ENTITY, "model.bpmn")


def test_an_entity_expansion_bomb_is_refused() -> None:
    with pytest.raises(SopflowError, match="DOCTYPE or entity declaration"):
        parse_xml(BILLION_LAUGHS, "lol.bpmn")


def test_a_utf16_doctype_is_refused_after_parsing_without_expansion() -> None:
    data = EXTERNAL_ENTITY.replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>'
    ).replace(b'<task id="t" name="&secret;"/>', b"<documentation>&secret;</documentation>")
    with pytest.raises(SopflowError, match="document type declaration"):
        parse_xml(data.decode().encode("utf-16"), "wide.bpmn")


def test_broken_xml_names_the_file_and_line() -> None:
    with pytest.raises(SopflowError, match=r"bad.bpmn:2: not well-formed XML"):
        parse_xml(b"<definitions>\n<process></definitions>", "bad.bpmn")


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(SopflowError, match="cannot read"):
        read_xml(tmp_path / "absent.bpmn")


class _Recorder(BaseHTTPRequestHandler):
    """A loopback server that notes every request: the parser must send none."""

    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY leak "read">')

    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture
def listener() -> Iterator[str]:
    """The base URL of a loopback server recording what it is asked for."""
    _Recorder.asked.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _hostile(base: str) -> dict[str, bytes]:
    model = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    return {
        "external DTD": (
            f'<!DOCTYPE definitions SYSTEM "{base}/dtd"><definitions {model}/>'
        ).encode(),
        "parameter entity": (
            f'<!DOCTYPE d [<!ENTITY % p SYSTEM "{base}/param"> %p;]><definitions {model}/>'
        ).encode(),
        "external entity": (
            f'<!DOCTYPE d [<!ENTITY e SYSTEM "{base}/entity">]>'
            f'<definitions {model}><process id="p" name="&e;"/></definitions>'
        ).encode(),
        "XInclude": (
            f'<definitions {model} xmlns:xi="http://www.w3.org/2001/XInclude">\n'
            f'<xi:include href="{base}/include" parse="text"/></definitions>'
        ).encode(),
    }


@pytest.mark.parametrize(
    "kind", ["external DTD", "parameter entity", "external entity", "XInclude"]
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_hostile_references_are_refused_quickly_and_nothing_is_fetched(
    kind: str, encoding: str, listener: str
) -> None:
    data = _hostile(listener)[kind]
    if encoding == "utf-16":  # the byte check cannot see a declaration in UTF-16: lxml refuses
        data = data.decode().encode("utf-16")
    started = time.perf_counter()
    with pytest.raises(
        SopflowError, match=r"hostile\.bpmn.*(document type|DOCTYPE|XInclude|external entity)"
    ):
        parse_xml(data, "hostile.bpmn")
    assert time.perf_counter() - started < 1.0
    assert _Recorder.asked == []


def test_a_utf16_entity_bomb_is_refused_without_expanding() -> None:
    wide = BILLION_LAUGHS.replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>'
    )
    started = time.perf_counter()
    with pytest.raises(SopflowError, match="document type declaration"):
        parse_xml(wide.decode().encode("utf-16"), "lol.bpmn")
    assert time.perf_counter() - started < 1.0


def test_a_root_in_an_odd_namespace_is_not_bpmn(tmp_path: Path) -> None:
    from sopflow.formats.bpmn.import_ import import_bpmn

    path = tmp_path / "odd.bpmn"
    path.write_bytes(b'<definitions xmlns="[24/MODEL"><process id="p"/></definitions>')
    with pytest.raises(SopflowError, match=r"odd\.bpmn: the root element is not BPMN 2.0"):
        import_bpmn(path)


SECRET = "the-contents-of-a-private-file"


@pytest.fixture
def private_file(tmp_path: Path) -> Path:
    """A file on this machine that a hostile model would like to read into its labels."""
    path = tmp_path / "private.txt"
    path.write_text(SECRET)
    return path


def _local(private: Path, kind: str) -> bytes:
    model = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    return {
        "entity": (
            f'<!DOCTYPE d [<!ENTITY leak SYSTEM "{private.as_uri()}">]>'
            f'<definitions {model}><process id="p"><task id="t" name="&leak;"/></process>'
            "</definitions>"
        ),
        "XInclude": (
            f'<definitions {model} xmlns:xi="http://www.w3.org/2001/XInclude"><process id="p">'
            f'<task id="t"><documentation><xi:include href="{private.as_uri()}" parse="text"/>'
            "</documentation></task></process></definitions>"
        ),
    }[kind].encode()


@pytest.mark.parametrize("kind", ["entity", "XInclude"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_model_naming_a_local_file_is_refused_and_the_file_is_not_read(
    kind: str, encoding: str, private_file: Path, tmp_path: Path
) -> None:
    from sopflow.formats.bpmn.import_ import import_bpmn

    model = tmp_path / "leak.bpmn"
    model.write_bytes(_local(private_file, kind).decode().encode(encoding))
    before = private_file.stat().st_atime_ns
    with pytest.raises(
        SopflowError, match=r"leak\.bpmn.*(DOCTYPE|document type|XInclude|external entity)"
    ) as no:
        import_bpmn(model)
    assert SECRET not in str(no.value)
    assert private_file.stat().st_atime_ns == before
