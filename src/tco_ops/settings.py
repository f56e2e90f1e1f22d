"""The TCO_OPS_* environment variables, each checked before use: a bad value names itself.

`TCO_OPS_TIMEOUT=inf` used to reach the socket layer and raise OverflowError;
now every variable is read through `get()`, which refuses a value outside its
allowed range with the variable, the value and the range. A new setting
gets its check in CHECKS.
"""

from __future__ import annotations

import math
import os

from .errors import TcoOpsError

MAX_TIMEOUT = 3600.0  # one hour per wait; longer is a typo (and inf overflows the socket layer)


class SettingError(TcoOpsError, ValueError):
    """A TCO_OPS_* environment variable holds a value outside its allowed range."""


def _timeout(raw: str) -> str | None:
    try:
        value = float(raw)
    except ValueError:
        return "a number of seconds"
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        return f"a number of seconds greater than 0 and at most {MAX_TIMEOUT:g}"
    return None


def _base_url(raw: str) -> str | None:
    from urllib.parse import urlsplit

    allowed = "an http:// or https:// address such as https://github.com/OWNER/tco-ops/releases/download"
    if any(ch.isspace() or ch in "\"'<>\\`" for ch in raw) or any(ord(ch) < 32 for ch in raw):
        return allowed + ", without spaces or quotes"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return allowed
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.query \
            or parts.fragment:
        return allowed + ", without user name, ?query or #fragment"
    return None


def _cache_dir(raw: str) -> str | None:
    if "\0" in raw or len(raw) > 4096 or not raw.strip():
        return "a folder path (no NUL character, at most 4096 characters)"
    return None


def _hosts(raw: str) -> str | None:
    import re
    from urllib.parse import urlsplit

    allowed = "comma-separated host names, e.g. mirror.example.org,objects.example.net"
    for item in (h.strip() for h in raw.split(",")):
        if not item:
            continue
        try:
            host = urlsplit(item if "//" in item else f"//{item}").hostname or ""
        except ValueError:
            return allowed
        if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]+", host.lower()):
            return allowed
    return None


CHECKS = {  # name → check returning the allowed range when the value is outside it
    "TCO_OPS_BASE_URL": _base_url,
    "TCO_OPS_CACHE_DIR": _cache_dir,
    "TCO_OPS_TIMEOUT": _timeout,
    "TCO_OPS_ALLOW_REDIRECT_HOSTS": _hosts,
}


def get(name: str) -> str | None:
    """The value of setting `name` (None or "" when unset), after checking it and every other TCO_OPS_*."""
    check_environment()
    return os.environ.get(name)


def check_environment(environ=None) -> None:
    """Raise SettingError for the first TCO_OPS_* setting whose value is out of its range."""
    environ = os.environ if environ is None else environ
    for name in CHECKS:
        raw = environ.get(name)
        if not raw:
            continue  # empty means unset, as before
        if (allowed := CHECKS[name](raw)) is not None:
            raise SettingError(f"{name}={raw!r} is not allowed: {name} must be {allowed}. "
                               f"Fix or unset it (`unset {name}`).")
