"""The course theme: colours checked against WCAG 2.2 AA contrast, logo and font files found.

Each theme colour is drawn on known backgrounds (the page, the panels, the callout boxes of
templates/static/assets/style.css, which a test keeps equal to BACKGROUNDS). A colour that
does not reach the contrast its use needs is an error naming both colours and the ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from scormbuild.errors import Diagnostics
from scormbuild.source_format import Theme
from scormbuild.load.yaml_source import YamlSource
from scormbuild.model import FontFace, ThemeAssets

# The backgrounds behind theme colours, lightest first (names as learners' pages use them).
BACKGROUNDS: Tuple[Tuple[str, str], ...] = (
    ("the page background", "#ffffff"),
    ("the panel background", "#f3f5f8"),
    ("the key-point callout", "#eaf2fb"),
    ("the tip callout", "#edf7ef"),
    ("the warning callout", "#fcefef"),
    ("the clinical-pearl callout", "#f4effa"),
    ("the since-cutoff callout", "#fdf4e7"),
)


@dataclass(frozen=True)
class ColourUse:
    """What a theme colour is used for and the contrast WCAG 2.2 AA asks of that use."""

    what: str
    minimum: float
    criterion: str


USES: Dict[str, ColourUse] = {
    "primary": ColourUse("links, buttons and white button text", 4.5, "1.4.3 text contrast"),
    "accent": ColourUse("focus rings and the progress bar", 3.0, "1.4.11 non-text contrast"),
}
DEFAULT_PRIMARY = "#0b5cad"  # the built-in style sheet's colours (used when a theme omits one)
DEFAULT_ACCENT = "#c24e00"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
FONT_FORMATS = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}

Resolve = Callable[[Tuple, str, str], Optional[Path]]


def rgb(colour: str) -> Tuple[int, int, int]:
    """'#0b5cad' or '#05a' -> (11, 92, 173)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.2 defines it."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ratio_text(value: float) -> str:
    """Rounded down, so a failing 4.499 never reads as a passing 4.50."""
    return f"{math.floor(value * 100) / 100:.2f}:1"


def darker(colour: str, amount: float = 0.25) -> str:
    """The colour mixed with black: the hover shade, which only gains contrast on light grounds."""
    return "#" + "".join(f"{round(v * (1 - amount)):02x}" for v in rgb(colour))


def check_colour(name: str, colour: str) -> Optional[str]:
    """The message for the worst background this colour fails on, or None when it passes."""
    use = USES[name]
    worst_name, worst = min(BACKGROUNDS, key=lambda bg: contrast(colour, bg[1]))
    ratio = contrast(colour, worst)
    if ratio >= use.minimum:
        return None
    return (f"theme colour {name} {colour} on {worst_name} {worst} has a contrast ratio of "
            f"{ratio_text(ratio)}; {use.what} need at least {use.minimum:g}:1 "
            f"(WCAG 2.2 AA {use.criterion})")


def load_theme(theme: Optional[Theme], source: YamlSource, diagnostics: Diagnostics,
               resolve: Resolve, package_path: Callable[[Path], str]) -> ThemeAssets:
    """Check the theme of course.yaml; files it names are resolved and packaged."""
    if theme is None:
        return ThemeAssets()
    for name in USES:
        colour = getattr(theme, name)
        problem = check_colour(name, colour) if colour else None
        if problem:
            diagnostics.error(source.locate(("theme", name)), problem)
    logo = _file(theme.logo, ("theme", "logo"), "logo", LOGO_SUFFIXES, source, diagnostics, resolve)
    faces: List[FontFace] = []
    if theme.font:
        for i, entry in enumerate(theme.font.files):
            key = ("theme", "font", "files", i, "file")
            path = _file(entry.file, key, "font file", tuple(FONT_FORMATS), source, diagnostics,
                         resolve)
            if path is not None:
                faces.append(FontFace(package_path(path), entry.weight, entry.style,
                                      FONT_FORMATS[path.suffix.lower()]))
    stack = f'"{theme.font.family}", {theme.font.fallback}' if theme.font else None
    return ThemeAssets(primary=theme.primary,
                       primary_dark=darker(theme.primary) if theme.primary else None,
                       accent=theme.accent, logo=package_path(logo) if logo else None,
                       logo_alt=theme.logo_alt, font_stack=stack, faces=tuple(faces))


def _file(ref: Optional[str], key: Tuple, what: str, suffixes: Tuple[str, ...],
          source: YamlSource, diagnostics: Diagnostics, resolve: Resolve) -> Optional[Path]:
    if ref is None:
        return None
    path = resolve(key, ref, what)
    if path is not None and path.suffix.lower() not in suffixes:
        diagnostics.error(source.locate(key), f"{what} '{ref}' must be one of: "
                                              f"{', '.join(suffixes)}")
        return None
    return path

