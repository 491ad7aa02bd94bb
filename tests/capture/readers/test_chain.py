"""The fallback chain: suffix first, then content; junk and empty files are refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.capture.readers import READERS, choose_reader, read_walkthrough
from sopflow.capture.readers.base import Reader
from sopflow.capture.timeline import Utterance, Walkthrough
from sopflow.errors import SopflowError

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[3] / "examples" / "walkthroughs"


def test_plain_text_is_the_last_resort() -> None:
    assert READERS[-1].name == "text"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\x00\x01\x02PK\x03\x04" * 20, "binary data"),
        (b"\xff\xfe\xfa\xfb garbage \xc3\x28", "not a walkthrough input"),
    ],
)
def test_junk_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    with pytest.raises(SopflowError, match=message):
        read_walkthrough([path])


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SopflowError, match="no such file"):
        read_walkthrough([tmp_path / "absent.vtt"])


def test_a_new_reader_joins_the_chain(tmp_path: Path) -> None:
    def read_shout(path: Path) -> Walkthrough:
        return Walkthrough((str(path),), (Utterance(path.read_text().lower()),))

    shout = Reader("shout", (".shout",), lambda head: False, read_shout)
    path = tmp_path / "x.shout"
    path.write_text("CLICK SAVE")
    chain = [shout, *READERS]
    assert choose_reader(path, chain) is shout
    assert read_walkthrough([path], chain).utterances[0].text == "click save"


def test_transcript_and_event_log_share_one_timeline() -> None:
    merged = read_walkthrough([FIXTURES / "teams.vtt", EXAMPLES / "stripe-refund-events.json"])
    assert len(merged.sources) == 2
    assert merged.utterances[0].speaker == "Priya Shah"
    assert merged.events[0].kind == "navigate"
    assert merged.system == "Stripe Dashboard"


def test_an_event_log_that_started_at_another_moment_is_moved_by_the_offset() -> None:
    inputs = [FIXTURES / "teams.vtt", EXAMPLES / "stripe-refund-events.json"]
    together = read_walkthrough(inputs)
    later = read_walkthrough(inputs, events_offset=12.5)
    assert [e.time + 12.5 for e in together.events] == [e.time for e in later.events]
    assert later.utterances == together.utterances
    earlier = read_walkthrough(inputs, events_offset=-1000.0)
    assert {e.time for e in earlier.events} == {0.0}
    assert [e.label for e in earlier.events] == [e.label for e in together.events]
