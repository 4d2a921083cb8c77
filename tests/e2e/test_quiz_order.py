"""Learners never see a sequencing question's steps, or a matching question's targets, in the
order the author wrote them: for sequencing that order is the answer (issue #11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STEPS = ["s1", "s2", "s3", "s4"]         # tests/roots/quiz-order/final.yaml, in answer order
TARGETS = ["three", "four", "five"]
ANSWER = {"tri": "three", "sq": "four", "pent": "five"}


def open_final(run) -> None:
    run.at("start")
    for page in ("m1", "m1-one", "m1-two", "m1-check", "final"):
        run.next(page)


def shown_steps(run) -> list:
    return run.course.locator("#q-order [data-item-id]").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-item-id'))")


def shown_targets(run) -> list:
    """The targets of each source's drop-down, in the order offered (the placeholder left out)."""
    return [run.course.locator(f"#q-pairs-{source} option").evaluate_all(
        "opts => opts.map(o => o.value).filter(v => v)") for source in ANSWER]


def answer(run, steps: list, pairs: dict) -> None:
    for position, step in enumerate(steps, 1):
        run.course.locator(f"#q-order-{step}").select_option(str(position))
    for source, target in pairs.items():
        run.course.locator(f"#q-pairs-{source}").select_option(target)
    run.submit()


def assert_shuffled(run) -> None:
    steps = shown_steps(run)
    assert sorted(steps) == sorted(STEPS) and steps != STEPS
    targets = shown_targets(run)
    assert targets[0] != TARGETS and sorted(targets[0]) == sorted(TARGETS)
    assert targets == [targets[0]] * len(ANSWER)  # one order for every drop-down


def test_sequencing_and_matching_are_not_shown_in_answer_order(launch):
    run = launch("quiz-order", "2004")
    open_final(run)
    assert_shuffled(run)
    answer(run, STEPS, ANSWER)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()


def test_a_retake_is_shuffled_too(launch):
    run = launch("quiz-order", "1.2")
    open_final(run)
    answer(run, STEPS[::-1], {source: "three" for source in ANSWER})
    expect(run.course.get_by_text("Your score: 0%")).to_be_visible()
    run.course.get_by_role("button", name="Try again").click()
    assert_shuffled(run)
    answer(run, STEPS, ANSWER)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
