"""Dates as learners read them: one written form per course language, used everywhere.

The start page, the since-cut-off callouts and the runtime's results page (through the course
data) all format dates here, so a course never writes the same date two ways. A language
without an entry gets ISO 8601 (2022-06-01), which no reader misreads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class DateStyle:
    """How one language writes a full date and a month: patterns use {day} {month} {year}."""

    months: Tuple[str, ...]
    full: str
    month: str = "{month} {year}"


_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
       "October", "November", "December")
STYLES: Dict[str, DateStyle] = {
    "en": DateStyle(_EN, "{day} {month} {year}"),
    "en-us": DateStyle(_EN, "{month} {day}, {year}"),
    "fr": DateStyle(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                     "septembre", "octobre", "novembre", "décembre"), "{day} {month} {year}"),
    "de": DateStyle(("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                     "September", "Oktober", "November", "Dezember"), "{day}. {month} {year}"),
    "es": DateStyle(("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                     "septiembre", "octubre", "noviembre", "diciembre"),
                    "{day} de {month} de {year}", "{month} de {year}"),
    "it": DateStyle(("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                     "agosto", "settembre", "ottobre", "novembre", "dicembre"), "{day} {month} {year}"),
    "nl": DateStyle(("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                     "september", "oktober", "november", "december"), "{day} {month} {year}"),
    "pt": DateStyle(("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
                     "setembro", "outubro", "novembro", "dezembro"),
                    "{day} de {month} de {year}", "{month} de {year}"),
}
ISO = DateStyle((), "{year}-{month:02d}-{day:02d}", "{year}-{month:02d}")


def style_for(language: str) -> DateStyle:
    """The style of a language tag: the full tag first ('en-US'), then its language ('en')."""
    tag = language.lower()
    return STYLES.get(tag) or STYLES.get(tag.split("-")[0]) or ISO


def format_date(value: Optional[str], language: str) -> str:
    """'2022' -> '2022'; '2022-06' -> 'June 2022'; '2022-06-01' -> '1 June 2022' (en-GB)."""
    if not value:
        return ""
    match = _PARTIAL.match(str(value))
    if not match or not 1 <= int(match.group(2) or 1) <= 12:
        return str(value)
    year, month, day = match.groups()
    if month is None:
        return year
    style = style_for(language)
    name = style.months[int(month) - 1] if style.months else int(month)
    pattern = style.full if day else style.month
    return pattern.format(day=int(day or 1), month=name, year=year)


def runtime_style(language: str) -> Dict[str, object]:
    """The same style for the runtime's results page (course data): months and full pattern."""
    style = style_for(language)
    return {"months": list(style.months), "full": style.full if style.months else "iso"}
