"""The load of bench/load_cluster.py: simulated people, concurrent writers, uploads at once.

Every person holds an API token of their own and repeats, with a think time of 1 to 5 s: read
a document, search, run an SOP (start it, then answer its nodes one request at a time), or
save a revision of a document (read it, change its purpose, PUT it with If-Match). A save
refused with 412 (someone saved first) and an answer refused with 409 are the conflicts the
API promises; they are counted apart from errors. Latency is the client's, request sent to
response read.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

THINK = (1.0, 5.0)
KINDS = ("read", "search", "run start", "run step", "save")
CHOICES = ("read", "search", "run", "save")
WEIGHTS = (4, 3, 2, 1)
RUN_STEPS = 6
"""Answers given in one run before the person moves on (a run may finish sooner)."""

CONFLICTS = {"save": 412, "run step": 409}
"""The refusals the API promises when someone else changed the thing first."""


@dataclass(frozen=True)
class Plan:
    """What the people share: the server, their tokens, what to read and run, when to stop."""

    base: str
    tokens: list[str]
    codes: list[str]
    sops: list[str]
    edited: list[str]
    words: list[str]
    until: float


@dataclass
class Tally:
    """Latencies in ms per kind, conflicts per kind, and errors by kind and cause."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conflicts: Counter[str] = field(default_factory=Counter)
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    lag: list[float] = field(default_factory=list)
    """How late, in ms, the load generator's event loop woke a 100 ms timer: when it is
    large the generator, not the server, is what the latencies measure."""
    said: dict[tuple[str, str], str] = field(default_factory=dict)
    """The first answer of each kind of error, to say what went wrong."""

    def error_count(self) -> int:
        """All errors of every kind."""
        return sum(self.errors.values())


async def timed(
    tally: Tally, kind: str, client: httpx.AsyncClient, method: str, path: str, **options: Any
) -> httpx.Response | None:
    """Send one request and tally it; the response when it succeeded, else None."""
    start = time.perf_counter()
    try:
        response = await client.request(method, path, **options)
    except httpx.HTTPError as error:
        tally.errors[(kind, f"no answer: {type(error).__name__}")] += 1
        return None
    elapsed = (time.perf_counter() - start) * 1000
    if response.is_success:
        tally.samples[kind].append(elapsed)
        return response
    if CONFLICTS.get(kind) == response.status_code:
        tally.conflicts[kind] += 1
        return None
    tally.errors[(kind, str(response.status_code))] += 1
    tally.said.setdefault((kind, str(response.status_code)), response.text[:300])
    return None


def answer_for(run: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The answer a person gives at the run's node: an option, the first branch not yet
    done, or done."""
    node = run["node"]
    if node["options"]:
        return {"node": node["node"], "option": rng.choice(node["options"])["label"]}
    if node["type"] == "parallel" and run["parallel"]:
        open_ = [b["number"] for b in run["parallel"]["branches"] if b["state"] != "done"]
        return {"node": node["node"], "branch": open_[0] if open_ else 1}
    return {"node": node["node"], "done": True}


async def run_once(plan: Plan, client: httpx.AsyncClient, rng: random.Random, tally: Tally) -> None:
    """Start a run of an SOP and answer its nodes, thinking a little between answers."""
    started = await timed(
        tally, "run start", client, "POST", "/api/v1/runs", json={"code": rng.choice(plan.sops)}
    )
    if started is None:
        return
    run = started.json()
    for _ in range(RUN_STEPS):
        if run["node"] is None or not run["can_act"] or time.monotonic() > plan.until:
            return
        await asyncio.sleep(rng.uniform(0.5, 1.5))
        path = f"/api/v1/runs/{run['id']}/answer"
        answered = await timed(tally, "run step", client, "POST", path, json=answer_for(run, rng))
        if answered is None:
            return
        run = answered.json()


async def save_once(client: httpx.AsyncClient, code: str, marker: str, tally: Tally) -> bool | None:
    """Read a document and save it with a changed purpose on top of what was read.

    True: saved; False: refused as stale (412); None: the read or the save failed."""
    read = await timed(tally, "read", client, "GET", f"/api/v1/documents/{code}")
    if read is None:
        return None
    body = read.json()
    document = body["document"]
    document["purpose"] = f"{document.get('purpose') or 'Purpose'} ({marker})"[-900:]
    before = tally.conflicts["save"]
    saved = await timed(
        tally,
        "save",
        client,
        "PUT",
        f"/api/v1/documents/{code}",
        json={"summary": marker, "document": document},
        headers={"If-Match": read.headers["ETag"]},
    )
    if saved is not None:
        return True
    return False if tally.conflicts["save"] > before else None


async def person(plan: Plan, index: int, tally: Tally) -> None:
    """One person working until the time is up."""
    rng = random.Random(index)
    headers = {"Authorization": f"Bearer {plan.tokens[index]}"}
    async with httpx.AsyncClient(base_url=plan.base, timeout=60, headers=headers) as client:
        await asyncio.sleep(rng.uniform(*THINK))  # not everyone starts at the same moment
        count = 0
        while time.monotonic() < plan.until:
            choice = rng.choices(CHOICES, WEIGHTS)[0]
            if choice == "read":
                code = rng.choice(plan.codes)
                await timed(tally, "read", client, "GET", f"/api/v1/documents/{code}")
            elif choice == "search":
                params = {"q": rng.choice(plan.words)}
                await timed(tally, "search", client, "GET", "/api/v1/search", params=params)
            elif choice == "run":
                await run_once(plan, client, rng, tally)
            else:
                count += 1
                await save_once(client, rng.choice(plan.edited), f"user{index}-{count}", tally)
            await asyncio.sleep(rng.uniform(*THINK))


async def warm(plan: Plan) -> None:
    """A few reads and searches on fresh connections first, not measured, so that every
    server process has loaded its code and templates before the people arrive."""
    headers = {"Authorization": f"Bearer {plan.tokens[0]}"}
    for n in range(40):
        async with httpx.AsyncClient(base_url=plan.base, timeout=60, headers=headers) as client:
            await client.get(f"/api/v1/documents/{plan.codes[n % len(plan.codes)]}")
            await client.get("/api/v1/search", params={"q": plan.words[n % len(plan.words)]})


async def mix(plan: Plan, seconds: float) -> Tally:
    """Every person of the plan at once for seconds after the warm-up; what they measured."""
    tally = Tally()
    await warm(plan)
    plan = replace(plan, until=time.monotonic() + seconds)
    ticker = asyncio.create_task(watch_lag(plan, tally))
    await asyncio.gather(*(person(plan, n, tally) for n in range(len(plan.tokens))))
    await ticker
    return tally


async def watch_lag(plan: Plan, tally: Tally) -> None:
    """Sample the event loop's lateness every 100 ms until the time is up."""
    while time.monotonic() < plan.until:
        start = time.perf_counter()
        await asyncio.sleep(0.1)
        tally.lag.append((time.perf_counter() - start - 0.1) * 1000)


@dataclass
class Writers:
    """What the concurrent writers were told: the markers of the saves that landed."""

    landed: list[str] = field(default_factory=list)
    conflicts: int = 0
    failed: int = 0


async def writer(
    base: str, token: str, code: str, *, index: int, rounds: int, out: Writers
) -> None:
    """Save rounds revisions of one document, each on top of the latest this writer read."""
    tally = Tally()
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as client:
        for round_ in range(rounds):
            marker = f"writer{index}-round{round_}"
            outcome = await save_once(client, code, marker, tally)
            if outcome is True:
                out.landed.append(marker)
            elif outcome is False:
                out.conflicts += 1
            else:
                out.failed += 1
    for (kind, cause), count in tally.errors.items():
        print(f"writer {index}: {count} × {kind} {cause}: {tally.said.get((kind, cause))}")


async def writers(base: str, tokens: list[str], code: str, rounds: int) -> Writers:
    """Every writer at once on the same document."""
    out = Writers()
    await asyncio.gather(
        *(
            writer(base, token, code, index=n, rounds=rounds, out=out)
            for n, token in enumerate(tokens)
        )
    )
    return out


@dataclass
class Uploads:
    """The capture jobs submitted at once, and how each ended."""

    jobs: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)
    drafts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


async def upload(client: httpx.AsyncClient, walkthrough: Path, out: Uploads) -> None:
    """Upload one walkthrough and follow its job to its end."""
    files = [("files", (walkthrough.name, walkthrough.read_bytes(), "text/plain"))]
    sent = await client.post("/api/v1/captures", files=files, data={"area": "FIN"})
    if sent.status_code != 202:
        out.refused.append(f"{sent.status_code} {sent.text[:200]}")
        return
    job = sent.json()["id"]
    out.jobs.append(job)
    while True:
        await asyncio.sleep(1.0)
        status = (await client.get(f"/api/v1/captures/{job}")).json()
        if status["state"] not in ("queued", "running"):
            break
    out.states[job] = status["state"]
    if status["state"] == "done":
        result = await client.get(f"/api/v1/captures/{job}/result")
        out.drafts[job] = len(result.json()["drafts"]) if result.is_success else -1


async def uploads(base: str, token: str, walkthroughs: list[Path], count: int) -> Uploads:
    """count uploads sent at once (the walkthroughs in turn), all followed to their end."""
    out = Uploads()
    headers = {"Authorization": f"Bearer {token}"}
    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=300, headers=headers) as client:
        await asyncio.gather(
            *(upload(client, walkthroughs[n % len(walkthroughs)], out) for n in range(count))
        )
    out.seconds = time.perf_counter() - start
    return out
