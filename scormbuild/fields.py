"""Field types and the strict base model shared by every source-format model.

The lowest layer of the package: the question types (``scormbuild.questions``) and the file
models (``scormbuild.source_format``) build on it; nothing here imports other scormbuild code.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, List

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints

SLUG_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"
SHORT_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
URL_PATTERN = r"^https?://[^\s]+$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
COLOUR_PATTERN = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
FONT_FAMILY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$"
FONT_STACK_PATTERN = r"^[A-Za-z0-9 ,_\"'-]{1,200}$"
CITATION_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
PMID_PATTERN = r"^\d{1,9}$"
# a DOI as the DOI Handbook writes it (prefix 10.<registrant>/suffix), not as a web address:
# the reference list links https://doi.org/<doi> itself
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
# Markdown emphasis as an author types it in a text that is not Markdown: '**' or '*' (or '_')
# after a space or an opening bracket, around words (group 2). '(IRC)*, DoR (INV)*' are
# footnote stars, not emphasis. Used where such marks would be shown as typed.
# The element names of HTML (the living standard, SVG and MathML roots, and the obsolete ones
# browsers still know). A tag with one of these names typed into a text is shown as typed, where
# the author meant what it does: an error. '<LLN or ALT rises >ULN' names no element: it is
# clinical notation, shown exactly as typed.
HTML_ELEMENTS = frozenset("""
    a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd del
    details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame
    frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend
    li link main map mark marquee math menu meta meter nav nobr noframes noscript object ol
    optgroup option output p param picture pre progress q rp rt ruby s samp script search section
    select slot small source span strike strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track tt u ul var video wbr
""".split())

EMPHASIS_PATTERN = r"(?<![^\s(\[\"'])(\*\*?|__?)(?=[^\s*_])([^*_\n]+?)(?<=[^\s*_])\1(?![\w*])"

# Characters that editors do not show and nobody types, pasted with text from a PDF (a soft
# hyphen where a line was hyphenated) or a web page, each named where it is found. The joiners
# U+200C and U+200D are not among them: Persian and Indic keyboards type them.
INVISIBLE = {
    "\u00ad": "a soft hyphen (U+00AD)",
    "\u200b": "a zero-width space (U+200B)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
    "\u200e": "a left-to-right mark (U+200E)",
    "\u200f": "a right-to-left mark (U+200F)",
}


class YesNoWord(str):
    """A plain yes, no, on or off (any case) in YAML: YAML 1.1 reads it as true or false, the
    reading kept in ``truth``. A text field refuses it as it would true or false (the author
    is asked to quote it); a yes-or-no field asks for true or false; any other field (a choice
    of words such as reveal_answers) reads the word as written."""

    truth: bool

    def __new__(cls, word: str, truth: bool) -> YesNoWord:
        made = super().__new__(cls, word)
        made.truth = truth
        return made


def _text(value: Any) -> Any:
    """Accept numbers and dates where text is expected (YAML reads `2.0` as a float)."""
    if isinstance(value, YesNoWord):
        return value.truth  # refused as a yes-or-no value, with the advice to quote it
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)
    return value


def _one_or_many(value: Any) -> Any:
    if isinstance(value, str) and "," in value:  # reference: ref1, ref2
        listed = ", ".join(part.strip() for part in value.split(",") if part.strip())
        raise ValueError(f"write several references as a list: [{listed}]")
    return [value] if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    """Only true and false: YAML 1.1's yes/no/on/off, and a quoted "true", are easy to misread."""
    if not isinstance(value, bool) or isinstance(value, YesNoWord):
        shown = value if isinstance(value, str) else repr(value)
        raise ValueError(f"write true or false, not '{shown}'")
    return value


_NUMBER_UNITS = re.compile(r"^\s*[-+]?\d[\d.]*\s*([^\d\s.,][^\d]*?)\s*$")


def _number(value: Any) -> Any:
    """A number typed with a decimal comma or with its units is named as such."""
    if not isinstance(value, str):
        return value
    if re.fullmatch(r"\s*[-+]?[\d.]+(,[\d.]+)+\s*", value):
        raise ValueError(f"'{value}' has a comma: write numbers with a decimal point (2.5) and "
                         "without thousands separators")
    units = _NUMBER_UNITS.match(value)
    if units and not re.fullmatch(r"[eE][-+]?\d*", units.group(1)):
        raise ValueError(f"'{value}' must be a plain number: put units such as "
                         f"'{units.group(1)}' in the prompt")
    return value


# Punctuation that ends a citation, copied with its DOI ("... doi: 10.1056/NEJMoa1714448. Epub"):
# a DOI may hold it, but a registered one practically never ends in it, and doi.org would not
# resolve the link with it.
_CITATION_ENDS = {".": "the full stop", ",": "the comma", ";": "the semicolon"}


def _doi_end(value: str) -> str:
    end = value[-1:]
    if end in _CITATION_ENDS:
        raise ValueError(f"'{value}' ends in '{end}', {_CITATION_ENDS[end]} of the citation it was "
                         "copied from, not part of the DOI (its link would not resolve): write "
                         f"{value.rstrip('.,;')}")
    return value


class TextKind(str):
    """Marks a text field shown as typed (load/plain_text.py checks those for Markdown)."""


PLAIN = TextKind("plain")
MARKDOWN = TextKind("markdown")
TYPED = TextKind("typed")
# A text that names a file or an entry (a path, a reference id, a version), not one people
# read as prose: a comment after it ('file: check.yaml # the quiz') is taken as meant.
NAME = TextKind("name")

_SomeText = Annotated[str, BeforeValidator(_text), StringConstraints(strip_whitespace=True,
                                                                     min_length=1)]
# Text is shown as typed; MarkdownText (quiz texts, course.yaml's disclaimer and how_to_complete)
# is rendered from Markdown; TypedText is what a learner types and is compared with (a fill-in
# question's accepted answers), checked by its question type.
Text = Annotated[_SomeText, PLAIN]
MarkdownText = Annotated[_SomeText, MARKDOWN]
TypedText = Annotated[_SomeText, TYPED]
Name = Annotated[_SomeText, PLAIN, NAME]  # shown as typed where it is shown at all
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
ShortId = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=SHORT_ID_PATTERN)]
PartialDate = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=DATE_PATTERN)]
RefList = Annotated[List[Name], BeforeValidator(_one_or_many)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
CitationKey = Annotated[str, BeforeValidator(_text),
                        StringConstraints(pattern=CITATION_KEY_PATTERN)]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]
FontFamily = Annotated[str, StringConstraints(pattern=FONT_FAMILY_PATTERN)]
FontStack = Annotated[str, StringConstraints(pattern=FONT_STACK_PATTERN)]
Pmid = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=PMID_PATTERN)]
Doi = Annotated[str, BeforeValidator(_text), StringConstraints(strip_whitespace=True,
                                                               pattern=DOI_PATTERN),
                AfterValidator(_doi_end)]

# true or false only (not yes/no/on/off)
Flag = Annotated[bool, BeforeValidator(_flag)]
# a number as an author types it: a decimal point, no units (infinity and NaN are refused by
# Strict's allow_inf_nan=False for every number field)
Number = Annotated[float, BeforeValidator(_number)]


class Strict(BaseModel):
    """Unknown keys are errors (with a suggestion); models are immutable once loaded."""

    # defer_build: a model's validator is built when first used, not at import, and nested
    # models are built once inside the model that uses them (start-up, issue 14)
    # allow_inf_nan: YAML reads 1e400 as infinity and .nan as not-a-number: no LMS stores them
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              defer_build=True, allow_inf_nan=False)
