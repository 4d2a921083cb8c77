"""YAML reading that keeps where every key and value stood, for path:line:col diagnostics."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import yaml

from scormbuild.errors import Diagnostics, Location

Mark = Tuple[int, int]  # 1-based line, column


class LocatedMap(dict):
    """A YAML mapping that remembers the position of itself, its keys and its values."""

    mark: Mark = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: Dict[Any, Mark] = {}
        self.value_marks: Dict[Any, Mark] = {}


class LocatedList(list):
    """A YAML sequence that remembers the position of itself and each item."""

    mark: Mark = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_marks: List[Mark] = []


class YamlSource:
    """One YAML document with its display path; positions are offset for front matter."""

    def __init__(self, path: str, data: Any, line_offset: int = 0):
        self.path = path
        self.data = data
        self.line_offset = line_offset

    def location(self, mark: Optional[Mark]) -> Location:
        if mark is None:
            return Location(self.path)
        return Location(self.path, mark[0] + self.line_offset, mark[1])

    def locate(self, loc: Tuple[Any, ...]) -> Location:
        """Find the position of the value at a key path such as ('modules', 2, 'title')."""
        node: Any = self.data
        mark = getattr(node, "mark", (1, 1))
        for part in loc:
            if isinstance(node, LocatedMap) and part in node:
                mark, node = node.value_marks.get(part, mark), node[part]
            elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
                mark, node = node.item_marks[part], node[part]
            else:
                break
        return self.location(mark)

    def locate_key(self, loc: Tuple[Any, ...]) -> Location:
        """Find the position of the last key of a path (for misspelt keys)."""
        parent = self.data
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                return self.locate(loc)
        if isinstance(parent, LocatedMap) and loc and loc[-1] in parent.key_marks:
            return self.location(parent.key_marks[loc[-1]])
        return self.locate(loc)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> Optional[yaml.Node]:
    """Compose with the C parser when PyYAML has it (several times faster, same marks).

    A broken file is read again by the pure-Python parser, so that the message a user sees
    is the same whichever parser this machine has.
    """
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turns composed YAML nodes into plain values, keeping marks; reports duplicate keys."""

    def __init__(self, source_path: str, diagnostics: Diagnostics, line_offset: int):
        self.loader = yaml.SafeLoader("")
        self.path = source_path
        self.diagnostics = diagnostics
        self.line_offset = line_offset

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            out = LocatedList()
            out.mark = _mark(node)
            for item in node.value:
                out.append(self.convert(item))
                out.item_marks.append(_mark(item))
            return out
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode) -> LocatedMap:
        out = LocatedMap()
        out.mark = _mark(node)
        self.loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in out:
                line, col = _mark(key_node)
                first = out.key_marks[key][0] + self.line_offset
                self.diagnostics.error(Location(self.path, line + self.line_offset, col),
                                       f"duplicate key '{key}' (first given on line {first})")
                continue
            out[key] = self.convert(value_node)
            out.key_marks[key] = _mark(key_node)
            out.value_marks[key] = _mark(value_node)
        return out


def parse_yaml(text: str, path: str, diagnostics: Diagnostics,
               line_offset: int = 0) -> Optional[YamlSource]:
    """Parse one YAML document; on a syntax error report it and return None."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(path)
        problem = exc.problem or exc.context or "invalid YAML"
        diagnostics.error(loc, f"YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Location(path), f"YAML syntax error: {exc}")
        return None
    if node is None:
        return YamlSource(path, None, line_offset)
    try:
        data = _Converter(path, diagnostics, line_offset).convert(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        loc = Location(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(path)
        diagnostics.error(loc, f"YAML error: {exc.problem}")
        return None
    return YamlSource(path, data, line_offset)
