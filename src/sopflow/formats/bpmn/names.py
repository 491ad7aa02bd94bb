"""The XML namespaces BPMN 2.0 files use, sopflow's own for what BPMN has no place for, and
the names of the BPMN elements the import reads."""

from __future__ import annotations

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOPFLOW = "urn:sopflow:bpmn:1"
"""Attributes and extension elements that let a sopflow export re-import without loss."""

NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "sopflow": SOPFLOW}


def tag(namespace: str, name: str) -> str:
    """The Clark name lxml uses: {namespace}name."""
    return f"{{{namespace}}}{name}"


TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
}
SUBPROCESSES = {"subProcess", "transaction", "adHocSubProcess"}
CHOICES = {"exclusiveGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
GATEWAYS = CHOICES | {"parallelGateway"}
EVENTS = {
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
}


def _loose(uri: str) -> str:
    return uri.strip().rstrip("/").lower()


LOOSE = {_loose(uri): uri for uri in (BPMN, BPMNDI, DC, DI)}


def canonical(root: etree._Element) -> None:
    """Rename elements whose namespace differs from BPMN's only in case, surrounding spaces
    or a trailing slash to the exact URI, as bpmn-js reads them (tools write all three)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        # Split the tag by hand: etree.QName refuses the odd namespaces the lenient reader
        # lets through ("{[24/MODEL}definitions"), which are simply not BPMN.
        namespace, _, localname = element.tag[1:].rpartition("}")
        uri = LOOSE.get(_loose(namespace)) if element.tag.startswith("{") else None
        if uri is not None and uri != namespace:
            element.tag = tag(uri, localname)
