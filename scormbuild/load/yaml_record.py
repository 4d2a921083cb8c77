"""A parsed YAML document (load.yaml_source.YamlSource) as JSON, so that a cache can keep it.

Parsing YAML with the position of every key and value is the dearest part of reading a
course's YAML files, and a rebuild after a one-lesson edit read every module and quiz file
again. The record keeps the values and every mark, and reads back into the same LocatedMap
and LocatedList objects. Only what a JSON record can say exactly is kept: strings, integers,
booleans, None, floats (non-finite ones as text), dates and times, bytes; a document with
anything else, or in which an alias (``*name``) makes two places share one value, is not
kept (``encode`` returns None) and is parsed every time.
"""

from __future__ import annotations

import base64
import json
import math
from datetime import date, datetime
from typing import Any, List, Optional, Set

from scormbuild.load.yaml_source import LocatedList, LocatedMap, Mark, YamlSource


class _Unkept(Exception):
    """A value a record cannot hold exactly."""


def encode(source: YamlSource) -> Optional[bytes]:
    try:
        body = {"path": source.path, "offset": source.line_offset,
                "data": _encode(source.data, set())}
        return json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (_Unkept, ValueError, RecursionError):
        return None


def decode(record: bytes) -> Optional[YamlSource]:
    """The document a record holds; None for a record that does not read back (damaged)."""
    try:
        body = json.loads(record)
        path, offset = body["path"], body["offset"]
        if not isinstance(path, str) or type(offset) is not int:
            return None
        return YamlSource(path, _decode(body["data"]), offset)
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def _encode(value: Any, seen: Set[int]) -> Any:
    if isinstance(value, (LocatedMap, LocatedList)):
        if id(value) in seen:  # shared through an alias: a record would make two copies
            raise _Unkept()
        seen.add(id(value))
        if isinstance(value, LocatedMap):
            return {"map": list(value.mark),
                    "items": [[_encode(k, seen), list(value.key_marks[k]),
                               list(value.value_marks[k]), _encode(v, seen)]
                              for k, v in value.items()]}
        return {"list": list(value.mark),
                "items": [[list(m), _encode(v, seen)] for m, v in zip(value.item_marks, value)]}
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if type(value) is datetime:
        return {"datetime": value.isoformat()}
    if type(value) is date:
        return {"date": value.isoformat()}
    if type(value) is bytes:
        return {"bytes": base64.b64encode(value).decode("ascii")}
    raise _Unkept()


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        if isinstance(value, list):
            raise TypeError("a list where a value was expected")
        return value
    if "map" in value:
        found = LocatedMap()
        found.mark = _mark(value["map"])
        for key, key_mark, value_mark, item in value["items"]:
            key = _decode(key)
            found[key] = _decode(item)
            found.key_marks[key], found.value_marks[key] = _mark(key_mark), _mark(value_mark)
        return found
    if "list" in value:
        items = LocatedList()
        items.mark = _mark(value["list"])
        for item_mark, item in value["items"]:
            items.append(_decode(item))
            items.item_marks.append(_mark(item_mark))
        return items
    (kind, text), = value.items()
    if kind == "float":
        return float(text)
    if kind == "datetime":
        return datetime.fromisoformat(text)
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "bytes":
        return base64.b64decode(text, validate=True)
    raise TypeError(f"unknown value kind {kind!r}")


def _mark(value: List[Any]) -> Mark:
    line, col = value
    if type(line) is not int or type(col) is not int:
        raise TypeError("a mark is two integers")
    return (line, col)
