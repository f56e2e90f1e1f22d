"""The project's own error types: every problem names its place, value and fix.

Imported by `import tco_ops`, so it stays free of heavy imports (dataclasses
alone costs ~20 ms through inspect and re).
"""

from __future__ import annotations


class Problem:
    """One thing wrong with the inputs, located as precisely as we can."""

    __slots__ = ("file", "line", "message", "value", "fix")

    def __init__(self, file: str, line: int | None, message: str, value: object = None, fix: str = ""):
        self.file = file  # path relative to the repository (or "<table>" for output checks)
        self.line = line
        self.message = message
        self.value = value
        self.fix = fix

    def _key(self):
        return (self.file, self.line or 0, self.message, repr(self.value), self.fix)

    def __eq__(self, other):
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"Problem({self.file!r}, {self.line!r}, {self.message!r}, {self.value!r}, {self.fix!r})"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (value: {_short(self.value)})"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


def _short(value: object, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class TcoOpsError(Exception):
    """Base class for errors a user can act on."""


class BuildError(TcoOpsError):
    """The seeds do not build; holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the seeds; nothing was written."
        shown = self.problems[:self.MAX_SHOWN]  # `.problems` keeps them all; the message stays readable
        super().__init__("\n".join([head, *map(str, shown), *_rest(self.problems[self.MAX_SHOWN:])]))

    MAX_SHOWN = 50


def _rest(rest: list[Problem]) -> list[str]:
    """'... and 149,950 more', then a count per kind of problem (its message without values or numbers)."""
    if not rest:
        return []
    import re

    kinds: dict[str, int] = {}
    for p in rest:
        kind = re.sub(r"'[^']*'|\"[^\"]*\"|[0-9]+", "…", p.message)
        kinds[kind] = kinds.get(kind, 0) + 1
    top = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    lines = [f"... and {len(rest):,} more, by kind:"]
    lines += [f"  {count:>9,}  {kind[:100]}" for kind, count in top[:20]]
    if len(top) > 20:
        lines.append(f"  {sum(c for _, c in top[20:]):>9,}  of {len(top) - 20} other kinds")
    return lines


class DataNotFoundError(TcoOpsError, LookupError):
    """A table, version or file the caller asked for does not exist."""


class VerificationError(TcoOpsError):
    """Published files differ from what the seeds build, or fail their checks."""


class DataIntegrityError(VerificationError):
    """A data file that load() reads is damaged, altered, missing or unreadable, or datapackage.json
    is invalid. The message names the file and how to restore it (reinstall, rebuild, or download again)."""


class ExportError(TcoOpsError):
    """`tco-ops export` refused its destination or could not write it; nothing existing was changed."""


class UsageError(TcoOpsError, ValueError):
    """An argument of a tco_ops function has the wrong type or value; the message says what is accepted."""


class MissingDependencyError(TcoOpsError, ImportError):
    """An optional package that this call needs is not installed; the message gives the pip command."""
