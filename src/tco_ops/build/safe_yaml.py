"""YAML that cannot surprise us: no tags, anchors, aliases or duplicate keys.

Alias expansion is a memory bomb ("billion laughs") and tags can construct
arbitrary objects, so both are refused before anything is built. Mappings
remember the line of every key, so later checks can point at it. `yes`/`no`
stay strings: a country code `NO` must not become False.
"""

from __future__ import annotations

import re

import yaml

from ..errors import Problem

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader

_BOOL = "tag:yaml.org,2002:bool"


class LineDict(dict):
    """A mapping from YAML that knows its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(_Base):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line):
        self.key, self.line = key, line


def _construct_mapping(loader, node):
    offset = getattr(loader, "line_offset", 0)
    out = LineDict()
    out.line = node.start_mark.line + 1 + offset
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _DuplicateKey(key, key_node.start_mark.line + 1) from None
        if key in out:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1 + offset
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_REFUSED = {
    yaml.AnchorToken: ("an anchor (&name)", "write the value out in full; anchors and aliases are refused"),
    yaml.AliasToken: ("an alias (*name)", "write the value out in full; anchors and aliases are refused"),
    yaml.TagToken: ("a tag (!!type or !name)", "remove the tag; plain YAML scalars, lists and mappings only"),
}


def load(text: str, file: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse `text` (from `file`, starting at `first_line`); never raises on bad input."""
    offset = first_line - 1
    try:
        for token in yaml.scan(text, Loader=_Loader):
            refused = _REFUSED.get(type(token))
            if refused:
                what, fix = refused
                return None, [Problem(file, token.start_mark.line + 1 + offset, f"YAML {what} is not allowed",
                                      getattr(token, "value", None), fix)]
        loader = _Loader(text)
        loader.line_offset = offset
        try:
            return loader.get_single_data(), []
        finally:
            loader.dispose()
    except _DuplicateKey as exc:
        return None, [Problem(file, exc.line + offset, "duplicate or unhashable key", exc.key,
                              "each key may appear once per mapping; merge or remove the repeat")]
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
    except RecursionError:
        return None, [Problem(file, first_line, "YAML nested too deeply", None, "flatten the structure")]
