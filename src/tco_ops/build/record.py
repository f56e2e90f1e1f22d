"""Take each key out of a seed mapping as it is used; whatever is left is a typo.

After OpenSanctions' zavod: a misspelt key (`qualifer:`) is reported with the
closest allowed key, never ignored.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .. import vocab
from ..errors import Problem
from .safe_yaml import LineDict

_SLUG = re.compile(vocab.SLUG_PATTERN)
MISSING = object()


def closest(value: str, candidates, n: int = 3) -> list[str]:
    return difflib.get_close_matches(str(value), list(candidates), n=n, cutoff=0.5)


def did_you_mean(value: str, candidates) -> str:
    near = closest(value, candidates)
    return f"did you mean {' or '.join(map(repr, near))}?" if near else ""


class Record:
    """One mapping from a seed file, with typed accessors that report problems."""

    def __init__(self, data, file: str, what: str, allowed: tuple[str, ...], problems: list[Problem],
                 line: int | None = None):
        self.file, self.what, self.allowed, self.problems = file, what, allowed, problems
        self.line = getattr(data, "line", line or 1)
        if not isinstance(data, dict):
            self.data = LineDict()
            self.data.line, self.data.key_lines = line or 1, {}
            self.ok = False
            self.problem(None, f"{what} must be a mapping of keys to values", data,
                         f"write it as `key: value` lines; allowed keys: {', '.join(allowed)}")
        else:
            self.data = data if isinstance(data, LineDict) else _as_linedict(data, line or 1)
            self.ok = True
        self.line = getattr(self.data, "line", line or 1)

    def line_of(self, key) -> int:
        return self.data.line_of(key) if isinstance(self.data, LineDict) else self.line

    def problem(self, key, message: str, value=None, fix: str = "", fatal: bool = True) -> None:
        if fatal:
            self.ok = False
        line = self.line_of(key) if key is not None else self.line
        self.problems.append(Problem(self.file, line, f"{self.what}: {message}", value, fix))

    # -- accessors -------------------------------------------------------------
    def raw(self, key: str, required: bool = False):
        assert key in self.allowed, key
        if key not in self.data or self.data[key] is None:
            self.data.pop(key, None)
            if required:
                self.problem(None, f"missing required key {key!r}", None, f"add `{key}:`")
            return MISSING
        return self.data.pop(key)

    def str(self, key: str, required: bool = False, pattern: str | None = None, choices=None,
            max_len: int = 10_000) -> str | None:
        value = self.raw(key, required)
        if value is MISSING:
            return None
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            value = value.isoformat() if isinstance(value, dt.date) else str(value)
        if not isinstance(value, str):
            self.problem(key, f"{key!r} must be text", value, f"write {key} as a plain string")
            return None
        value = value.strip()
        if not value:
            if required:
                self.problem(key, f"{key!r} is empty", value, f"give {key} a value")
            return None
        if len(value) > max_len:
            self.problem(key, f"{key!r} is longer than {max_len} characters", value[:40], "shorten it")
            return None
        if choices is not None and value not in choices:
            self.problem(key, f"{key!r} is not one of the allowed values", value,
                         f"{did_you_mean(value, choices)} allowed: {', '.join(choices)}".strip())
            return None
        if pattern is not None and not re.fullmatch(pattern, value):
            self.problem(key, f"{key!r} does not match {pattern}", value, _pattern_fix(pattern))
            return None
        return value

    def slug(self, key: str, required: bool = False) -> str | None:
        return self.str(key, required, pattern=vocab.SLUG_PATTERN, max_len=120)

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.raw(key)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(key, f"{key!r} must be true or false", value, f"write `{key}: true` or `{key}: false`")
            return default
        return value

    def number(self, key: str, lo: float, hi: float) -> float | None:
        value = self.raw(key)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (lo <= value <= hi):
            self.problem(key, f"{key!r} must be a number from {lo} to {hi}", value, "give decimal degrees (WGS84)")
            return None
        return float(value)

    def str_list(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is MISSING:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, f"{key!r} must be a list of text", value, f"write `{key}: [one, two]`")
            return []
        return [v.strip() for v in value]

    def audit(self) -> None:
        """Report every key nobody took: it is misspelt or does not belong here."""
        for key in list(self.data):
            value = self.data.pop(key)
            hint = did_you_mean(str(key), self.allowed)
            # Not fatal: the rest of the record is still checked and used, which
            # keeps one typo from cascading into "does not exist" elsewhere.
            self.problem(key, f"unknown key {key!r}", value,
                         f"{hint} allowed keys: {', '.join(self.allowed)}".strip(), fatal=False)


def _as_linedict(data: dict, line: int) -> LineDict:
    out = LineDict(data)
    out.line, out.key_lines = line, {}
    return out


def _pattern_fix(pattern: str) -> str:
    if pattern == vocab.SLUG_PATTERN:
        return "use lowercase letters, digits and single hyphens, e.g. `pe-lima-2025`"
    if pattern == vocab.COUNTRY_PATTERN:
        return "use the ISO 3166-1 alpha-2 code in capitals, e.g. PE"
    return f"make it match {pattern}"
