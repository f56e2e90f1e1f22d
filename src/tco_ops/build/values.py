"""Checks on single values that are well-formed YAML but would publish something false or hostile.

Each returns a (message, fix) pair or None, so the readers can place the
problem at the file and line they know. Kept apart from the readers: these are
the rules, inputs.py and resolve.py only say where they apply.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

from . import limits

# -- characters --------------------------------------------------------------------------
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SUSPECT = re.compile(r"[^\x20-\x7e]")  # only these need a Unicode category look-up


def bad_char(text: str, allowed: str = "", strict: bool = True) -> tuple[int, str] | None:
    """(index, character) of the first control or format character not in `allowed`.

    Strict (every YAML value): all of Cc, Cf, Zl, Zp: NUL, ESC, BEL, NEL, U+FEFF,
    zero-width and bidi controls. Not strict (archived article text, which is a
    verbatim web page): control characters, bidi controls, U+FEFF and line/paragraph
    separators only; soft hyphens and zero-width joiners occur in real text.
    """
    for m in _SUSPECT.finditer(text):
        ch = m.group()
        if ch in allowed:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp") or ch in BIDI or ch == "\ufeff" or (strict and cat == "Cf"):
            return m.start(), ch
    return None


_CONTROL_NAMES = {0x00: "NUL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED",
                  0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE (NEL)"}


def describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {_CONTROL_NAMES.get(ord(ch)) or unicodedata.name(ch, 'CONTROL CHARACTER')}"


def char_problem(ch: str, where: str) -> tuple[str, str]:
    if ch in "\t\n":
        what = "tab" if ch == "\t" else "line break"
        return (f"a {what} {where}", "write the value on one line with plain spaces (line breaks are allowed "
                                     "only in the free-text keys summary, note, reason and rights)")
    if ch in BIDI:
        return (f"bidirectional control {describe(ch)} {where}: it makes text display other than it reads",
                "remove it; write the words in their natural order")
    return (f"invisible or control character {describe(ch)} {where}",
            "remove it (it may come from an escape such as \\0, \\x1b, \\a or \\ufeff in a double-quoted "
            "string, or from a copy-paste); write plain text")


# -- URLs --------------------------------------------------------------------------------
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_TLD = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
_URL_FIX = "write the page's address as https://host.tld/path, the way a browser shows it"


def url_problem(url: str) -> tuple[str, str] | None:
    """Accept only http(s) URLs on a registrable host name: no credentials, port, IP, localhost or quotes."""
    if len(url) > 2_000:
        return "URL is longer than 2000 characters", "cite the page's canonical address"
    if bad := re.search(r"[\s\"'<>`\\{}|^]", url):
        return f"URL contains {bad.group()!r}, which a real address never holds unescaped", _URL_FIX
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"URL does not parse: {exc}", _URL_FIX
    if parts.scheme not in ("http", "https"):
        return f"URL scheme {parts.scheme!r} is not http or https", _URL_FIX
    if "@" in parts.netloc:
        return "URL carries a user name or password (user@host)", "remove everything before the @ in the host"
    if port is not None or ":" in parts.netloc:
        return "URL names a port (host:port) or is not a host at all", "remove the :port; cite the public page"
    host = parts.netloc.rstrip(".")
    if host != host.lower():
        return "URL host name has capital letters", f"write the host in lower case: {host.lower()}"
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or not _TLD.fullmatch(labels[-1]):
        return (f"URL host {host!r} is not a registrable domain name (an IP address, localhost or a bare word)",
                "cite the page on its public domain name, e.g. https://www.example.org/news/1")
    if not parts.path.startswith("/") and (parts.path or parts.query):
        return "URL path does not start with /", _URL_FIX
    return None


# -- dates -------------------------------------------------------------------------------
EARLIEST = dt.date(1990, 1, 1)  # before any operation against a transnational gang we could cite online


def date_range_problem(start: dt.date, end: dt.date, today: dt.date | None = None) -> tuple[str, str] | None:
    """A date (or period) must lie between 1990-01-01 and today."""
    today = today or dt.date.today()
    if start < EARLIEST:
        return (f"date {start.isoformat()} is before {EARLIEST.isoformat()}, the earliest plausible date",
                "check the year for a typo")
    if end > today:
        return (f"date ends {end.isoformat()}, after today ({today.isoformat()})",
                "check the year and month for a typo; a source reports what has happened")
    return None


# -- counts ------------------------------------------------------------------------------
def count_spelling_fix(raw: object) -> str | None:
    """For a count written as text that YAML 1.1 would read as a number: how to write it."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if re.fullmatch(r"[+-]?[0-9][0-9_,.]*", text) or re.fullmatch(r"[+-]?0[xXoObB][0-9a-fA-F_]+", text) \
            or re.fullmatch(r"[+-]?[0-9]+(?::[0-5]?[0-9])+", text):
        return "write the count as plain digits (no sign, underscores, separators, leading zeros, 0x/0o or h:m)"
    return None


# -- names -------------------------------------------------------------------------------
def name_problem(text: str, what: str) -> tuple[str, str] | None:
    if len(text) > limits.MAX_NAME_CHARS:
        return (f"{what} is longer than {limits.MAX_NAME_CHARS} characters ({len(text):,})",
                "shorten it to the name as printed; put explanations in `note`")
    return None
