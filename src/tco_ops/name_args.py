"""A user's list of names (columns=, tables=) as the user may spell it.

One name may be given as a str; bytes are refused by name, because list() would turn
b"arrests" into its byte values and the error would speak of 97, 114, ...
"""

from __future__ import annotations

from .errors import UsageError


def name_list(value, arg: str, noun: str) -> list[str]:
    """`value` as a list of strings, or a UsageError naming `arg` (e.g. "columns=") and `noun`."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, bytearray)):
        raise UsageError(f"{arg} must be a {noun} (str) or a list of them, not bytes {value!r}")
    try:
        names = list(value)
    except TypeError:
        raise UsageError(f"{arg} must be a {noun} or a list of them, not {type(value).__name__} {value!r}") from None
    bad = [n for n in names if not isinstance(n, str)]
    if bad:
        raise UsageError(f"{arg} must hold {noun}s (strings); got {bad[0]!r} ({type(bad[0]).__name__})")
    return names
