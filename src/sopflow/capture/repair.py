"""A drafted flow the validator would refuse, repaired instead of raised.

Capture must give a reviewer a draft from any text. When the structure it found does not hang
together (a part nothing leads to, a decision left with one option, a loop with no way out),
the part is joined where the text order puts it and a note on the node says so, for the
reviewer to confirm; as a last resort the steps are chained in text order.
"""

from __future__ import annotations

from collections.abc import Sequence

from sopflow.model import Decision, Handoff, Option, Outcome, Step
from sopflow.model.flow import AnyNode, Flow, successors
from sopflow.model.graph import reachable
from sopflow.model.rules import check_flow

FlowNode = AnyNode

PLACED_BY_ORDER = (
    "Capture placed this step by the order of the text: the text did not say where it goes; "
    "check its place."
)


def repair(flow: Flow, text: str = "") -> Flow:
    """The flow itself when it is valid, else a repaired one that is (see the module doc)."""
    if not _errors(flow):
        return flow
    nodes = _with_decisions_fixed(list(flow.nodes))
    for _ in range(len(nodes)):
        candidate = Flow(start=flow.start, nodes=tuple(nodes))
        unreachable = _unreachable(candidate)
        if not unreachable:
            break
        nodes = _join_by_order(nodes, unreachable[0])
    repaired = Flow(start=flow.start, nodes=tuple(_with_way_forward(nodes)))
    if not _errors(repaired):
        return repaired
    return _chained(flow)


def _errors(flow: Flow) -> list[str]:
    return [problem.message for problem in check_flow(flow)]


def _with_decisions_fixed(nodes: list[FlowNode]) -> list[FlowNode]:
    """Unique option labels; a decision with one option gives way to that option's target."""
    redirect: dict[str, str] = {}
    kept: list[FlowNode] = []
    for node in nodes:
        if isinstance(node, Decision):
            if len(node.options) < 2:
                if node.options:
                    redirect[node.id] = node.options[0].next
                continue
            kept.append(node.model_copy(update={"options": unique_labels(node.options)}))
            continue
        kept.append(node)
    return [_redirected(node, redirect) for node in kept] if redirect else kept


def unique_labels(options: Sequence[Option]) -> tuple[Option, ...]:
    """The options with a repeated label numbered ("Otherwise", "Otherwise (2)")."""
    seen: set[str] = set()
    result: list[Option] = []
    for position, option in enumerate(options, start=1):
        label, number = option.label, position
        while label.strip().casefold() in seen:
            label = f"{option.label} ({number})"
            number += 1
        seen.add(label.strip().casefold())
        result.append(
            option if label == option.label else option.model_copy(update={"label": label})
        )
    return tuple(result)


def _redirected(node: FlowNode, redirect: dict[str, str]) -> FlowNode:
    def to(target: str) -> str:
        seen: set[str] = set()
        while target in redirect and target not in seen:
            seen.add(target)
            target = redirect[target]
        return target

    if isinstance(node, Step | Handoff) and node.next:
        return node.model_copy(update={"next": to(node.next)})
    if isinstance(node, Decision):
        options = tuple(o.model_copy(update={"next": to(o.next)}) for o in node.options)
        return node.model_copy(update={"options": options})
    return node


def _reachable(flow: Flow) -> set[str]:
    table = flow.by_id()
    if flow.start not in table:
        return set()
    return reachable(
        flow.start, lambda node_id: successors(table[node_id]) if node_id in table else ()
    )


def _unreachable(flow: Flow) -> list[str]:
    """Entries of the parts nothing reaches: unreachable nodes no unreachable node leads to."""
    seen = _reachable(flow)
    lost = [node for node in flow.nodes if node.id not in seen and not isinstance(node, Outcome)]
    targets = {t for node in lost for t in successors(node)}
    return [node.id for node in lost if node.id not in targets] or [n.id for n in lost[:1]]


def _join_by_order(nodes: list[FlowNode], entry: str) -> list[FlowNode]:
    """The part starting at entry, put after the reachable step just before it in the list."""
    position = next(i for i, node in enumerate(nodes) if node.id == entry)
    flow = Flow(start=nodes[0].id, nodes=tuple(nodes))
    seen = _reachable(flow)
    before = [
        i for i in range(position) if nodes[i].id in seen and isinstance(nodes[i], Step | Handoff)
    ]
    if not before:
        before = [
            i
            for i, node in enumerate(nodes)
            if node.id in seen and isinstance(node, Step | Handoff)
        ]
    if not before:
        return _chained_nodes(nodes)
    host = nodes[before[-1]]
    assert isinstance(host, Step | Handoff)
    old_next = host.next
    result = list(nodes)
    result[before[-1]] = host.model_copy(update={"next": entry})
    tail = _tail(result, entry, seen)
    if tail is not None and old_next:
        result[tail] = result[tail].model_copy(update={"next": old_next})
    result[position] = _flagged(result[position])
    return result


def _tail(nodes: Sequence[FlowNode], entry: str, reached: set[str]) -> int | None:
    """The last step of the chain from entry that leads nowhere or back into the flow."""
    index = {node.id: i for i, node in enumerate(nodes)}
    current = entry
    visited: set[str] = set()
    while current in index and current not in visited:
        visited.add(current)
        node = nodes[index[current]]
        if not isinstance(node, Step | Handoff):
            return None
        if not node.next or node.next in reached or node.next not in index:
            return index[current] if not node.next else None
        current = node.next
    return None


def _flagged(node: FlowNode) -> FlowNode:
    if isinstance(node, Step) and PLACED_BY_ORDER not in node.notes:
        return node.model_copy(update={"notes": (*node.notes, PLACED_BY_ORDER)})
    return node


def _with_way_forward(nodes: list[FlowNode]) -> list[FlowNode]:
    """A step or handoff with no next leads to the first outcome."""
    end = next((node.id for node in nodes if isinstance(node, Outcome)), None)
    if end is None:
        return nodes
    return [
        node.model_copy(update={"next": end})
        if isinstance(node, Step | Handoff) and not node.next
        else node
        for node in nodes
    ]


def _chained_nodes(nodes: Sequence[FlowNode]) -> list[FlowNode]:
    """Every step and handoff in list order, then one outcome: always a valid flow."""
    acts = [n for n in nodes if isinstance(n, Step | Handoff)]
    end = next((n for n in nodes if isinstance(n, Outcome)), None)
    if end is None:
        end = Outcome(id="done-in-order", name="Process complete")
    chained: list[FlowNode] = []
    for position, node in enumerate(acts):
        following = acts[position + 1].id if position + 1 < len(acts) else end.id
        chained.append(_flagged(node.model_copy(update={"next": following})))
    return [*chained, end]


def _chained(flow: Flow) -> Flow:
    nodes = _chained_nodes(flow.nodes)
    return Flow(start=nodes[0].id, nodes=tuple(nodes))
