"""Screenshots of the web app's main pages for the README, taken from the real app.

    python scripts/screenshots.py [--out docs/screenshots]

It builds a scratch library in a temporary folder as `make demo` does (the examples and the
four demo accounts), serves it with `sopflow serve` on a free loopback port, and drives
Debian's Chromium with Playwright through the pages a new user sees: so the pictures in the
README are the app as it is, and re-running this script brings them up to date.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, FloatRect, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
VIDEO = EXAMPLES / "walkthroughs" / "refund-walkthrough.mp4"
OUT = REPO / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "sopflow-demo"
"""The password of every demo account, as in the Makefile's demo target."""
ACCOUNTS = (
    ("ada", "admin", "Ada Admin"),
    ("arthur", "author", "Arthur Author"),
    ("vera", "reviewer", "Vera Reviewer"),
    ("rita", "reader", "Rita Reader"),
)
WIDE = 1280
PHONE = 390
HEIGHT = 800
BUDGET = 300_000
"""The most bytes one PNG should take; a larger one is reduced to a palette."""
SOP = "SOP-FIN-003"
STEP_MS = 2000
DECISION_MS = 3000
"""How long the runs dwell on a step and on a decision, in milliseconds."""


SCROLL_TO_NODE = """link => {
    const diagram = link.closest(".diagram");
    const node = link.getBoundingClientRect(), box = diagram.getBoundingClientRect();
    diagram.scrollLeft += node.right + 32 - box.right;
    diagram.closest("section").scrollIntoView({block: "start"});
}"""
"""Scroll the page to the diagram's section, and the diagram sideways until link is in view
at its right: the handoff from support to billing and the Stripe step both show."""


@dataclass(frozen=True)
class Shot:
    """A saved screenshot: its file and size."""

    path: Path
    size: int


def sopflow_command() -> list[str]:
    """The sopflow command of this interpreter's environment."""
    beside = Path(sys.executable).with_name("sopflow")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("sopflow")
    return [found] if found else [sys.executable, "-m", "sopflow"]


def scratch_environment(home: Path) -> dict[str, str]:
    """The environment of a sopflow working on a SQLite library of its own in home."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SOPFLOW_")}
    environment["SOPFLOW_HOME"] = str(home)
    return environment


def prepare_library(home: Path) -> dict[str, str]:
    """Import the examples and add the demo accounts, as `make demo` does."""
    environment = scratch_environment(home)
    sopflow = sopflow_command()
    quietly([*sopflow, "import", str(EXAMPLES)], environment)
    for name, role, full_name in ACCOUNTS:
        add = [*sopflow, "user", "add", name, "--role", role, "--full-name", full_name]
        quietly([*add, "--password-stdin"], environment, given=f"{PASSWORD}\n")
    return environment


def quietly(command: list[str], environment: dict[str, str], given: str = "") -> None:
    """Run a sopflow command; show what it said only when it fails."""
    done = subprocess.run(
        command, input=given, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[-4:])} failed:\n{done.stdout}{done.stderr}")


def free_port() -> int:
    """A TCP port on loopback nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(environment: dict[str, str], log: Path) -> Iterator[str]:
    """Run `sopflow serve` on a free loopback port; its base URL until the block ends."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*sopflow_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Return once the server answers its sign-in page; fail if it exits or stays silent."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"sopflow serve stopped:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/login", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("sopflow serve did not answer within 60 s")


class Camera:
    """Saves page screenshots as small PNGs into one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.shots: list[Shot] = []
        self.errors: list[str] = []

    def watch(self, page: Page) -> Page:
        """Note every script error of page: a shot after one would show a broken page."""

        def failed(error: Exception) -> None:
            self.errors.append(f"{page.url}: {error}")

        page.on("pageerror", failed)
        return page

    def take(
        self, page: Page, name: str, *, full_page: bool = False, down_to: str | None = None
    ) -> None:
        """Save the page as folder/name.png: the viewport, all of it, or from its top down to
        the bottom of the element down_to names."""
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        if self.errors:
            raise SystemExit("a script error before " + name + ":\n" + "\n".join(self.errors))
        clip: FloatRect | None = None
        if down_to is not None:
            bottom = page.locator(down_to).evaluate(
                "element => element.getBoundingClientRect().bottom + window.scrollY"
            )
            width = page.evaluate("document.documentElement.clientWidth")
            clip = {"x": 0, "y": 0, "width": width, "height": float(bottom) + 16}
        raw = page.screenshot(
            full_page=full_page or clip is not None, clip=clip, animations="disabled", caret="hide"
        )
        path = self.folder / f"{name}.png"
        path.write_bytes(small_png(raw))
        self.shots.append(Shot(path, path.stat().st_size))
        print(f"{path.name}  {path.stat().st_size // 1024} KB")


def small_png(raw: bytes) -> bytes:
    """The PNG optimised; reduced to a 256-colour palette when it is still over BUDGET."""
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    encoded = encode(image)
    if len(encoded) > BUDGET:
        encoded = encode(image.quantize(colors=256, dither=Image.Dither.NONE))
    return encoded


def encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def new_page(browser: Browser, url: str, width: int, height: int = HEIGHT) -> Page:
    """A page of a browser context of its own."""
    context: BrowserContext = browser.new_context(
        base_url=url,
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        locale="en-GB",
        timezone_id="UTC",
        color_scheme="light",
        reduced_motion="reduce",
    )
    return context.new_page()


def sign_in(page: Page, name: str) -> None:
    page.goto("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator(".account .who")).to_be_visible()


def sign_in_page(browser: Browser, url: str, camera: Camera) -> None:
    """The sign-in form, filled in for one of the demo accounts."""
    page = camera.watch(new_page(browser, url, WIDE, 560))
    page.goto("/login")
    page.fill("input[name=name]", "rita")
    page.fill("input[name=password]", PASSWORD)
    camera.take(page, "sign-in")
    page.context.close()


def library_pages(page: Page, camera: Camera) -> None:
    """Search for "refund", open the refund SOP, follow its diagram into the Stripe WI."""
    page.goto("/library")
    page.fill("input[name=q]", "refund")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"q=refund"))
    expect(page.locator(".hit .snippet mark").first).to_be_visible()
    unfocus(page)
    camera.take(page, "library-search", full_page=True)

    page.locator(".hit a", has_text=SOP).first.click()
    page.wait_for_url(f"**/documents/{SOP}")
    node = page.locator('.diagram svg a[href^="/documents/WI-PAY-003"]')
    expect(node).to_be_visible(timeout=30_000)
    camera.take(page, "document")
    # The diagram is wider than the page: scroll it (and the page) to the Stripe step.
    node.evaluate(SCROLL_TO_NODE)
    camera.take(page, "document-diagram")

    node.click()
    page.wait_for_url(re.compile(r"/documents/WI-PAY-003\?from="))
    expect(page.locator("nav.crumbs")).to_be_visible()
    camera.take(page, "work-instruction")


def capture_pages(page: Page, camera: Camera) -> None:
    """Upload the bundled walkthrough video, wait for its review and choose a step."""
    page.goto("/capture")
    page.set_input_files("#files", str(VIDEO))
    page.fill("input[name=area]", "FIN")
    expect(page.locator("#chosen")).to_contain_text(VIDEO.name)
    unfocus(page)
    camera.take(page, "capture")

    page.click("#upload-button")
    # The review fits its recording, screenshot and transcript to the window's height: give
    # it a desktop's, so the transcript has room.
    page.set_viewport_size({"width": WIDE, "height": 1000})
    page.wait_for_url(re.compile(r"/captures/[0-9a-f]+/review$"), timeout=600_000)
    step = page.locator(".element.step[data-time-start]").nth(1)
    step.locator(".element-select").click()
    page.wait_for_function("() => document.getElementById('player').currentTime > 0")
    end = float(step.get_attribute("data-time-end") or "0")
    page.wait_for_function(
        f"() => document.getElementById('player').currentTime >= {end} - 0.1"
        " || document.getElementById('player').paused",
        timeout=60_000,
    )
    expect(page.locator("#transcript .piece.is-span").first).to_be_visible()
    expect(page.locator("#shot-image")).to_have_attribute("src", re.compile(r"\.png$"))
    page.evaluate("window.scrollTo(0, 0)")
    camera.take(page, "capture-review", down_to=".review-source")
    page.set_viewport_size({"width": WIDE, "height": HEIGHT})


def unfocus(page: Page) -> None:
    """Take the focus off the field just typed in, so its ring does not hide it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")


def done(page: Page) -> None:
    """Press Done on the current step, after the moment a person would take over it (so the
    stats page has times to show)."""
    page.wait_for_timeout(STEP_MS)
    page.get_by_role("button", name="Done", exact=True).click()
    page.wait_for_load_state()


def choose(page: Page, label: str) -> None:
    """Answer the current decision with the option labelled label, after a moment's thought."""
    page.wait_for_timeout(DECISION_MS)
    page.locator("button.choice").filter(has=page.get_by_text(label, exact=True)).click()
    page.wait_for_load_state()


def start_run(page: Page) -> None:
    page.goto(f"/runs/new?code={SOP}")
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_url("**/runs/*?audience=*")


def runner_pages(page: Page, camera: Camera) -> None:
    """Run the refund SOP to "Refund issued", with the runner at a decision and the
    checklist on the way; then a second run to "Refund declined"."""
    start_run(page)
    done(page)
    done(page)
    expect(page.locator("button.choice")).to_have_count(3)
    camera.take(page, "runner", full_page=True)
    choose(page, "Eligible")
    done(page)
    done(page)
    page.get_by_role("link", name="Checklist", exact=True).click()
    page.wait_for_url("**/checklist*")
    camera.take(page, "checklist", full_page=True)
    choose(page, "Card")
    for _ in range(3):
        done(page)
    expect(page.locator("main")).to_contain_text("Outcome: Refund issued")

    start_run(page)
    done(page)
    done(page)
    choose(page, "Not eligible")
    done(page)
    expect(page.locator("main")).to_contain_text("Outcome: Refund declined")


def phone_pages(browser: Browser, url: str, camera: Camera) -> None:
    """The library and a run left at its second step, at phone width."""
    page = camera.watch(new_page(browser, url, PHONE, 844))
    sign_in(page, "rita")
    page.goto("/library?q=refund")
    expect(page.locator(".hit").first).to_be_visible()
    camera.take(page, "phone-library")
    start_run(page)
    done(page)
    expect(page.locator(".warning").first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    camera.take(page, "phone-runner")
    page.context.close()


def stats_page(page: Page, camera: Camera) -> None:
    page.goto(f"/documents/{SOP}/stats")
    expect(page.locator(".figures")).to_be_visible()
    camera.take(page, "stats", full_page=True)


def control_form(page: Page, form: str, fields: dict[str, str]) -> None:
    """Fill and send one form of the document-control page; wait for the page after it."""
    page.goto(f"/documents/{SOP}/control")
    for name, value in fields.items():
        page.fill(f"#{form}-form [name={name}]", value)
    page.click(f"#{form}-form button[type=submit]")
    expect(page.locator("p.success")).to_be_visible()


def control_and_audit_pages(browser: Browser, url: str, camera: Camera) -> None:
    """Revision 1 approved and in force; an edit submitted to vera, then any admin: vera's
    control page with the diff and her decision form; the admin's audit trail."""
    arthur, vera, ada = (camera.watch(new_page(browser, url, WIDE)) for _ in range(3))
    for page, name in ((arthur, "arthur"), (vera, "vera"), (ada, "ada")):
        sign_in(page, name)
    control_form(arthur, "submit", {"approvers": "vera", "reason": "First issue"})
    control_form(vera, "approve", {"password": PASSWORD})
    csrf = arthur.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    found = arthur.request.get(f"/api/v1/documents/{SOP}")
    document = found.json()["document"]
    document["flow"]["nodes"][0]["instruction"] += " Put the order number in its subject."
    arthur.request.put(
        f"/api/v1/documents/{SOP}",
        data={"summary": "Order number in the ticket's subject", "document": document},
        headers={"If-Match": found.headers["etag"], "X-CSRF-Token": csrf},
    )
    reason = "Billing finds the order from the ticket's subject"
    control_form(arthur, "submit", {"approvers": "vera, role:admin", "reason": reason})
    vera.goto(f"/documents/{SOP}/control")
    camera.take(vera, "control")
    ada.goto("/audit")
    camera.take(ada, "audit")
    for page in (arthur, vera, ada):
        page.context.close()


def builder_page(page: Page, camera: Camera) -> None:
    """The flow builder on the refund SOP, its eligibility decision chosen."""
    page.goto(f"/documents/{SOP}/builder")
    expect(page.locator("[data-node-id=check-eligibility]")).to_be_visible()
    page.locator("[data-node-id=check-eligibility]").click()
    expect(page.locator(".sf-problems")).to_contain_text("Problems (0)")
    camera.take(page, "flow-builder")


def take_all(browser: Browser, url: str, camera: Camera) -> None:
    """Every screenshot, in the order a new user would meet the pages."""
    sign_in_page(browser, url, camera)
    arthur = camera.watch(new_page(browser, url, WIDE))
    sign_in(arthur, "arthur")
    library_pages(arthur, camera)
    builder_page(arthur, camera)
    capture_pages(arthur, camera)
    rita = camera.watch(new_page(browser, url, WIDE))
    sign_in(rita, "rita")
    runner_pages(rita, camera)
    phone_pages(browser, url, camera)
    stats_page(arthur, camera)
    rita.context.close()
    arthur.context.close()
    control_and_audit_pages(browser, url, camera)  # last: it puts SOP into review


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the PNGs")
    options = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: run scripts/system-packages.sh", file=sys.stderr)
        return 1
    folder: Path = options.out.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    camera = Camera(folder)
    with tempfile.TemporaryDirectory(prefix="sopflow-shots-") as scratch:
        home = Path(scratch) / "home"
        environment = prepare_library(home)
        with (
            serving(environment, Path(scratch) / "serve.log") as url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                take_all(browser, url, camera)
            finally:
                browser.close()
    total = sum(shot.size for shot in camera.shots)
    print(f"{len(camera.shots)} screenshots, {total // 1024} KB in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
