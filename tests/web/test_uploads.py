"""An upload onto a disk that fills up: a 507 problem naming the file, nothing of the upload
left on the disk, and the next upload that fits accepted. The disk is a real tmpfs of 2 MB
mounted as SOPFLOW_JOB_FILES (the test skips, saying why, where mounting is not allowed)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from tests.web.conftest import SignedClient, Site

from sopflow.settings import Settings


def upload(client: SignedClient, name: str, content: bytes) -> httpx.Response:
    """POST one file as a walkthrough, as the page's script does."""
    parts = [("files", (name, content, "application/octet-stream"))]
    return client.unsafe("POST", "/api/v1/captures", files=parts)


@pytest.mark.parametrize("library_url", ["sqlite"], indirect=True)
def test_a_full_disk_is_507_naming_the_file_and_keeps_nothing(
    make_site: Callable[..., Site], web_settings: Settings, small_disk: Path
) -> None:
    site = make_site(replace(web_settings, job_files=small_disk))
    client = site.client("arthur")
    response = upload(client, "long-call.mp4", os.urandom(4 * 1024 * 1024))
    assert response.status_code == 507
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == "files"
    assert problem["detail"].startswith("long-call.mp4: the disk holding uploads is full")
    assert "nothing of this upload was kept" in problem["detail"]
    assert list(small_disk.iterdir()) == []  # no partial file, no empty job folder
    fine = upload(client, "note.txt", b"The agent closes the ticket.\n")
    assert fine.status_code == 202
