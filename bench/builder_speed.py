"""How the flow builder copes with a large flow: a generated SOP of --nodes nodes (steps in
three lanes, a decision every tenth node leading to an outcome or on), opened and edited in
headless Chromium.

Measures, as medians and p95 over --repeat runs: opening the builder (navigation start to
every node drawn, in the page's own clock); rewording a step (typing into the panel until
the node shows the words); adding a step after the selected one (the key press until the
new node is drawn, elkjs laying the whole flow out again); and the live check
(`POST .../validate` of the whole document) on its own, over HTTP.

    .venv/bin/python bench/builder_speed.py [--nodes 300] [--repeat 10]
"""

from __future__ import annotations

import argparse
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


def measure(url: str, repeat: int, size: int) -> dict[str, list[float]]:
    """The timings, by what was measured."""
    found: dict[str, list[float]] = {"open": [], "reword": [], "add": []}
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
            page.goto(f"{url}/documents/{CODE}/builder")
            page.locator(".sf-node").nth(size - 1).wait_for()  # every node drawn
            found["open"].append(page.evaluate("performance.now()"))
            page.locator("[data-node-id=n0]").click()
            words = f"Reworded {run}"
            start = page.evaluate("performance.now()")
            page.fill("#sf-field-instruction", words)
            page.locator("[data-node-id=n0]").get_by_text(words).wait_for()
            found["reword"].append(page.evaluate("performance.now()") - start)
            start = page.evaluate("performance.now()")
            page.keyboard.press("Escape")
            page.locator("[data-node-id=n0]").click()
            start = page.evaluate("performance.now()")
            page.keyboard.press("s")
            page.locator("[data-node-id=step-1]").wait_for()
            found["add"].append(page.evaluate("performance.now()") - start)
        browser.close()
    return found


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
                saved = client.put(
                    f"/api/v1/documents/{CODE}",
                    json={"summary": "Generated", "document": document},
                    headers={"X-CSRF-Token": csrf},
                )
                assert saved.status_code == 201, saved.text
            finally:
                client.close()
            found = measure(url, options.repeat, size)
            found["validate"] = check_times(url, document, options.repeat)
    print(f"{size} nodes, {options.repeat} runs each")
    for name, values in found.items():
        print(f"  {name:9} {summary(values)}")


if __name__ == "__main__":
    main()
