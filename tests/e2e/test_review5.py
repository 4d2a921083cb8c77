"""Tracking defects in what an interaction record holds, found by a fifth runtime review
(2026-12-02), each failing before its fix: text cut in the middle of a character, a 1.2
comment cut after the learner was told it was sent, a Unicode line separator in a 2004
response, a number too large for a 2004 real(10,7), and a record written over after a course
update that kept the older record's extra correct patterns and its weighting. Each test drives
Chromium as a learner against scorm-again and asserts what the LMS holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Dict, List

import pytest
from playwright.sync_api import expect

from lms_driver import read_lessons, goto
from paths import MINIMAL
from scormbuild.package.editions import EDITIONS as EDITIONS_BY_NAME

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITIONS = ["1.2", "2004"]
SAVED = "Your progress is saved."
EMOJI = "\U0001F600"
# a prompt of 250 characters whose last one takes two UTF-16 code units: the description (at
# most 250 code units) would end on half of it
LONG_PROMPT = "Which word is typed here " + "y" * 224 + EMOJI
FILL_IN = """  - id: fa-3
    type: fill-in
    prompt: Name a Greek letter.
    answers: [alpha, beta, gamma]
    weight: 2
    rationale: Any of the three.
    reference: [ref1]
    objective: lo1
  - id: fa-4
    type: numeric
    prompt: How many sides has a pentagon?
    answer: 5
    rationale: Penta means five.
    reference: [ref1]
    objective: lo1
"""


def served(server, tmp_path: Path, name: str, extra: str = FILL_IN, course_yaml: str = "",
           **build) -> Path:
    """The minimal course with a fill-in and a numeric question in its final, served as `name`
    (build: Server.add's editions and targets)."""
    source = tmp_path / "course"
    shutil.copytree(MINIMAL, source)
    final = source / "final.yaml"
    final.write_text(final.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if course_yaml:
        course = source / "course.yaml"
        course.write_text(course.read_text(encoding="utf-8") + course_yaml, encoding="utf-8")
    server.add(name, source, **build)
    return source


def to_final(run) -> None:
    read_lessons(run)
    run.course.get_by_label("True").check()
    run.submit()
    run.next("final")


def typed(run, prompt: str):
    """The answer box of the question with this prompt."""
    return run.course.get_by_role("group", name=prompt).get_by_label("Your answer")


def answer_final(run, word: str = "alpha", number: str = "5",
                 labels: tuple = ("Square", "2", "4")) -> None:
    for label in labels:
        run.course.get_by_label(label, exact=True).check()
    typed(run, "Name a Greek letter.").fill(word)
    typed(run, "How many sides has a pentagon?").fill(number)
    run.submit()


def records(data: dict) -> List[dict]:
    found = data["cmi"]["interactions"]
    items = found.values() if isinstance(found, dict) else found
    return [i for i in items if isinstance(i, dict) and i.get("id")]


def patterns(record: dict) -> List[str]:
    found = record.get("correct_responses") or []
    items = found.values() if isinstance(found, dict) else found
    return [p["pattern"] for p in items if isinstance(p, dict) and "pattern" in p]


def well_formed(text: str) -> bool:
    """Unicode text: no lone surrogate (what encodeURIComponent, and so an LMS, can send)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# ---------------------------------------------------------------- 1. half a character


def test_text_is_never_cut_in_the_middle_of_a_character(launch) -> None:
    """ScormBuild.cut, as the adapters use it: at most `limit` code units, never ending on a
    high surrogate, and a lone surrogate (pasted broken text) becomes U+FFFD."""
    run = launch("minimal", "2004")
    run.at("start")
    frame = run.shell.locator("#sb-content").element_handle().content_frame()
    found = frame.evaluate("""() => {
      var cut = ScormBuild.cut, smile = "\\uD83D\\uDE00";
      var ok = function (t) { try { encodeURIComponent(t); return true; } catch (e) { return false; } };
      var a = cut(new Array(255).join("a") + smile, 255), b = cut("x\\uD83Dy\\uDE00z", 10);
      return [a.length, ok(a), b, cut(smile + smile, 3), cut("plain", 3), ok(b)];
    }""")
    assert found == [254, True, "x\ufffdy\ufffdz", EMOJI, "pla", True]


def test_a_description_ending_on_a_wide_character_is_recorded_whole(launch, server, tmp_path) -> None:
    """SCORM 2004 with interaction descriptions: a prompt whose 250th character is an emoji.
    Cut at 250 code units it ended on half the emoji, which no LMS that sends URL-encoded
    values can send (Moodle's player throws on it, and on every later commit)."""
    extra = FILL_IN.replace("Name a Greek letter.", LONG_PROMPT)
    served(server, tmp_path, "described", extra, "tracking:\n  interaction_descriptions: true\n")
    run = launch("described", "2004")
    to_final(run)
    for label in ("Square", "2", "4"):
        run.course.get_by_label(label, exact=True).check()
    typed(run, "Which word is typed here").fill("alpha")
    typed(run, "How many sides has a pentagon?").fill("5")
    run.submit()
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    report = run.leave()
    described = [r for r in records(report["data"]) if r["id"] == "final.fa-3"]
    assert len(described) == 1
    text = described[0]["description"]
    assert well_formed(text) and text.startswith("Which word is typed here") and len(text) <= 250


# ---------------------------------------------------------------- 2. a 1.2 comment over 255


def survey_comment(run, text: str) -> None:
    goto(run, "survey")
    run.course.get_by_label("Agree", exact=True).check()
    box = run.course.get_by_label("Your comments (optional)")
    box.fill(text)
    return box


def test_a_scorm12_comment_box_takes_what_the_lms_keeps_and_says_so(launch) -> None:
    """SCORM 1.2 keeps 255 characters of a response (CMIString255). The learner typed 400 and
    was told the survey was submitted while the LMS kept the first 255. The box now takes 255
    and says so; what the learner sees in it is what the LMS records."""
    run = launch("minimal", "1.2")
    run.at("start")
    box = survey_comment(run, "")
    expect(box).to_have_attribute("maxlength", "255")
    expect(run.course.get_by_text("At most 255 characters")).to_be_visible()
    box.press_sequentially("word " * 60)  # 300 characters typed
    kept = box.input_value()
    assert len(kept) == 255
    run.submit("Submit survey")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    report = run.leave()
    assert report["values"]["cmi.interactions.1.student_response"] == kept


def test_a_scorm2004_comment_box_keeps_its_own_limit(launch) -> None:
    run = launch("minimal", "2004")
    run.at("start")
    box = survey_comment(run, "fine")
    expect(box).to_have_attribute("maxlength", "2000")
    expect(run.course.get_by_text("At most")).to_have_count(0)


# ---------------------------------------------------------------- 3. line separators (2004)


def test_a_scorm2004_comment_with_unicode_line_separators_is_recorded(launch) -> None:
    """U+2028 and U+2029 (pasted from a word processor) are line breaks too: scorm-again refuses
    them in a long-fill-in response, and the refused answer was written again for good."""
    run = launch("minimal", "2004")
    run.at("start")
    survey_comment(run, "First line\u2028second line\u2029third")
    run.submit("Submit survey")
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    report = run.leave()
    responses = [r.get("learner_response") for r in records(report["data"]) if r["id"] == "survey.sv-2"]
    assert responses == ["First line second line third"]


# ---------------------------------------------------------------- 4. a number too large


def test_a_number_too_large_for_the_lms_is_asked_again_not_lost(launch, server, tmp_path) -> None:
    """SCORM 2004 stores a number as real(10,7): 11 integer digits are refused, and the answer
    was written again for good (the learner read "saved"). The learner is asked for a number
    the LMS can store; the answer given then is recorded."""
    served(server, tmp_path, "big-number")
    asked_again(launch("big-number", "2004"), "12345678901", 10)


def asked_again(run, number: str, digits: int) -> None:
    """The learner types `number`, is asked for one of at most `digits` integer digits, types
    5: 5 is recorded."""
    to_final(run)
    answer_final(run, number=number)
    expect(run.course.locator("[data-role=form-error]")).to_contain_text(
        f"at most {digits} digits before the decimal point")
    typed(run, "How many sides has a pentagon?").fill("5")
    run.submit()
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    numeric = [r for r in records(run.leave()["data"]) if r["id"] == "final.fa-4"]
    assert [r["learner_response"] for r in numeric] == ["5"]


def test_a_number_moodle_2004_would_refuse_is_asked_again(launch, server, tmp_path) -> None:
    """Built for Moodle (--target moodle) in SCORM 2004: Moodle's player takes numbers of at
    most 5 integer digits in an interaction record (docs/lms-targets.md). A learner typing
    123456 is asked for a number Moodle takes, not left with an answer never recorded."""
    served(server, tmp_path, "moodle-number", editions=(EDITIONS_BY_NAME["2004"],),
           targets=("moodle",))
    asked_again(launch("moodle-number", "2004"), "123456", 5)


# ---------------------------------------------------------------- 5. a record written over


def resumed(edition: str, data: dict) -> Dict[str, object]:
    cmi = data["cmi"]
    if edition == "1.2":
        core = cmi["core"]
        return {"suspend_data": cmi["suspend_data"], "interactions": cmi["interactions"],
                "core": {"lesson_location": core["lesson_location"], "entry": "resume",
                         "lesson_status": core["lesson_status"], "score": core["score"]}}
    return {"suspend_data": cmi["suspend_data"], "location": cmi["location"], "entry": "resume",
            "completion_status": cmi["completion_status"], "success_status": cmi["success_status"],
            "score": cmi["score"], "interactions": cmi["interactions"]}


def test_a_retake_after_a_course_update_keeps_no_stale_pattern_or_weighting(
        launch, server, tmp_path) -> None:
    """SCORM 2004. The first attempt records fa-3 (three accepted answers, weight 2) and fa-1
    (weight 1). The course is updated: fa-3 accepts two answers and weighs 1, fa-1 weighs 3.
    The learner retakes the final in the same LMS attempt. An LMS cannot remove entries: written
    over, fa-3's record kept 'gamma' as a correct answer and its weight 2. Now fa-3 gets a
    record of its own, and every record says its current weighting."""
    source = served(server, tmp_path, "stale-before")
    run = launch("stale-before", "2004")
    to_final(run)
    answer_final(run, word="beta", number="4", labels=("Circle", "3"))  # 2 of 5: failed
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    first = run.leave()
    before = {r["id"]: r for r in records(first["data"])}
    assert patterns(before["final.fa-3"]) == ["alpha", "beta", "gamma"]
    final = source / "final.yaml"
    text = final.read_text(encoding="utf-8")
    text = text.replace("answers: [alpha, beta, gamma]\n    weight: 2", "answers: [alpha, beta]")
    text = text.replace("    answer: a\n", "    answer: a\n    weight: 3\n")
    final.write_text(text, encoding="utf-8")
    server.add("stale-after", source)
    again = launch("stale-after", "2004", cmi=resumed("2004", first["data"]))
    again.at("final")
    again.course.get_by_role("button", name="Try again").click()
    answer_final(again, word="alpha")
    expect(again.course.get_by_text("Your score: 100%")).to_be_visible()
    expect(again.shell.locator("#sb-status")).to_have_text(SAVED)
    report = again.leave()
    found = records(report["data"])
    fill_in = [r for r in found if r["id"] == "final.fa-3"]
    latest = fill_in[-1]
    assert (patterns(latest), latest["learner_response"], latest["weighting"]) == \
        (["alpha", "beta"], "alpha", "1")
    assert len(fill_in) == 2 and patterns(fill_in[0]) == ["alpha", "beta", "gamma"]  # the older version's
    single = [r for r in found if r["id"] == "final.fa-1"]
    assert [r["weighting"] for r in single] == ["3"]  # written over in place: one record, its new weight
    ids = [r["id"] for r in found]
    assert ids.count("final.fa-2") == ids.count("final.fa-4") == 1


def test_scorm12_records_every_weighting(launch, server, tmp_path) -> None:
    """A 1.2 LMS reports interactions as written; weighting 1 is written too, so a record
    written over never keeps an older weight."""
    served(server, tmp_path, "weights12")
    run = launch("weights12", "1.2")
    to_final(run)
    answer_final(run)
    expect(run.shell.locator("#sb-status")).to_have_text(SAVED)
    values = run.leave()["values"]
    weights = {values[k.replace(".weighting", ".id")]: v
               for k, v in values.items() if k.endswith(".weighting")}
    assert weights["final.fa-1"] == "1" and weights["final.fa-3"] == "2"
    assert json.loads(values["cmi.suspend_data"])["q"]["final"]["x"] == 1
