from __future__ import annotations

from lxml import etree

from sopflow.formats.bpmn.carry import carried, carry, decode, encode
from sopflow.formats.bpmn.names import BPMN, tag


def test_maps_lists_and_empty_values_come_back_as_they_went() -> None:
    value = {
        "tags": ["a", "b"],
        "none": [],
        "role": None,
        "mandatory": False,
        "span": [40, 57],
        "detail": {"novice": "  Two  spaces\nand a line.  "},
    }
    element = encode(etree.Element("x"), "fields", value)
    again = decode(etree.fromstring(etree.tostring(element, pretty_print=True)))
    assert again == {**value, "mandatory": "false", "span": ["40", "57"]}


def test_extensions_go_after_the_documentation_and_say_whose_they_are() -> None:
    task = etree.Element(tag(BPMN, "userTask"))
    etree.SubElement(task, tag(BPMN, "documentation")).text = "Read me"
    etree.SubElement(task, tag(BPMN, "incoming")).text = "Flow_1"
    carry(task, "node", {})
    assert [etree.QName(c).localname for c in task] == [
        "documentation",
        "extensionElements",
        "incoming",
    ]
    assert carried(task, "node") == {}
    assert carried(task, "step") is None
