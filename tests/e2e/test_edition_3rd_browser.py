"""SCORM 2004 3rd Edition packages play in the scorm-again LMS and use only 3rd Edition elements."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from lms_driver import assert_clean_calls
from test_tracking import final, interactions, knowledge_check, read_lessons, resume_data, survey

pytestmark = [pytest.mark.slow, pytest.mark.browser]
EDITION = "2004-3rd"

# The run-time data model of SCORM 2004 3rd Edition (RTE 3rd Edition, section 4.2). The 4th
# Edition added adl.data.* (shared data) and the jump navigation request; neither is here.
ELEMENT_3RD = re.compile(
    r"^(cmi\.(_version|completion_status|completion_threshold|credit|entry|exit|launch_data"
    r"|learner_id|learner_name|location|max_time_allowed|mode|progress_measure"
    r"|scaled_passing_score|session_time|success_status|suspend_data|time_limit_action"
    r"|total_time|score\.(_children|scaled|raw|min|max)"
    r"|comments_from_(learner|lms)\.(_children|_count|\d+\.(comment|location|timestamp))"
    r"|learner_preference\.(_children|audio_level|language|delivery_speed|audio_captioning)"
    r"|interactions\.(_children|_count|\d+\.(id|type|timestamp|weighting|learner_response|result"
    r"|latency|description|objectives\.(_count|\d+\.id)|correct_responses\.(_count|\d+\.pattern)))"
    r"|objectives\.(_children|_count|\d+\.(id|success_status|completion_status|progress_measure"
    r"|description|score\.(_children|scaled|raw|min|max))))"
    r"|adl\.nav\.(request|request_valid\.(continue|previous|choice\.\{target=[^}]+\})))$")
SUSPEND_DATA_SPM_3RD = 4000


def elements_used(report: dict) -> set:
    return {c["args"][0] for c in report["calls"] if c["fn"] in ("GetValue", "SetValue")}


def test_full_pass_uses_only_3rd_edition_elements(launch):
    run = launch("minimal", EDITION, cmi={"learner_name": "Jane Doe"})
    read_lessons(run)
    knowledge_check(run)
    run.next("final")
    final(run, right=True)
    expect(run.course.get_by_text("Your score: 100%")).to_be_visible()
    run.next("survey")
    survey(run)
    run.next("completion")
    expect(run.course.locator("[data-field=status]")).to_have_text("Complete")
    report = run.leave()
    assert_clean_calls(report)
    cmi = report["data"]["cmi"]
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    assert (cmi["score"]["scaled"], cmi["score"]["raw"], cmi["exit"]) == ("1", "100", "normal")
    # a survey answer is neither right nor wrong: its record carries no result (docs/tracking.md)
    assert [r.get("result", "") for r in interactions(report)] == ["correct"] * 3 + [""] * 2
    used = elements_used(report)
    assert "cmi.suspend_data" in used and "cmi.interactions.1.learner_response" in used
    assert sorted(e for e in used if not ELEMENT_3RD.match(e)) == []
    assert max(len(c["args"][1]) for c in report["calls"]
               if c["fn"] == "SetValue" and c["args"][0] == "cmi.suspend_data") <= SUSPEND_DATA_SPM_3RD


def test_leave_and_resume(launch):
    run = launch("minimal", EDITION)
    read_lessons(run)
    knowledge_check(run)
    run.next("final")
    run.course.get_by_label("Square").check()
    report = run.leave()
    assert_clean_calls(report)
    assert json.loads(report["values"]["cmi.suspend_data"])["v"] == 2
    again = launch("minimal", EDITION, cmi=resume_data("2004", report))
    again.at("final")
    expect(again.course.get_by_label("Square")).to_be_checked()
    report = again.leave()
    assert_clean_calls(report)
    assert sorted(e for e in elements_used(report) if not ELEMENT_3RD.match(e)) == []
