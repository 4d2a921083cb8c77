"""YAML reading that keeps where every key and value stood, for path:line:col diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple

import yaml

from scormbuild.errors import Diagnostics, Location
from scormbuild.fields import YesNoWord
from scormbuild.load import yaml_hints
from scormbuild.load.text_lines import HIDDEN_BREAKS, hidden_breaks
from scormbuild.load.limits import YAML_ALIASES, YAML_DEPTH, YAML_EXPANSION

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


class LimitExceeded(Exception):
    """A YAML file goes past one of the structure limits in load.limits."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


def _compose(text: str) -> Optional[yaml.Node]:
    """Compose with the C parser when PyYAML has it (several times faster, same marks).

    A broken file is read again by the pure-Python parser, so that the message a user sees
    is the same whichever parser this machine has.
    """
    try:
        return _BoundedComposer(text, _FAST_LOADER).single_document()
    except yaml.YAMLError:
        return _BoundedComposer(text, yaml.SafeLoader).single_document()


@dataclass
class _Open:
    """A sequence or mapping whose end event has not come yet."""

    node: yaml.Node
    anchor: Optional[str]
    items: List[yaml.Node] = field(default_factory=list)
    size: int = 1  # values it holds once aliases are expanded, itself included


class _BoundedComposer:
    """PyYAML's composer without recursion, with limits on nesting, aliases and expansion.

    PyYAML composes recursively (deep nesting ends in RecursionError) and lets an alias refer
    to the collection that contains it. Here the nodes are built from the event stream with an
    explicit stack, and every alias is counted with the size it expands to, so an alias bomb
    is refused after reading it once instead of being expanded.
    """

    def __init__(self, text: str, loader_class: type):
        self.loader = loader_class(text)
        self.anchors: Dict[str, yaml.Node] = {}
        self.sizes: Dict[str, int] = {}      # expanded size of each finished anchored node
        self.aliases = 0
        self.expanded = 0

    def single_document(self) -> Optional[yaml.Node]:
        try:
            self.loader.get_event()  # stream start
            if self.loader.check_event(yaml.StreamEndEvent):
                return None
            self.loader.get_event()  # document start
            root = self._node()
            self.loader.get_event()  # document end
            if not self.loader.check_event(yaml.StreamEndEvent):
                raise yaml.composer.ComposerError(
                    None, None, "a second YAML document (a line with ---) starts here, but a "
                    "file holds one: delete the '---' line", self.loader.get_event().start_mark)
            return root
        finally:
            self.loader.dispose()

    def _node(self) -> yaml.Node:
        stack: List[_Open] = []
        while True:
            event = self.loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append(self._open(event, len(stack)))
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node, size = self._close(stack.pop(), event)
            elif isinstance(event, yaml.AliasEvent):
                node, size = self._alias(event)
            else:
                node, size = self._scalar(event), 1
            if not stack:
                return node
            stack[-1].items.append(node)
            stack[-1].size += size

    def _tag(self, kind: type, event: Any, value: Optional[str]) -> str:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            return self.loader.resolve(kind, value, event.implicit)
        return tag

    def _anchor(self, event: Any, node: yaml.Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self.anchors:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor].start_mark, "second occurrence", event.start_mark)
        self.anchors[anchor] = node

    def _scalar(self, event: Any) -> yaml.Node:
        node = yaml.ScalarNode(self._tag(yaml.ScalarNode, event, event.value), event.value,
                               event.start_mark, event.end_mark, style=event.style)
        self._anchor(event, node)
        if event.anchor is not None:
            self.sizes[event.anchor] = 1
        return node

    def _open(self, event: Any, depth: int) -> _Open:
        if depth >= YAML_DEPTH.value:
            raise LimitExceeded(event.start_mark, YAML_DEPTH.message("nested too deeply"))
        kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        node = kind(self._tag(kind, event, None), [], event.start_mark, None,
                    flow_style=event.flow_style)
        self._anchor(event, node)
        return _Open(node, event.anchor)

    def _close(self, done: _Open, event: Any) -> Tuple[yaml.Node, int]:
        node = done.node
        node.end_mark = event.end_mark
        if isinstance(node, yaml.MappingNode):
            node.value = list(zip(done.items[::2], done.items[1::2]))
        else:
            node.value = done.items
        if done.anchor is not None:
            self.sizes[done.anchor] = done.size
        return node, done.size

    def _alias(self, event: Any) -> Tuple[yaml.Node, int]:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {anchor!r}",
                                              event.start_mark)
        if anchor not in self.sizes:  # still open: the alias is inside its own anchor
            raise LimitExceeded(event.start_mark, f"alias '*{anchor}' refers to a collection "
                                                  f"that contains it (an endless structure)")
        self.aliases += 1
        if self.aliases > YAML_ALIASES.value:
            raise LimitExceeded(event.start_mark, YAML_ALIASES.message(
                "too many aliases (*name)"))
        self.expanded += self.sizes[anchor]
        if self.expanded > YAML_EXPANSION.value:
            raise LimitExceeded(event.start_mark, YAML_EXPANSION.message(
                "aliases (*name) expand to too many values"))
        return self.anchors[anchor], self.sizes[anchor]


def _same_int(value: Any, text: str) -> bool:
    return str(value) == text.lstrip("+")


def _same_float(value: Any, text: str) -> bool:
    return str(value) == text.lstrip("+") or f"{value:g}" == text.lstrip("+")


def _same_date(value: Any, text: str) -> bool:
    return str(value) == text


# YAML 1.1 (PyYAML) reads plain scalars such as 1:10 (70, base 60), 0700 (448, octal), 1_000,
# 1.10 (1.1: a version!) and 12:30 as numbers, which a text field would show as 70 or 448.
# A plain int, float or date is kept as a value only when it writes back as the author wrote
# it; otherwise the scalar stays the text written (a number field still parses "0.50").
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
# the rest of a key's line when its value is only a comment: ':', spaces, '#…'
_COMMENT_VALUE = re.compile(r"^\s*:[ \t]+(#.*)$")
_AS_WRITTEN: Dict[str, Callable[[Any, str], bool]] = {
    "tag:yaml.org,2002:int": _same_int,
    "tag:yaml.org,2002:float": _same_float,
    "tag:yaml.org,2002:timestamp": _same_date,
}


_BOOL = "tag:yaml.org,2002:bool"
_TRUE_FALSE = ("true", "false")
_MERGE = "tag:yaml.org,2002:merge"


# A backslash code in a text in double quotes (YAML 1.1, 5.7: escaped characters).
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SINGLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
                   "r": "\r", "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}


def _escaped(code: str) -> str:
    """What a backslash code stands for (a code that makes no control character: itself)."""
    if len(code) > 1:
        return chr(int(code[1:], 16))
    return _SINGLE_ESCAPES.get(code, code)


def _is_invisible(text: str) -> bool:
    """Whether a text holds a control character other than tab and line feed, or a line break
    editors do not show (what only an escape can put in a YAML text)."""
    return any((ch < " " and ch not in "\t\n") or "\x7f" <= ch <= "\x9f" or ch in "\u2028\u2029"
               for ch in text)


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turns composed YAML nodes into plain values, keeping marks; reports duplicate keys.

    An aliased node is converted once and shared (never expanded again), and the recursion is
    bounded by the composer's nesting limit.
    """

    def __init__(self, source_path: str, diagnostics: Diagnostics, line_offset: int,
                 text: str = "", prose_keys: FrozenSet[str] = frozenset()):
        self.loader = yaml.SafeLoader("")
        self.prose_keys = prose_keys  # keys whose texts people read (plain_text.prose_keys)
        self.text = text
        self._lines: Optional[List[str]] = None  # split when a check needs them
        self.path = source_path
        self.diagnostics = diagnostics
        self.line_offset = line_offset
        self.done: Dict[int, Any] = {}  # id(node) -> its value, for nodes reached twice

    def convert(self, node: yaml.Node, key: Any = None) -> Any:
        """node's value; key is the mapping key it (or the list holding it) is the value of."""
        if id(node) in self.done:
            return self.done[id(node)]
        if isinstance(node, yaml.MappingNode):
            value: Any = self._mapping(node)
        elif isinstance(node, yaml.SequenceNode):
            value = LocatedList()
            value.mark = _mark(node)
            for item in node.value:
                value.append(self.convert(item, key))
                value.item_marks.append(_mark(item))
        else:
            value = self._scalar(node, key)
        self.done[id(node)] = value
        return value

    def _scalar(self, node: yaml.Node, key: Any = None) -> Any:
        """A scalar's value; a plain number or date YAML 1.1 would write differently from how
        the author did stays the author's text (see _AS_WRITTEN)."""
        plain = getattr(node, "style", None) in (None, "")
        if getattr(node, "style", None) == '"' and _is_invisible(node.value):
            return self._invisible_escape(node)
        if plain and node.tag == _BOOL and node.value.lower() not in _TRUE_FALSE:
            return YesNoWord(node.value, self.loader.construct_object(node, deep=True))
        if not plain or node.tag not in _AS_WRITTEN:  # quoted, or text
            if plain and node.tag == _STR:
                if node.start_mark.line != node.end_mark.line:
                    self._check_joined_item(node)
                if "#" in self.text:
                    self._check_cut_text(node, key in self.prose_keys)
            return self.loader.construct_object(node, deep=True)
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:  # 2024-02-30: PyYAML's date() refuses it
            line, col = _mark(node)
            self.diagnostics.error(Location(self.path, line + self.line_offset, col),
                                   f"'{node.value}' reads as a date, but that day does not "
                                   "exist: correct it (or put the text in quotes)")
            return node.value
        return value if _AS_WRITTEN[node.tag](value, node.value) else node.value

    def _invisible_escape(self, node: yaml.Node) -> str:
        r"""A text in double quotes where a backslash made an invisible control character ('\e'
        in 'S:\education'): named at that backslash; the value comes back without it (an
        error: nothing is built), so no page or manifest ever holds one."""
        start, end = node.start_mark.index, node.end_mark.index
        for escape in _ESCAPE.finditer(self.text, start, end):
            if _is_invisible(_escaped(escape.group(1))):
                before = self.text[:escape.start()]
                line, col = before.count("\n"), escape.start() - (before.rfind("\n") + 1)
                self.diagnostics.error(
                    self._at(line, col),
                    f"'\\{escape.group(1)}' in a text in double quotes is YAML's code for an "
                    "invisible control character, so the text is not kept as written: write each "
                    "backslash twice ('\\\\') or put the text in single quotes")
                break
        return "".join(ch for ch in node.value if not _is_invisible(ch))

    @property
    def lines(self) -> List[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def _at(self, line: int, col: int) -> Location:
        """A 0-based line and column of this text as a location."""
        return Location(self.path, line + 1 + self.line_offset, col + 1)

    def _check_joined_item(self, node: yaml.Node) -> None:
        """A wrapped plain text whose next line starts with '- ': a list item indented more
        than the one above, which YAML reads as more of its text ('- Nurses' / '    - Doctors'
        is the one item 'Nurses - Doctors')."""
        for n in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.lines))):
            stripped = self.lines[n].lstrip(" ")
            if stripped == "-" or stripped.startswith("- "):
                self.diagnostics.error(
                    self._at(n, len(self.lines[n]) - len(stripped)),
                    "this line starts a list item ('- ') but is indented more than the item "
                    f"above, so YAML reads it as more of that item's text ('{node.value}'): "
                    "indent it like the other items")
                return

    def _check_empty_value(self, key_node: yaml.Node, value_node: yaml.Node, key: Any) -> Any:
        """'primary: #005eb8' leaves the key empty: ' #' starts a comment. Reported, and the
        comment's text is kept as the value so that the checks after this one read what the
        author meant (the build fails on the error anyway)."""
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag == _NULL
                and value_node.value == "" and "#" in self.text):
            return None
        end = key_node.end_mark
        found = _COMMENT_VALUE.match(self.lines[end.line][end.column:]) \
            if end.line < len(self.lines) else None
        if found is None:
            return None
        comment = found.group(1).rstrip()
        self.diagnostics.error(
            self._at(end.line, end.column + found.start(1)),
            f"'{comment}' is read as a comment ('#' after a space starts a comment in YAML), "
            f"so '{key}' has no value: put the value in quotes: {key}: \"{comment}\"")
        return comment

    def _check_cut_text(self, node: yaml.Node, prose: bool) -> None:
        """' #' ends a plain text and starts a comment ('prompt: What is the #1 cause?' reads
        'What is the'). A comment lined up two or more spaces after the value (as the examples
        in docs/course-format.md are) is taken as meant. After a text people read (prose) a
        comment one space after it is an error: such texts are almost never commented, and
        the rest of the line is lost. After a name ('file: check.yaml # the quiz'), one word
        then '# ' is taken as meant, anything else is a warning."""
        end = node.end_mark
        if end.line >= len(self.lines):
            return
        self._check_cut_continuation(node)
        rest = self.lines[end.line][end.column:]
        stripped = rest.lstrip(" \t")
        if not stripped.startswith("#") or stripped is rest or len(rest) - len(stripped) > 1:
            return  # no comment, '#' in the text, or a comment lined up after the value
        value = str(node.value)
        col = end.column + len(rest) - len(stripped) + 1
        where = Location(self.path, end.line + 1 + self.line_offset, col)
        comment = stripped if len(stripped) <= 30 else stripped[:29] + "…"
        if prose:
            self.diagnostics.error(where, f"'{comment}' is a YAML comment (' #' starts one), so "
                                          f"the text ends at '{value}' and the rest of the line "
                                          "is lost: put the whole text in quotes (for a "
                                          "comment, leave two spaces before its '#')")
        elif " " in value or stripped[1:2] not in (" ", "\t", ""):
            self.diagnostics.warning(
                where, f"'{comment}' is a YAML comment (' #' starts one), so the text ends at "
                       f"'{value}': if it belongs to the text, put the whole text in quotes; if "
                       "it is a comment, leave two spaces before its '#'")

    def _check_cut_continuation(self, node: yaml.Node) -> None:
        """A text wrapped onto the next line, whose next line starts with '#': the rest of the
        text is a comment ('prompt: Larotrectinib is the' / '  #1 choice …')."""
        after = node.end_mark.line + 1
        if after >= len(self.lines):
            return
        line = self.lines[after]
        stripped = line.lstrip(" ")
        key_line = self.lines[node.start_mark.line]
        key_indent = len(key_line) - len(key_line.lstrip(" "))
        if stripped.startswith("#") and len(line) - len(stripped) > key_indent \
                and stripped[1:2] not in (" ", "\t", ""):
            comment = stripped if len(stripped) <= 30 else stripped[:29] + "…"
            self.diagnostics.warning(
                Location(self.path, after + 1 + self.line_offset, len(line) - len(stripped) + 1),
                f"'{comment}' is a YAML comment (a line starting with '#'), so the text above "
                f"ends at '{node.value}': if it belongs to the text, put the whole text in "
                "quotes")

    def _mapping(self, node: yaml.MappingNode) -> LocatedMap:
        out = LocatedMap()
        out.mark = _mark(node)
        written = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE)
        self.loader.flatten_mapping(node)  # merged pairs ('<<: *anchor') first, then those written
        merged = len(node.value) - written
        from_merge: Set[Any] = set()  # keys whose value came from a merged mapping
        for n, (key_node, value_node) in enumerate(node.value):
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in out and (n < merged or key in from_merge):
                # the later pair replaces: PyYAML lists the mappings of '<<: [*a, *b]' so that
                # the first named comes last, and a key written beside '<<:' after them all
                if n >= merged:
                    from_merge.discard(key)
            elif key in out:
                line, col = _mark(key_node)
                first = out.key_marks[key][0] + self.line_offset
                self.diagnostics.error(Location(self.path, line + self.line_offset, col),
                                       f"duplicate key '{key}' (first given on line {first})")
                continue
            elif n < merged:
                from_merge.add(key)
            comment = self._check_empty_value(key_node, value_node, key)
            out[key] = self.convert(value_node, key) if comment is None else comment
            out.key_marks[key] = _mark(key_node)
            out.value_marks[key] = _mark(value_node)
        return out


def _report_syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str,
                         diagnostics: Diagnostics, line_offset: int) -> None:
    """Say what is wrong in plain words where a hint knows; the parser's words follow."""
    problem = exc.problem or exc.context or "invalid YAML"
    hint = yaml_hints.explain(exc, text)
    if hint is not None:
        diagnostics.error(Location(path, hint.line + 1 + line_offset, hint.column + 1),
                          f"YAML syntax error: {hint.message} (the parser says: {problem})")
        return
    mark = exc.problem_mark or exc.context_mark
    loc = Location(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(path)
    diagnostics.error(loc, f"YAML syntax error: {problem}")


# Spaces YAML does not count as indentation, which an editor or a copy from a web page or a
# word processor puts at the start of a line: each is named, so the author can find it.
ODD_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u2007": "a figure space (U+2007)",
    "\u2002": "an en space (U+2002)",
    "\u2003": "an em space (U+2003)",
    "\u2009": "a thin space (U+2009)",
    "\u3000": "an ideographic space (U+3000)",
}
_INDENT = re.compile("^[ \t" + "".join(ODD_SPACES) + "]+", re.MULTILINE)


def _plain_indentation(text: str, path: str, diagnostics: Diagnostics, line_offset: int) -> str:
    """Report a line indented with a space YAML does not count (ODD_SPACES); the text comes
    back with those made ordinary spaces (same columns), so the rest of the file is checked."""
    if not any(ch in text for ch in ODD_SPACES):
        return text
    for indent in _INDENT.finditer(text):
        odd = next((i for i, ch in enumerate(indent.group(0)) if ch in ODD_SPACES), None)
        if odd is None:
            continue
        line = text.count("\n", 0, indent.start()) + 1
        name = ODD_SPACES[indent.group(0)[odd]]
        diagnostics.error(Location(path, line + line_offset, odd + 1),
                          f"this line is indented with {name}, which YAML does not count as a "
                          "space: replace it with ordinary spaces")
    return _INDENT.sub(lambda m: re.sub("[" + "".join(ODD_SPACES) + "]", " ", m.group(0)), text)


def _hidden_breaks(text: str, path: str, diagnostics: Diagnostics, line_offset: int) -> str:
    """Report each line break an editor does not show (text_lines.HIDDEN_BREAKS): YAML starts a
    new line there, so a text would end or a key begin where the author sees none. The text
    comes back with each made a space, so the rest of the file is checked, and its positions
    given, as the editor shows it."""
    found = list(hidden_breaks(text))
    for line, col, name in found:
        diagnostics.error(Location(path, line + 1 + line_offset, col + 1),
                          f"{name}, which editors do not show: YAML reads it as a new line; "
                          "delete it or make it an ordinary line break")
    return text.translate({ord(ch): " " for ch in HIDDEN_BREAKS}) if found else text


def parse_yaml(text: str, path: str, diagnostics: Diagnostics, line_offset: int = 0,
               prose_keys: FrozenSet[str] = frozenset()) -> Optional[YamlSource]:
    """Parse one YAML document; on a syntax error report it and return None.

    prose_keys: the keys whose texts people read, where a comment cuts a text short."""
    text = _hidden_breaks(_plain_indentation(text, path, diagnostics, line_offset), path,
                          diagnostics, line_offset)
    try:
        node = _compose(text)
    except LimitExceeded as exc:
        diagnostics.error(Location(path, exc.mark.line + 1 + line_offset, exc.mark.column + 1),
                          exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        _report_syntax_error(exc, text, path, diagnostics, line_offset)
        return None
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        diagnostics.error(Location(path, line + line_offset, col),
                          f"YAML does not allow the character U+{code:04X} here: "
                          "delete it")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Location(path), f"YAML syntax error: {exc}")
        return None
    if node is None:
        return YamlSource(path, None, line_offset)
    try:
        data = _Converter(path, diagnostics, line_offset, text, prose_keys).convert(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        loc = Location(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(path)
        diagnostics.error(loc, f"YAML error: {exc.problem}")
        return None
    return YamlSource(path, data, line_offset)
