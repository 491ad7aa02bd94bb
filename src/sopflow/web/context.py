"""What the running app holds: its settings, the open library, the login throttle, the jobs.

One `WebContext` per app, made by the factory and kept on `app.state.context`, so nothing is
opened at import time and two apps in one process (tests) share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sopflow.library.store import Library
from sopflow.services.throttle import LoginThrottle
from sopflow.settings import Settings


@dataclass
class WebContext:
    """The app's long-lived parts; none holds state another app server would need (the
    sessions, the sign-in throttle and the jobs are in the library)."""

    settings: Settings
    library: Library
    throttle: LoginThrottle = field(init=False)
    extras: dict[str, Any] = field(default_factory=dict)  # parts a feature adds at startup

    def __post_init__(self) -> None:
        self.throttle = LoginThrottle(library=self.library)
