"""Chromium takes the flagship's worst-case SCORM 2004 record as Moodle sends it on leaving.

Moodle's 2004 player posts every element as one multipart form field (names with "__") through
navigator.sendBeacon while the page unloads; Chromium refuses a keepalive body above 64 KiB
(issue #16). Here Chromium itself encodes the record: its byte count must be the build's figure,
and the beacon must be accepted for the flagship and refused for a course far above the limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest
from paths import REPO, synthetic_course

from scormbuild.load.course_loader import load_course
from scormbuild.render import lms_record

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SEND = """async ([fields, target]) => {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    const encoded = await new Response(form).arrayBuffer();
    return {bytes: encoded.byteLength, sent: navigator.sendBeacon(target, form)};
}"""


def record(source: Path) -> Tuple[List[Tuple[str, str]], int]:
    course, _ = load_course(source, None, False)
    return lms_record.fields(course), lms_record.worst_case(course).bytes


def test_chromium_sends_the_flagship_record_as_a_beacon(context, server, tmp_path: Path) -> None:
    page = context.new_page()
    page.goto(f"{server.base}/lms/lms.html")
    target = f"{server.base}/lms/beacon"
    # first a course far above the limit: refused, so nothing stays in flight for the next one
    big_fields, big_bytes = record(synthetic_course(tmp_path / "big", 200))
    big = page.evaluate(SEND, [big_fields, target])
    assert big == {"bytes": big_bytes, "sent": False} and big_bytes > 64 * 1024
    fields, size = record(REPO / "course")
    sent = page.evaluate(SEND, [fields, target])
    assert sent == {"bytes": size, "sent": True}
    assert size <= 48 * 1024
