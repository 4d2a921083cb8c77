"""Texts learners read the same way everywhere: dates per course language, Vancouver references,
citations numbered by first appearance in the course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scormbuild.dates import format_date, runtime_style
from scormbuild.load.course_loader import load_course
from scormbuild.source_format import Reference
from scormbuild.render.citations import format_reference
from scormbuild.render.pages import render_pages


@pytest.mark.parametrize("value,language,expected", [
    ("2019", "en-GB", "2019"),
    ("2022-06", "en-GB", "June 2022"),
    ("2022-06-01", "en-GB", "1 June 2022"),
    ("2022-06-01", "en", "1 June 2022"),
    ("2022-06-01", "en-US", "June 1, 2022"),
    ("2022-06-01", "de-AT", "1. Juni 2022"),
    ("2022-06", "es", "junio de 2022"),
    ("2022-06-01", "fi", "2022-06-01"),
    ("2022-06", "fi", "2022-06"),
    (None, "en", ""),
])
def test_dates_follow_the_course_language(value, language, expected) -> None:
    assert format_date(value, language) == expected


def test_the_runtime_gets_the_same_date_style() -> None:
    assert runtime_style("en-GB")["full"] == "{day} {month} {year}"
    assert runtime_style("en-GB")["months"][11] == "December"
    assert runtime_style("fi") == {"months": [], "full": "iso"}


def ref(**fields) -> Reference:
    return Reference.model_validate(dict({"id": "R1", "title": "A title."}, **fields))


@pytest.mark.parametrize("fields,expected", [
    # a journal article: the style's punctuation, whatever the source's
    ({"authors": "Drilon A, Laetsch TW, Kummar S, et al.",
      "title": "Efficacy of larotrectinib in TRK fusion-positive cancers in adults and children.",
      "journal": "N Engl J Med", "year": 2018, "details": "378(8):731-739"},
     "Drilon A, Laetsch TW, Kummar S, et al. Efficacy of larotrectinib in TRK fusion-positive "
     "cancers in adults and children. N Engl J Med. 2018;378(8):731-739."),
    # no full stop after the authors in the source: the style adds it
    ({"authors": "World Health Organization", "title": "WHO guidelines on testing",
      "publisher": "WHO", "year": 2021},
     "World Health Organization. WHO guidelines on testing. WHO; 2021."),
    # a question mark ends the title; details of a report follow the year
    ({"authors": "Doe J.", "title": "Test everyone?", "publisher": "Press", "year": 2020,
      "details": "Report 7"},
     "Doe J. Test everyone? Press; 2020. Report 7."),
    # no authors, no year
    ({"title": "Anonymous work", "journal": "Ann Oncol."},
     "Anonymous work. Ann Oncol. [date unknown]."),
])
def test_references_are_written_in_the_vancouver_style(fields, expected) -> None:
    assert str(format_reference(ref(**fields))) == expected


def test_reference_links_doi_pmid_and_web_address() -> None:
    html = str(format_reference(ref(authors="Solomon JP", journal="Mod Pathol", year=2020,
                                    details="33(1):38-46", doi="10.1038/x", pmid="31375766")))
    assert html == (
        'Solomon JP. A title. Mod Pathol. 2020;33(1):38-46. doi: <a href="https://doi.org/10.1038/x" '
        'target="_blank" rel="noopener noreferrer" class="external">10.1038/x</a>. PMID: '
        '<a href="https://pubmed.ncbi.nlm.nih.gov/31375766/" target="_blank" '
        'rel="noopener noreferrer" class="external">31375766</a>.')
    web = str(format_reference(ref(authors="ESMO", publisher="OncologyPRO", year=2019,
                                   url="https://example.org/a?b=1&c=2")))
    assert web == ('ESMO. A title [Internet]. OncologyPRO; 2019. Available from: '
                   '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" '
                   'rel="noopener noreferrer" class="external">https://example.org/a?b=1&amp;c=2</a>')


def test_reference_text_is_escaped() -> None:
    assert str(format_reference(ref(title="<b>x</b>"))) == "&lt;b&gt;x&lt;/b&gt;. [date unknown]."


def write(root: Path, files: dict) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


COURSE = """\
id: demo
title: Demo
version: "1"
language: en-GB
description: A demo.
audience: [Nurses]
objectives: [{id: lo1, text: Learn.}]
dates: {created: 2026-11-30}
duration_minutes: 5
disclaimer: For professionals.
completion: {require_all_lessons: true}
modules: [m1, m2]
"""


def test_citations_are_numbered_by_first_appearance_in_the_course(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "course.yaml": COURSE,
        "references.yaml": "".join(f"- {{id: {k}, authors: A, title: T{k}, year: 2020}}\n"
                                   for k in ("first", "second", "third", "unused")),
        "m1/module.yaml": "id: m1\ntitle: One\nlessons: [a.md]\nknowledge_check: check.yaml\n",
        "m1/a.md": "---\ntitle: A\n---\nSee [@third] and [@second].\n",
        "m1/check.yaml": ("id: c1\ntitle: Check\nkind: knowledge-check\nquestions:\n"
                          "  - {id: q1, type: true-false, prompt: 'Yes [@third]?', answer: true,"
                          " rationale: Because., objective: lo1,"
                          " reference: [first]}\n"),
        "m2/module.yaml": "id: m2\ntitle: Two\nlessons: [b.md]\n",
        "m2/b.md": "---\ntitle: B\n---\nAgain [@first] and [@third].\n",
    })
    course, diagnostics = load_course(root, "demo")
    assert [r.id for r in course.references] == ["third", "second", "first", "unused"]
    pages = render_pages(course)
    cites = lambda page: re.findall(r'#ref-(\w+)">\[?(\d+)', pages[page])  # noqa: E731
    assert cites("pages/m1-a.html")[:2] == [("third", "1"), ("second", "2")]
    assert cites("pages/m2-b.html")[:2] == [("first", "3"), ("third", "1")]
    assert cites("pages/c1.html") == [("third", "1"), ("first", "3")]
    listed = re.findall(r'<li id="ref-(\w+)">', pages["pages/references.html"])
    assert listed == ["third", "second", "first", "unused"]
    assert [str(d) for d in diagnostics.items] == [
        "demo/references.yaml:4:3: warning: reference 'unused' is never cited"]
    assert "<dd>30 November 2026</dd>" in pages["pages/start.html"]
