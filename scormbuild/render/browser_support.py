"""The browsers packages support, declared once: the launch page's notice and the docs use it.

The launch page never reads the browser's name: assets/support.js tests for the features the
runtime and the style sheet use, and shows the notice for what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class Browser:
    name: str
    versions: str
    level: str  # "full": as designed; "basic": works, plainer layout (no theme colours)


BROWSERS: Tuple[Browser, ...] = (
    Browser("Chrome", "last two versions (desktop and Android)", "full"),
    Browser("Edge", "last two versions", "full"),
    Browser("Firefox", "last two versions", "full"),
    Browser("Safari", "last two versions (macOS and iOS)", "full"),
    Browser("Internet Explorer", "11", "basic"),
)


@dataclass(frozen=True)
class BrowserSupport:
    browsers: Tuple[Browser, ...] = BROWSERS

    @property
    def supported_names(self) -> str:
        """'Chrome, Edge, Firefox or Safari': the browsers to recommend to a learner."""
        names = [b.name for b in self.browsers if b.level == "full"]
        return ", ".join(names[:-1]) + " or " + names[-1]


SUPPORT = BrowserSupport()
