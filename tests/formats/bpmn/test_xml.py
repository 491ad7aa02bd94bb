from __future__ import annotations

from pathlib import Path

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
