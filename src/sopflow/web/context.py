"""What the running app holds: its settings, the open library, the login throttle, the jobs.

One `WebContext` per app, made by the factory and kept on `app.state.context`, so nothing is
opened at import time and two apps in one process (tests) share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sopflow.library.store import Library
from sopflow.settings import Settings
from sopflow.web.security import LoginThrottle


@dataclass
class WebContext:
    """The app's long-lived parts."""

    settings: Settings
    library: Library
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    extras: dict[str, Any] = field(default_factory=dict)  # parts a feature adds at startup
