"""YAML that cannot surprise us: no tags, anchors, aliases, duplicate keys or deep nesting.

One pass over the (C) parser's events builds plain Python values: alias
expansion is a memory bomb ("billion laughs") and tags can construct
arbitrary objects, so both are refused as they stream by. Mappings remember
the line of every key, so later checks can point at it. Plain scalars resolve
like YAML 1.1's safe loader, with two deliberate differences: `yes`/`no`/`on`
stay strings (a country code `NO` must not become False), and numbers with a
leading zero stay strings (a national code `0123` is not octal 83). Integers
are plain digits only: `1__0`, `+5`, `1_000` stay text (YAML 1.1 would read
`1__0` as 10), so a count check can ask for digits instead of publishing a
number nobody typed.

Every string (keys too) is checked for control and format characters: a
double-quoted "\x1b[2J", "\0" or "\u202e" would otherwise reach the published
tables. Line breaks and tabs are allowed only in the free-text keys (TEXT_KEYS).
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from ..errors import Problem
from .values import bad_char, char_problem

try:  # libyaml's parser is several times faster; fall back where it is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32  # seeds need 4; anything deeper is a mistake or an attack
TEXT_KEYS = frozenset({"summary", "note", "reason", "rights"})  # free text: may span lines
MAX_CHAR_PROBLEMS = 20  # per file; one bad paste can repeat a character everywhere

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # no +, no _, no 0x/0o, no 1:30
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class LineDict(dict):
    """A mapping from YAML that knows its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


def _plain(value: str):
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts: keep the text, checks reject it
            return value
    if _FLOAT.fullmatch(value):
        return float(value)
    if m := _DATE.fullmatch(value):
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            return value  # an impossible date stays text, for the date checks to explain
    return value


class _Refused(Exception):
    def __init__(self, line: int, message: str, value, fix: str):
        self.line, self.message, self.value, self.fix = line, message, value, fix


def _build(events, offset: int, char_problems: list):
    stack: list = []  # open containers: [container, pending key or _NO_KEY]
    root = _NOTHING = object()
    documents = 0
    for ev in events:
        kind = type(ev)
        line = ev.start_mark.line + 1 + offset
        if kind is yaml.AliasEvent:
            raise _Refused(line, "YAML alias (*name) is not allowed", ev.anchor,
                           "write the value out in full; anchors and aliases are refused")
        if getattr(ev, "anchor", None) is not None:
            raise _Refused(line, "YAML anchor (&name) is not allowed", ev.anchor,
                           "write the value out in full; anchors and aliases are refused")
        if getattr(ev, "tag", None) is not None:
            raise _Refused(line, "YAML tag (!!type or !name) is not allowed", ev.tag,
                           "remove the tag; plain YAML scalars, lists and mappings only")
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(line, "more than one YAML document in the file", None,
                               "remove the extra `---` line: one document per file")
            continue
        if kind is yaml.ScalarEvent:
            if len(char_problems) < MAX_CHAR_PROBLEMS:
                _check_chars(ev.value, stack, line, char_problems)
            value = _plain(ev.value) if ev.implicit[0] else ev.value  # plain scalars resolve; quoted stay text
        elif kind is yaml.MappingStartEvent:
            value = LineDict()
            value.line, value.key_lines = line, {}
        elif kind is yaml.SequenceStartEvent:
            value = []
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            value = stack.pop()[0]
            if not stack:
                root = value
                continue
            _attach(stack, value, None)
            continue
        else:  # stream and document start/end
            continue
        if kind is not yaml.ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                raise _Refused(line, f"YAML nested more than {MAX_DEPTH} levels deep", None, "flatten the structure")
            stack.append([value, _NO_KEY])
            continue
        if not stack:
            root = value
        else:
            _attach(stack, value, line)
    return None if root is _NOTHING else root


_NO_KEY = object()


def _check_chars(text: str, stack: list, line: int, out: list) -> None:
    top = stack[-1] if stack else None
    is_value = top is not None and isinstance(top[0], dict) and top[1] is not _NO_KEY
    allowed = "\t\n" if is_value and top[1] in TEXT_KEYS else ""
    found = bad_char(text, allowed)
    if found is None:
        return
    at, ch = found
    where = (f"in the value of {top[1]!r}" if is_value else "in a key" if top is not None and
             isinstance(top[0], dict) else "in a list item" if top is not None else "in the document")
    message, fix = char_problem(ch, where)
    out.append(Problem("", line, message, text[max(0, at - 20):at + 20], fix))


def _attach(stack, value, line) -> None:
    top = stack[-1]
    container = top[0]
    if isinstance(container, list):
        container.append(value)
    elif top[1] is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise _Refused(line or container.line, "a mapping key must be plain text", None,
                           "keys are simple words like `field:`")
        if value in container:
            raise _Refused(line, "duplicate key", value, "each key may appear once per mapping; remove the repeat")
        top[1] = value
        container.key_lines[value] = line
    else:
        container[top[1]] = value
        top[1] = _NO_KEY


def load(text: str, file: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse `text` (from `file`, starting at `first_line`); never raises on bad input."""
    offset = first_line - 1
    chars: list[Problem] = []
    try:
        data = _build(yaml.parse(text, Loader=_Loader), offset, chars)
        if chars:
            return None, [Problem(file, p.line, p.message, p.value, p.fix) for p in chars]
        return data, []
    except _Refused as exc:
        return None, [Problem(file, exc.line, exc.message, exc.value, exc.fix)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 + offset != line:
            message += f" ({exc.context} that starts on line {exc.context_mark.line + 1 + offset})"
        return None, [Problem(file, line, message, None,
                              "fix the YAML near this line (indentation, a missing colon, an unclosed quote)")]
    except yaml.YAMLError as exc:  # e.g. a non-printable character
        return None, [Problem(file, first_line, f"unreadable YAML: {exc}", None,
                              "remove control characters and make sure the file is plain UTF-8 YAML")]
