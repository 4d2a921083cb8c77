"""Structure and integrity of the flagship course in course/ (fast; no browser, no packaging).

The course is loaded once with the real loader in strict mode, so any error or warning the
loader reports (unknown citation keys, unused references, missing alt text, ...) fails here
too. The tests then check the course issue's structural requirements on the loaded objects.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Tuple

import pytest

from scormbuild.load.course_loader import load_course

COURSE = Path(__file__).resolve().parent.parent / "course"
SVG_NS = "{http://www.w3.org/2000/svg}"

CONTRIBUTORS = {
    "Prof Ezra Cohen",
    "Prof Fernando Lopez-Rios",
    "Dr Jaclyn Hechtman",
    "Prof Frederique Penault-Llorca",
    "Assoc Prof Gerald Prager",
    "Prof Christian Rolfo",
    "Prof Andrea Sartore-Bianchi",
    "Dr Silvia Stacchiotti",
}
CUTOFF = "2022-06"


@pytest.fixture(scope="module")
def loaded():
    return load_course(COURSE, strict=True)


@pytest.fixture(scope="module")
def course(loaded):
    return loaded[0]


def scored(quiz) -> list:
    return [q for q in quiz.questions if q.scored]


def objective_ids(course) -> set:
    ids = {o.id for o in course.info.objectives}
    for module in course.modules:
        ids |= {o.id for o in module.objectives}
    return ids


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: List[Tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            self.images.append((values.get("src") or "", values.get("alt") or ""))


def test_loads_without_any_diagnostic(loaded):
    _course, diagnostics = loaded
    assert diagnostics.items == [], [str(d) for d in diagnostics.sorted()]


def test_four_modules_of_three_to_six_lessons(course):
    assert len(course.modules) == 4
    for module in course.modules:
        assert 3 <= len(module.lessons) <= 6, module.id


def test_each_module_has_objectives_and_a_scored_knowledge_check(course):
    for module in course.modules:
        assert module.objectives, module.id
        check = module.knowledge_check
        assert check is not None, module.id
        assert check.kind == "knowledge-check"
        assert 4 <= len(scored(check)) <= 6, module.id


def test_final_assessment(course):
    final = course.final_assessment
    assert final is not None and final.kind == "assessment"
    questions = scored(final)
    assert len(questions) >= 20
    assert len({q.spec.type for q in questions}) >= 5
    assert course.info.completion.passing_score == 80


def test_every_scored_question_has_objective_rationale_and_reference(course):
    objectives = objective_ids(course)
    references = {r.id for r in course.references}
    quizzes = [m.knowledge_check for m in course.modules] + [course.final_assessment]
    for quiz in quizzes:
        for question in scored(quiz):
            spec = question.spec
            assert spec.objective in objectives, (question.id, spec.objective)
            assert spec.rationale and spec.rationale.strip(), question.id
            assert spec.reference, question.id
            assert set(spec.reference) <= references, (question.id, spec.reference)


def test_no_all_or_none_of_the_above(course):
    pattern = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)
    for quiz in course.quizzes():
        for question in quiz.questions:
            texts = [question.prompt_html, *question.texts_html.values()]
            assert not any(pattern.search(t) for t in texts), question.id


def test_every_citation_resolves(course):
    references = {r.id for r in course.references}
    cited = set()
    for lesson in course.lessons():
        assert set(lesson.cited) <= references, lesson.id
        cited |= set(lesson.cited)
    # no citation rendered as an unknown ("?") number
    for lesson in course.lessons():
        assert ">?</a>" not in lesson.body_html, lesson.id
    for quiz in course.quizzes():
        for question in quiz.questions:
            cited |= set(question.spec.reference)
    assert references <= cited, sorted(references - cited)


def test_every_image_has_alt_text(course):
    seen = 0
    for lesson in course.lessons():
        parser = _Images()
        parser.feed(lesson.body_html)
        for src, alt in parser.images:
            seen += 1
            assert alt.strip(), (lesson.id, src)
    assert seen >= 5


def test_figures_are_numbered_in_order_and_cite_sources(course):
    captions = []
    for lesson in course.lessons():
        captions += re.findall(r"<figcaption>(.*?)</figcaption>", lesson.body_html, re.S)
    numbers = [int(m.group(1)) for c in captions for m in [re.match(r"Figure (\d+)\.", c)] if m]
    assert numbers == list(range(1, len(captions) + 1)), numbers
    for caption in captions:
        assert 'class="cite"' in caption, caption[:60]


def test_every_svg_is_accessible_and_shows_no_reference_keys():
    svgs = sorted((COURSE / "media").glob("*.svg"))
    assert svgs
    for path in svgs:
        root = ET.parse(path).getroot()
        assert root.get("role") == "img", path.name
        title = root.find(f"{SVG_NS}title")
        desc = root.find(f"{SVG_NS}desc")
        assert title is not None and (title.text or "").strip(), path.name
        assert desc is not None and (desc.text or "").strip(), path.name
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\[R\d+\]", text), path.name


def test_survey_is_required(course):
    assert course.survey is not None
    assert course.survey.kind == "survey"
    assert course.info.completion.require_survey is True


def test_contributors_are_the_eight_named_in_the_issue(course):
    names = [c.name for c in course.info.contributors]
    assert len(names) == 8
    assert set(names) == CONTRIBUTORS


def test_literature_cutoff(course):
    assert course.info.dates.literature_cutoff == CUTOFF


def test_since_cutoff_callouts_are_dated_after_the_cutoff(course):
    found = 0
    for path in sorted((COURSE / "modules").glob("*/*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^:::\s*since-cutoff\s+(\S+)", line)
            if match:
                found += 1
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", match.group(1)), (path.name, line)
                assert match.group(1)[:7] > CUTOFF, (path.name, line)
    rendered = sum(lesson.body_html.count("callout-since-cutoff") for lesson in course.lessons())
    assert found > 0 and rendered == found


def test_post_cutoff_sources_only_in_since_cutoff_callouts(course):
    later = {r.id for r in course.references if r.year and r.year > int(CUTOFF[:4])}
    assert later, "expected some post-cut-off references (for the since-cutoff notes)"
    callout = re.compile(r'<aside class="callout callout-since-cutoff".*?</aside>', re.S)
    for lesson in course.lessons():
        main_text = callout.sub("", lesson.body_html)
        keys = set(re.findall(r'href="references\.html#ref-([^"]+)"', main_text))
        assert not keys & later, (lesson.id, sorted(keys & later))
    for quiz in course.quizzes():
        for question in quiz.questions:
            assert not set(question.spec.reference) & later, question.id


# --- Clinical revision (issue #15): references, cut-off and contributor statement -------------

# A reference without a PMID or DOI must link to its record: a literature record (PubMed
# Central, the publisher, a university research portal) or a web page with a version date in
# `details` (a regulator's page, a society's educational page). The references below have no identifier
# that could be read during the clinical revision; each is listed with its reason in
# course/REVIEW.md ("References without a verified PMID or DOI"). Adding to this set needs an
# entry there.
IDENTIFIER_NOT_VERIFIED = {"R12", "R14", "R25", "R28", "R55", "R82"}
REGULATOR_HOSTS = ("fda.gov", "api.fda.gov", "accessdata.fda.gov", "ema.europa.eu")
LITERATURE_HOSTS = ("pmc.ncbi.nlm.nih.gov", "aacrjournals.org", "nature.com",
                    "journals.viamedica.pl", "elsevierpure.com", "pure.elsevier.com")
DATE_IN_DETAILS = re.compile(
    r"\b(\d{1,2} (January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}|\d{1,2}/\d{4}|(January|February|March|April|May|June|July"
    r"|August|September|October|November|December) \d{4}|\d{4} revision)\b")
CONTRIBUTOR_STATEMENT = (
    "contributed to the original educational programme from which this course was adapted "
    "(2019, updated 2022). They did not write, review or endorse this adaptation")


def _host(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0]


def _cited_outside_callouts(course) -> dict:
    """Map each reference key to the lessons that cite it outside a since-cutoff callout."""
    callout = re.compile(r'<aside class="callout callout-since-cutoff".*?</aside>', re.S)
    where: dict = {}
    for lesson in course.lessons():
        main_text = callout.sub("", lesson.body_html)
        for key in re.findall(r'href="references\.html#ref-([^"]+)"', main_text):
            where.setdefault(key, set()).add(lesson.id)
    return where


def test_every_reference_has_an_identifier_or_a_dated_record(course):
    missing = []
    for ref in course.references:
        if ref.pmid or ref.doi or ref.id in IDENTIFIER_NOT_VERIFIED:
            continue
        if ref.url and _host(ref.url).endswith(LITERATURE_HOSTS):
            continue
        if not (ref.url and ref.details and DATE_IN_DETAILS.search(ref.details)):
            missing.append(ref.id)
    assert missing == [], missing


def test_regulator_references_are_dated_records_of_the_regulator(course):
    for ref in course.references:
        if ref.url and _host(ref.url).endswith(REGULATOR_HOSTS):
            assert ref.year, ref.id
            assert ref.details and DATE_IN_DETAILS.search(ref.details), ref.id


def test_unverified_identifier_list_is_current_and_logged(course):
    by_id = {r.id: r for r in course.references}
    review = (COURSE / "REVIEW.md").read_text(encoding="utf-8")
    for key in IDENTIFIER_NOT_VERIFIED:
        assert key in by_id, key
        assert not (by_id[key].pmid or by_id[key].doi), f"{key} now has an identifier"
        assert re.search(rf"^\| {key} \|", review, re.M), f"{key} has no entry in REVIEW.md"


def test_no_news_outlet_is_a_source(course):
    outlets = ("seeking alpha", "reuters", "pharmacy times", "ons voice", "firstword", "nasdaq",
               "pharmafile", "clinical oncology news", "mims", "fast trk")
    for ref in course.references:
        text = " ".join(filter(None, [ref.authors, ref.publisher, ref.title, ref.details])).lower()
        assert not any(outlet in text for outlet in outlets), ref.id


def test_references_after_the_cutoff_are_cited_only_in_since_cutoff_callouts(course):
    later = set()
    for ref in course.references:
        dated = ref.year and ref.year > int(CUTOFF[:4])
        online_later = ref.details and "after the course literature cut-off" in ref.details
        if dated or online_later:
            later.add(ref.id)
    assert {"R21", "R22", "R50", "R58", "R81", "R94", "R95"} <= later
    outside = _cited_outside_callouts(course)
    assert {key: sorted(outside[key]) for key in later & set(outside)} == {}


def test_label_content_is_cited_to_dated_us_and_eu_labels(course):
    by_id = {r.id: r for r in course.references}
    us_labels = {"R18": "11/2018", "R90": "8/2019"}
    eu_labels = {"R92": "2020", "R91": "2020"}
    for key, version in us_labels.items():
        assert _host(by_id[key].url or "").endswith(REGULATOR_HOSTS), key
        assert version in (by_id[key].details or ""), key
    for key, year in eu_labels.items():
        assert _host(by_id[key].url or "").endswith(REGULATOR_HOSTS), key
        assert by_id[key].year == int(year), key
    lessons = {lesson.id: lesson.body_html for lesson in course.lessons()}
    for lesson_id in ("m1-02-larotrectinib", "m1-03-entrectinib"):
        body = lessons[lesson_id]
        assert "US prescribing information (revised" in body, lesson_id
        assert "EU SmPC (20" in body, lesson_id


def test_contributor_statement_is_present(course):
    statement = " ".join((course.info.disclosures or "").split())
    assert CONTRIBUTOR_STATEMENT in statement
    assert "affiliations are given as listed in the source programme" in statement


def test_final_assessment_covers_every_course_objective_with_at_least_24_items(course):
    questions = scored(course.final_assessment)
    assert len(questions) >= 24
    covered = {q.spec.objective for q in questions}
    assert covered == {o.id for o in course.info.objectives}


def test_each_knowledge_check_covers_its_module_objectives(course):
    for module in course.modules:
        objectives = {o.id for o in module.objectives}
        covered = {q.spec.objective for q in scored(module.knowledge_check)}
        assert covered == objectives, (module.id, sorted(objectives - covered))
