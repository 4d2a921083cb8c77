"""A parsed YAML document kept by the cache (scormbuild.load.yaml_record) reads back as the
parser gave it: the same values of the same types, and every key's and value's position."""

from __future__ import annotations

from typing import Any, Optional

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scormbuild.errors import Diagnostics
from scormbuild.load import yaml_record
from scormbuild.load.yaml_source import LocatedList, LocatedMap, YamlSource, parse_yaml

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10 ** 30, 10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), st.dates(),
    st.datetimes(), st.binary(max_size=12))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans()),
                    inner, max_size=4)), max_leaves=15)


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types, with the same marks (NaN equals NaN here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LocatedMap):
        return (a.mark == b.mark and list(a) == list(b) and a.key_marks == b.key_marks
                and a.value_marks == b.value_marks and all(same(a[k], b[k]) for k in a))
    if isinstance(a, LocatedList):
        return (a.mark == b.mark and a.item_marks == b.item_marks and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def parsed(text: str) -> Optional[YamlSource]:
    diagnostics = Diagnostics()
    source = parse_yaml(text, "course/module.yaml", diagnostics)
    return source if not diagnostics.items else None


@settings(max_examples=150, deadline=None)
@given(VALUES, st.sampled_from([None, True]))
def test_a_record_reads_back_as_the_document_parsed(value: Any, flow: Optional[bool]) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    source = parsed(text)
    if source is None:   # e.g. keys that differ as values but not as YAML: not kept anyway
        return
    record = yaml_record.encode(source)
    assert record is not None
    back = yaml_record.decode(record)
    assert back is not None
    assert (back.path, back.line_offset) == (source.path, source.line_offset)
    assert same(back.data, source.data)


def test_marks_point_where_the_parser_put_them() -> None:
    text = "title: A course\nmodules:\n  - one\n  - {id: two, n: 2}\nwhen: 2026-12-02\n"
    source = parsed(text)
    assert source is not None
    back = yaml_record.decode(yaml_record.encode(source) or b"")
    assert back is not None
    for path in [("title",), ("modules", 0), ("modules", 1, "n"), ("when",)]:
        assert back.locate(path) == source.locate(path)
    assert back.locate_key(("modules", 1, "id")) == source.locate_key(("modules", 1, "id"))


def test_a_document_whose_alias_shares_a_value_is_not_kept() -> None:
    source = parsed("base: &b {x: 1}\nother: *b\n")
    assert source is not None and yaml_record.encode(source) is None


def test_an_empty_document_is_kept() -> None:
    source = parsed("# nothing but a comment\n")
    assert source is not None and source.data is None
    back = yaml_record.decode(yaml_record.encode(source) or b"")
    assert back is not None and back.data is None


def test_a_damaged_record_is_none() -> None:
    source = parsed("a: [1, 2]\nb: {c: d}\n")
    assert source is not None
    record = yaml_record.encode(source)
    assert record is not None
    for damaged in (b"", b"{", record[:-1], record.replace(b'"map"', b'"nap"'),
                    record.replace(b'"items"', b'"itemz"'), b'{"path": 1, "offset": 0}',
                    b'{"path": "x", "offset": 0, "data": [1]}',
                    b'{"path": "x", "offset": 0, "data": {"date": "not a date"}}',
                    b'{"path": "x", "offset": 0, "data": {"list": [1, "a"], "items": []}}'):
        assert yaml_record.decode(damaged) is None, damaged
