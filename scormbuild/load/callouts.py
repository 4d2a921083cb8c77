"""Callout kinds, one unit each: the label learners read and the icon beside it.

A callout is never told apart by colour alone (WCAG 1.4.1): its label is written out and an icon
marks its kind. style.css gives each kind its colours (--fg-KIND, --bg-KIND); a test keeps the
CSS, these units and the contrast of each pair in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict


@dataclass(frozen=True)
class Callout:
    label: str
    icon: str  # SVG shapes on a 24 x 24 grid, drawn with the kind's colour as stroke


CALLOUTS: Dict[str, Callout] = {
    "note": Callout("Note", '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>'),
    "key-point": Callout("Key point", '<path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 '
                                      '2.9 1-6.1-4.4-4.3 6.1-.9z"/>'),
    "tip": Callout("Tip", '<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 '
                          '2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z"/>'),
    "warning": Callout("Caution", '<path d="M12 3L2 21h20z"/><path d="M12 10v5M12 18v.5"/>'),
    "clinical-pearl": Callout("Clinical pearl", '<circle cx="12" cy="13" r="7"/>'
                                                '<path d="M9.5 10.5a3 3 0 0 1 3-2"/>'),
    "since-cutoff": Callout("Since the literature cut-off",
                            '<rect x="3" y="5" width="18" height="16" rx="2"/>'
                            '<path d="M3 10h18M8 3v4M16 3v4"/>'),
}


def callout_open_html(kind: str, label: str, title: str) -> str:
    """The opening of a callout: icon, written label, then the author's title emphasised.

    label and title are HTML-escaped by the caller.
    """
    icon = (f'<svg class="callout-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
            f'{CALLOUTS[kind].icon}</svg>')
    name = (f'<span class="visually-hidden">: </span><strong class="callout-name">{title}</strong>'
            if title else "")
    return (f'<aside class="callout callout-{kind}" role="note"><p class="callout-title">{icon}'
            f'<span class="callout-label">{label}</span>{name}</p><div class="callout-body">\n')
