"""The runtime's layout, grading and state record, run in node without a browser, held against
the Python side (the suspend_data budget, the question types)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scormbuild.load.course_loader import load_course
from scormbuild.questions import fill_in
from scormbuild.render import plan, suspend_budget

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "tests" / "js" / "harness.js"
RUNTIME = REPO / "templates" / "static" / "runtime"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def run_js(script: str, data: dict):
    done = subprocess.run(["node", str(HARNESS), str(REPO / "tests" / "js" / script)],
                          input=json.dumps(data), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("source", ["tests/roots/minimal", "course"])
def test_runtime_reads_and_writes_the_worst_case_record_byte_for_byte(source):
    course, _ = load_course(REPO / source, None, False)
    worst = suspend_budget.worst_case(course)
    encoded = run_js("state_roundtrip.js", {"course": plan.course_data(course), "saved": worst})
    assert encoded == worst


def test_pages_go_as_a_bitmap_past_the_budget_and_back(tmp_path):
    """Past 80% of the LMS's limit the runtime writes the pages viewed as a bitmap of the course's
    page order; the build's worst case is that record byte for byte, and it reads back."""
    course, _ = load_course(REPO / "course", None, False)
    keyed = suspend_budget.worst_case(course)
    limit = len(keyed)                                   # the keyed record passes 80% of this
    compact = suspend_budget.worst_case(course, limit)
    record = json.loads(compact)
    assert "p" not in record and record["b"] == "v" * 6 + "3"   # 32 pages, all viewed
    assert len(compact) < len(keyed) - 100
    data = plan.course_data(course)
    budget = suspend_budget.budget_of(limit)
    assert run_js("state_roundtrip.js", {"course": data, "saved": compact, "budget": budget}) == compact
    assert run_js("state_roundtrip.js", {"course": data, "saved": keyed}) == keyed   # no budget: keys
    read = run_js("state_viewed.js", {"course": data, "saved": compact})
    assert read["viewed"] == [p["id"] for p in data["pages"]] and read["dropped"] == []


def test_a_bitmap_of_another_page_order_is_dropped_not_misapplied():
    course, _ = load_course(REPO / "course", None, False)
    data = plan.course_data(course)
    record = {"v": 2, "f": "00000000", "b": "1", "g": "ffffffff", "q": {"final": {"n": 1, "k": 5,
              "x": 1, "c": 90}}, "d": ""}
    read = run_js("state_viewed.js", {"course": data, "saved": json.dumps(record)})
    assert read["viewed"] == []
    assert read["dropped"] == ["pages viewed (saved as a bitmap of another page order)"]
    assert read["quizzes"] == ["final"]                  # a result is never lost with the pages
    record["g"] = data["pagesFingerprint"]
    read = run_js("state_viewed.js", {"course": data, "saved": json.dumps(record)})
    assert read["viewed"] == [data["pages"][0]["id"]]


def test_corrupt_saved_answers_are_dropped_not_graded():
    """A record an LMS hands back may be corrupt or from another version: an answer or an
    interaction index of the wrong shape is dropped on resume, never graded or written."""
    data = plan.course_data(load_course(REPO / "tests/roots/minimal", None, False)[0])
    records = []
    for qid, quiz in sorted(data["quizzes"].items()):
        for q in quiz["questions"]:
            for bad in ({"x": 1}, [None, "a"], "zzz", 1e300, -1, [[1]], True, [5, 5, 5], 2.5):
                records.append(json.dumps({"v": 2, "q": {qid: {"n": 1, "k": 3, "x": 0, "c": -1,
                                                             "a": {q["key"]: bad},
                                                             "s": {q["key"]: bad}}}}))
    assert run_js("state_fuzz.js", {"course": data, "records": records}) == []


def test_shuffled_lists_never_keep_the_authors_order():
    quiz = {"id": "q", "shuffle": True, "draw": 0, "questions": [
        {"id": "seq", "type": "sequencing", "items": ["s1", "s2", "s3"], "shuffle": "items"},
        {"id": "match", "type": "matching", "sources": ["x", "y"], "targets": ["t1", "t2", "t3"],
         "correct": {"x": "t1", "y": "t2"}, "shuffle": "targets"},
        {"id": "two", "type": "sequencing", "items": ["a", "b"], "shuffle": "items"},
        {"id": "fixed", "type": "single-choice", "choices": ["a", "b"], "correct": ["a"]}]}
    orders = run_js("layout.js", {"quiz": quiz})
    assert [0, 1, 2] not in orders["seq"] and [0, 1, 2] not in orders["match"]
    assert len({tuple(o) for o in orders["seq"]}) == 5          # every other order occurs
    assert orders["two"] == [[1, 0]] * 200
    assert "fixed" not in orders


@pytest.mark.parametrize("question, answers, expected", [
    ({"type": "single-choice", "choices": ["a", "b"], "correct": ["b"]}, [None, 0, 1],
     [[False, None], [True, False], [True, True]]),
    ({"type": "multiple-response", "choices": ["a", "b", "c"], "correct": ["a", "c"]},
     [[], [0, 2], [0, 1, 2]], [[False, None], [True, True], [True, False]]),
    ({"type": "numeric", "min": 1.5, "max": 2.5}, ["2,0", "x", "3"],
     [[True, True], [False, None], [True, False]]),
    # grouped digits are never guessed: 5,000 is 5000 in one country and 5 in another
    ({"type": "numeric", "min": 4999, "max": 5001},
     ["5000", "5 000", "5'000", "5,000", "5.000", "1,000.5", "0,500", "5000,0"],
     [[True, True], [True, True], [True, True], [False, None], [False, None], [False, None],
      [True, False], [True, True]]),
    ({"type": "fill-in", "correct": ["Larotrectinib"], "caseSensitive": False},
     ["  larotrectinib ", "entrectinib"], [[True, True], [True, False]]),
    ({"type": "sequencing", "items": ["a", "b", "c"]}, [[1, 2, 3], [1, 1, 3], [2, 1, 3]],
     [[True, True], [False, None], [True, False]]),
    ({"type": "matching", "sources": ["x", "y"], "targets": ["t1", "t2"], "correct": {"x": "t2", "y": "t1"}},
     [[1, 0], [1, -1], [0, 1]], [[True, True], [False, None], [True, False]]),
])
def test_grading(question, answers, expected):
    question = dict(question, id="q")
    assert run_js("grade.js", {"question": question, "answers": answers}) == expected


def test_the_runtime_folds_typed_answers_with_the_builds_table():
    """questions.js TYPED is fill_in.TYPED, and a text typed with each character is compared as
    the build compares the accepted answers."""
    source = (RUNTIME / "questions.js").read_text(encoding="utf-8")
    table = re.search(r"var TYPED = (\{.*?\});", source, re.DOTALL)
    assert table is not None and json.loads(table.group(1)) == fill_in.TYPED
    texts = [f"a{c}b" for c in [*fill_in.TYPED, *fill_in.TYPED.values()]] + ["Crohn\u2019s",
                                                                          "\u00b5-opioid"]
    assert run_js("typed.js", {"texts": texts}) == [fill_in.compared(t) for t in texts]


def test_an_attempt_retaken_before_its_records_were_in_stays_what_the_lms_keeps():
    """A retake begun while the submitted attempt's records are not all in the LMS (u): the
    LMS is given that attempt in the quiz's place, in the shape of any submitted quiz (so the
    build's worst case still holds); a reloaded page is handed the retake in progress with the
    attempt beside it ("h"), read back whole. Without u, or with a seed of the wrong shape, "h"
    is not kept; an answer that no longer fits is dropped from it like any other."""
    data = plan.course_data(load_course(REPO / "tests/roots/minimal", None, False)[0])
    keys = [q["key"] for q in data["quizzes"]["final"]["questions"]]
    submitted = {keys[0]: 1, keys[1]: [1]}
    retake = {"n": 1, "k": 77, "x": 0, "c": 0, "a": {keys[0]: 0}, "u": 1,
              "h": {"k": 5, "a": submitted}}
    out = run_js("state_held.js", {"course": data, "saved": json.dumps(
        {"v": 2, "f": data["fingerprint"], "p": "", "q": {"final": retake}, "d": ""})})
    assert out["lms"]["q"]["final"] == {"n": 1, "k": 5, "x": 1, "c": 0, "a": submitted, "u": 1}
    assert out["handover"]["q"]["final"] == retake
    assert out["held"] == {"final": {"k": 5, "a": submitted}} and out["dropped"] == []
    for change, dropped in (({"u": 0}, []), ({"h": {"k": 0, "a": submitted}}, []),
                            ({"h": {"k": 5, "a": {keys[0]: 9}}}, [f"final answer {keys[0]}"])):
        record = {**retake, **change}
        out = run_js("state_held.js", {"course": data, "saved": json.dumps(
            {"v": 2, "f": data["fingerprint"], "p": "", "q": {"final": record}, "d": ""})})
        kept = out["handover"]["q"]["final"]
        if change.get("u") == 0 or change["h"]["k"] == 0:
            assert "h" not in kept and out["lms"]["q"]["final"]["x"] == 0
        else:
            assert kept["h"] == {"k": 5, "a": {}} and out["lms"]["q"]["final"]["x"] == 1
        assert out["dropped"] == dropped


def test_progress_is_rounded_to_whole_hundredths_never_up_to_the_end():
    """What progress_measure (2004) and the progress bar show: rounded (1 of 22 is 5 %), but 199
    of 200 (or 301 of 302) lessons is 99 %, never 100 % while incomplete; fractions that binary
    floating point puts a hair below a whole hundredth (29/100, 57/100) keep it."""
    shares = [[199, 200], [301, 302], [29, 100], [57, 100], [2, 3], [1, 1], [0, 5], [1, 22]]
    assert run_js("hundredths.js", {"shares": shares}) == [99, 99, 29, 57, 67, 100, 0, 5]
