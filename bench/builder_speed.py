"""How the flow builder copes with a large flow: a generated SOP of --nodes nodes (steps in
three lanes, a decision every tenth node leading to an outcome or on), opened and edited in
headless Chromium.

Measures, as medians and p95 over --repeat runs: opening the builder (navigation start to
every node drawn, in the page's own clock), and until elkjs's layout (in a worker) has
replaced the quick first placement; the same flow opened with a kept place for every node
(`flow.layout`, no ELK needed); rewording a step (typing into the panel until the node
shows the words); adding a step after the selected one (the key press until the new node is
drawn, and until ELK has laid the new shape out); and the live check (`POST .../validate`
of the whole document) on its own, over HTTP. The load average is printed before and after.

    .venv/bin/python bench/builder_speed.py [--nodes 300] [--repeat 10]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from playwright.sync_api import sync_playwright

from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor, Role
from sopflow.settings import Settings
from sopflow.web.app import create_app

PASSWORD = "bench-password-42"

CHROMIUM = "/usr/bin/chromium"
ROLES = ("agent", "checker", "approver")
CODE = "SOP-BEN-001"
PLACED = "SOP-BEN-002"


def generated_sop(size: int) -> dict[str, Any]:
    """A valid SOP of size nodes: a chain of steps across three lanes; every tenth node a
    decision whose second option ends at an outcome of its own; the last node an outcome."""
    nodes: list[dict[str, Any]] = []
    index = 0
    while len(nodes) < size - 1:
        here, after = f"n{index}", f"n{index + 1}"
        role = ROLES[(index // 4) % len(ROLES)]
        if index % 10 == 9 and len(nodes) < size - 3:
            nodes.append(
                {
                    "id": here,
                    "type": "decision",
                    "role": role,
                    "question": f"Does check {index} pass?",
                    "options": [
                        {"label": "Yes", "next": after},
                        {"label": "No", "next": f"stop{index}"},
                    ],
                }
            )
            nodes.append({"id": f"stop{index}", "type": "outcome", "name": f"Stopped at {index}"})
        else:
            instruction = f"Do part {index} of the work and note the result."
            nodes.append(
                {"id": here, "type": "step", "role": role, "instruction": instruction}
                | {"next": after}
            )
        index += 1
    nodes.append({"id": f"n{index}", "type": "outcome", "name": "Done"})
    roles = [{"id": role, "name": role.title(), "kind": "person"} for role in ROLES]
    return {
        "kind": "sop",
        "code": CODE,
        "title": f"A generated flow of {len(nodes)} nodes",
        "trigger": "A benchmark starts.",
        "roles": roles,
        "flow": {"start": "n0", "nodes": nodes},
    }


def placed_sop(document: dict[str, Any]) -> dict[str, Any]:
    """The same flow under another code, with a kept place for every node: rows of 60 in
    the order of the nodes, each row 112 units below the last, from the top of its lane."""
    nodes = document["flow"]["nodes"]
    layout = {
        node["id"]: {"x": 150 + 340 * (index % 60), "y": 26 + 112 * (index // 60)}
        for index, node in enumerate(nodes)
    }
    flow = document["flow"] | {"layout": layout}
    return document | {"code": PLACED, "flow": flow}


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app on a free loopback port in a thread; its base URL until the block ends."""
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def signed_in(url: str) -> tuple[httpx.Client, str]:
    """An HTTP client signed in as arthur, and its CSRF token."""
    client = httpx.Client(base_url=url, timeout=60)
    client.post("/login", data={"name": "arthur", "password": PASSWORD, "next": "/"})
    found = re.search(r'name="csrf-token" content="([^"]*)"', client.get("/account").text)
    assert found, "not signed in"
    return client, found.group(1)


def summary(values: list[float]) -> str:
    """Median and p95 in ms."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"


def until(page: Any, condition: str) -> float:
    """The page's clock when condition (a JavaScript expression) first holds, checked on
    every animation frame in the page, so the figure does not include the polling of the
    test driver."""
    return float(
        page.wait_for_function(
            f"() => ({condition}) && performance.now()", polling="raf", timeout=120_000
        ).json_value()
    )


def drawn(count: int) -> str:
    """At least count flow nodes in the page and visible (React Flow hides a node until it
    is measured, unless its size is given)."""
    return (
        "[...document.querySelectorAll('.react-flow__node-flow')]"
        f".filter((n) => n.style.visibility !== 'hidden').length >= {count}"
    )


def settled(page: Any) -> bool:
    """Whether the page says when its layout is ELK's for the shape shown (older builds don't)."""
    return bool(page.locator(".sf-canvas[data-layout]").count())


Found = dict[str, list[float]]

ELK_DONE = "document.querySelector('.sf-canvas[data-layout=settled]')"


def open_and_edit(page: Any, url: str, run: int, shape: tuple[int, int], found: Found) -> None:
    """One run: open the generated flow (of shape: nodes, links), reword a step, add one."""
    size, links = shape
    page.goto(f"{url}/documents/{CODE}/builder")
    found["open"].append(until(page, drawn(size)))
    found["open, links drawn"].append(
        until(page, f"document.querySelectorAll('.react-flow__edge').length >= {links}")
    )
    if settled(page):
        found["open, ELK's layout"].append(until(page, ELK_DONE))
    page.locator("[data-node-id=n0]").click()
    words = f"Reworded {run}"
    start = page.evaluate("performance.now()")
    page.fill("#sf-field-instruction", words)
    shown = f"document.querySelector('[data-node-id=n0]')?.textContent.includes('{words}')"
    found["reword"].append(until(page, shown) - start)
    page.keyboard.press("Escape")
    page.locator("[data-node-id=n0]").click()
    start = page.evaluate("performance.now()")
    page.keyboard.press("s")
    found["add"].append(until(page, drawn(size + 1)) - start)
    if settled(page):
        found["add, ELK's layout"].append(until(page, ELK_DONE) - start)


def measure(url: str, repeat: int, shape: tuple[int, int]) -> Found:
    """The timings, by what was measured."""
    found: Found = {
        "open": [],
        "open, links drawn": [],
        "open, ELK's layout": [],
        "open, all placed": [],
        "reword": [],
        "add": [],
        "add, ELK's layout": [],
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/login?next=/library")
        page.fill("input[name=name]", "arthur")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/library")
        for run in range(repeat):
            open_and_edit(page, url, run, shape, found)
            page.goto(f"{url}/documents/{PLACED}/builder")
            found["open, all placed"].append(until(page, drawn(shape[0])))
        browser.close()
    return {name: values for name, values in found.items() if values}


def check_times(url: str, document: dict[str, Any], repeat: int) -> list[float]:
    """The validate call on the whole document, over HTTP, in ms."""
    times = []
    client, csrf = signed_in(url)
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            answer = client.post(
                f"/api/v1/documents/{CODE}/validate",
                json={"document": document},
                headers={"X-CSRF-Token": csrf},
            )
            times.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == httpx.codes.OK, answer.text
    finally:
        client.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args()
    document = generated_sop(options.nodes)
    size = len(document["flow"]["nodes"])
    with tempfile.TemporaryDirectory(prefix="sopflow-builder-bench-") as scratch:
        settings = Settings(home=Path(scratch))
        with open_library(settings.library_url, create=True) as library:
            users.add_user(
                library=library,
                actor=Actor.local(),
                name="arthur",
                full_name="Arthur Author",
                password=PASSWORD,
                roles=[Role.AUTHOR],
            )
        with serving(settings) as url:
            client, csrf = signed_in(url)
            try:
                for made in (document, placed_sop(document)):
                    saved = client.put(
                        f"/api/v1/documents/{made['code']}",
                        json={"summary": "Generated", "document": made},
                        headers={"X-CSRF-Token": csrf},
                    )
                    assert saved.status_code == 201, saved.text
            finally:
                client.close()
            before = os.getloadavg()[0]
            nodes = document["flow"]["nodes"]
            links = sum(len(node.get("options", [])) + ("next" in node) for node in nodes)
            found = measure(url, options.repeat, (size, links))
            found["validate"] = check_times(url, document, options.repeat)
    after = os.getloadavg()[0]
    print(f"{size} nodes, {options.repeat} runs each, load average {before:.1f} -> {after:.1f}")
    for name, values in found.items():
        print(f"  {name:19} {summary(values)}")


if __name__ == "__main__":
    main()
